// A settable clock for the outbox and scheduler tests: no wall-clock timing anywhere.
export interface FakeClock {
  now(): Date;
  set(d: Date | number | string): void;
  advance(ms: number): void;
  /** A dispatcher `sleep` that moves this clock forward instead of waiting. */
  sleep(ms: number): Promise<void>;
}

export function createFakeClock(start: Date | string): FakeClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set(d) {
      t = new Date(d).getTime();
    },
    advance(ms) {
      t += ms;
    },
    async sleep(ms) {
      // Parallel sleepers started at the same instant wake at their own times (max keeps it monotonic).
      const target = t + ms;
      await Promise.resolve();
      t = Math.max(t, target);
    },
  };
}
