// Remembers recently seen keys (a click's action_ts, a submission's view id + hash) for a few
// minutes, so a retried delivery from Slack is not processed twice.
export interface Dedupe {
  /** True the first time a key is seen within the window; false for a repeat. */
  first(key: string): boolean;
}

export function createDedupe(clock: () => number = Date.now, windowMs = 5 * 60_000, maxKeys = 10_000): Dedupe {
  const seen = new Map<string, number>();
  return {
    first(key) {
      const now = clock();
      for (const [k, at] of seen) {
        if (now - at <= windowMs && seen.size <= maxKeys) break;
        seen.delete(k);
      }
      if (seen.has(key)) return false;
      seen.set(key, now);
      return true;
    },
  };
}
