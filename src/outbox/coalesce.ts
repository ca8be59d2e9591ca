// Group commit for the dispatcher's per-row writes (sendingAt before a send, "sent" after it).
// A fan-out has a hundred lanes each writing one row at about the same moment: one statement
// per row queues them behind each other on the database (PGlite has a single session; a
// PostgreSQL pool has a few connections), and the sends wait behind the queue. Here the rows
// asked for in the same turn of the event loop, or while the previous write was in flight, go
// in one statement: the next write starts as soon as the last one is done, never on a timer.
// Each caller's promise settles when its own row is written: a batch that fails is written
// again one row at a time, so one row's failure is that row's alone.

/** Most rows in one statement. */
const MAX_BATCH = 500;

export function coalesce<T>(write: (items: T[]) => Promise<void>): (item: T) => Promise<void> {
  let queue: { item: T; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let scheduled = false;
  let busy = false;

  const schedule = () => {
    if (scheduled || busy || queue.length === 0) return;
    scheduled = true;
    setImmediate(() => void flush());
  };

  async function flush(): Promise<void> {
    scheduled = false;
    busy = true;
    const batch = queue.slice(0, MAX_BATCH);
    queue = queue.slice(batch.length);
    try {
      await write(batch.map((b) => b.item));
      for (const b of batch) b.resolve();
    } catch (e) {
      if (batch.length === 1) batch[0]!.reject(e);
      else await Promise.all(batch.map((b) => write([b.item]).then(b.resolve, b.reject)));
    } finally {
      busy = false;
      schedule();
    }
  }

  return (item) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
}
