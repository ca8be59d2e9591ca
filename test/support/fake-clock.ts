// A settable clock for the outbox and scheduler tests: no wall-clock timing anywhere.
export interface FakeClock {
  now(): Date;
  set(d: Date | number | string): void;
  advance(ms: number): void;
  /**
   * A dispatcher `sleep` that moves this clock forward instead of waiting. Sleepers wake one at
   * a time, earliest first, each with the clock at its own wake time (as timers would): lanes
   * that start waiting together for different slots send at their own times, not all at the
   * latest one.
   */
  sleep(ms: number): Promise<void>;
}

export function createFakeClock(start: Date | string): FakeClock {
  let t = new Date(start).getTime();
  const sleepers: { at: number; seq: number; wake: () => void }[] = [];
  let seq = 0;
  let waking = false;
  const wakeNext = () => {
    sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = sleepers.shift();
    if (!next) {
      waking = false;
      return;
    }
    t = Math.max(t, next.at); // monotonic
    next.wake();
    // The next sleeper wakes once this one has run on to its next wait (its microtasks first).
    setImmediate(wakeNext);
  };
  return {
    now: () => new Date(t),
    set(d) {
      t = new Date(d).getTime();
    },
    advance(ms) {
      t += ms;
    },
    sleep(ms) {
      return new Promise<void>((wake) => {
        sleepers.push({ at: t + Math.max(0, ms), seq: seq++, wake });
        if (!waking) {
          waking = true;
          setImmediate(wakeNext);
        }
      });
    },
  };
}
