// Work done after Slack's ack (the answer to a slash command) waits its turn: at most
// AFTER_ACK_CONCURRENCY answers are worked on at once, the rest queue in arrival order. Slack
// needs the ack within 3 s and the answer within 30 min; with every command's work on the event
// loop at once, a busy minute delayed new acks behind other people's answers (issue 18: acks
// within 1.5x a bare Bolt app's at 20 concurrent users). Queued work is never dropped.
export const AFTER_ACK_CONCURRENCY = 4;

export function createAfterAckQueue(concurrency = AFTER_ACK_CONCURRENCY) {
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finished answer hands its place straight to the next one waiting (running stays the same).
  const next = () => {
    const wake = waiting.shift();
    if (wake) wake();
    else running--;
  };
  return async function afterAck<T>(work: () => Promise<T>): Promise<T> {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else {
      running++;
      await new Promise<void>((resolve) => setImmediate(resolve)); // let pending acks go first
    }
    try {
      return await work();
    } finally {
      next();
    }
  };
}
