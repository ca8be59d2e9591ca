// Group commit for the dispatcher's per-row statements (sendingAt before a send, "sent" after
// it, the claim of a recipient's next row). A fan-out has a hundred lanes each writing one row at
// about the same moment: one statement per row queues them behind each other on the database
// (PGlite has a single session; a PostgreSQL pool has a few connections), and the sends wait
// behind the queue. Here the rows asked for in the same turn of the event loop, or while the
// previous statement was in flight, go in one statement: the next one starts as soon as the
// last one is done, never on a timer. Each caller's promise settles with its own row's result
// (`run` returns them in the order of the items, or nothing): a batch that fails is run again
// one row at a time, so one row's failure is that row's alone.

/** Most rows in one statement. */
const MAX_BATCH = 500;

export function coalesce<T, R = void>(run: (items: T[]) => Promise<R[] | void>): (item: T) => Promise<R> {
  let queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
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
      const results = await run(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(results?.[i] as R));
    } catch (e) {
      if (batch.length === 1) batch[0]!.reject(e);
      else await Promise.all(batch.map((b) => run([b.item]).then((r) => b.resolve(r?.[0] as R), b.reject)));
    } finally {
      busy = false;
      schedule();
    }
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
}
