// The dispatcher's start() loop. Each claimed row runs in a lane of its own (a recipient's rows
// one after another, mostly waiting on pacing), so a claim never waits for slow lanes: the loop
// claims again at once while claims come back full and there is room, then sleeps until the
// next poll, a kick(), or the earliest time a row this dispatcher handed back is due again
// (Retry-After, pacing, backoff), whichever comes first.
import type { Logger } from '../log/logger.js';

export interface PollLoopOptions {
  pollMs: number;
  clock: () => Date;
  logger: Logger;
  /** Most lanes at once. */
  maxLanes: number;
  /** Claims up to `room` rows and starts their lanes; `full` when more may be due now. */
  claim(room: number): Promise<{ lanes: Promise<void>[]; full: boolean }>;
}

export interface PollLoop {
  start(): void;
  kick(): void;
  /** Claim again no later than `at` (ms since epoch). */
  wakeAt(at: number): void;
  /** No more claims; resolves when every lane has finished. */
  stop(): Promise<void>;
}

export function createPollLoop(o: PollLoopOptions): PollLoop {
  const lanes = new Set<Promise<void>>();
  let started = false;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;
  let pumping: Promise<void> | undefined;
  let again = false;

  const schedule = (at: number) => {
    if (!started || stopping) return;
    if (timer && timerAt <= at) return;
    if (timer) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(tick, Math.max(0, at - o.clock().getTime()));
    timer.unref?.();
  };

  async function pump(): Promise<void> {
    for (;;) {
      if (stopping) return;
      const room = o.maxLanes - lanes.size;
      if (room <= 0) {
        await Promise.race(lanes);
        continue;
      }
      const { lanes: started, full } = await o.claim(room);
      for (const lane of started) {
        const tracked: Promise<void> = lane.finally(() => lanes.delete(tracked));
        lanes.add(tracked);
      }
      if (!full) return;
    }
  }

  function tick() {
    timer = undefined;
    timerAt = Infinity;
    if (pumping) {
      again = true;
      return;
    }
    pumping = (async () => {
      try {
        do {
          again = false;
          await pump();
        } while (again && !stopping);
      } catch (e) {
        o.logger.error({ err: e }, 'outbox round failed; will try again');
      } finally {
        pumping = undefined;
        schedule(o.clock().getTime() + o.pollMs);
      }
    })();
  }

  return {
    start() {
      if (started) return;
      started = true;
      stopping = false;
      schedule(0); // pending rows from before a restart go out at once
    },
    kick() {
      if (!started || stopping) return;
      if (pumping) again = true;
      else schedule(0);
    },
    wakeAt(at) {
      schedule(at);
    },
    async stop() {
      stopping = true;
      started = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      timerAt = Infinity;
      await pumping;
      await Promise.all([...lanes]);
    },
  };
}
