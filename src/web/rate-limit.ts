// Per-key request limiting for the link pages: a token bucket per link (at most `burst` requests
// at once, refilled at `perMinute`), in a bounded map so a flood of made-up links cannot grow it.
export interface RateLimiter {
  /** 0 when the request may go ahead; otherwise the milliseconds to wait. */
  take(key: string, nowMs: number): number;
}

export function createRateLimiter(opts: { perMinute: number; burst: number; maxKeys?: number }): RateLimiter {
  const interval = 60_000 / opts.perMinute;
  const tolerance = (opts.burst - 1) * interval;
  const maxKeys = opts.maxKeys ?? 10_000;
  /** key → theoretical arrival time of the next request (GCRA). */
  const tat = new Map<string, number>();
  return {
    take(key, nowMs) {
      const t = Math.max(tat.get(key) ?? nowMs, nowMs);
      if (t - tolerance > nowMs) return Math.ceil(t - tolerance - nowMs);
      tat.delete(key); // re-insert: the map's order is least recently used first
      tat.set(key, t + interval);
      if (tat.size > maxKeys) tat.delete(tat.keys().next().value!);
      return 0;
    },
  };
}
