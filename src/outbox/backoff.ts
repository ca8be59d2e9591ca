// Retry timing for transient failures: exponential backoff with jitter.

export interface BackoffSettings {
  /** Delay after the first failure (default 30 s). */
  baseMs: number;
  /** Longest delay (default 1 h). */
  capMs: number;
  /** 0..1 random source (injectable for tests). */
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 30_000, capMs: 3_600_000, random: Math.random };

/** Delay before the next try after `attempts` failed tries (1-based): base·2^(n-1), ±20 % jitter, capped. */
export function backoffDelay(attempts: number, s: BackoffSettings = DEFAULT_BACKOFF): number {
  const exp = s.baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30));
  const jitter = 0.8 + 0.4 * s.random();
  return Math.round(Math.min(s.capMs, exp * jitter));
}
