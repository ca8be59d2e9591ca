// A closed-loop load driver: `clients` concurrent clients, each sending its share of `total`
// requests one after another; returns every round-trip time in ms.
export async function drive(clients: number, total: number, one: (i: number) => Promise<number>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        times.push(await one(i));
      }
    }),
  );
  return times;
}

/** Waits until check() is true (polling), at most ceilingMs; returns whether it became true. */
export async function until(check: () => boolean, ceilingMs = 30_000, everyMs = 5): Promise<boolean> {
  const end = Date.now() + ceilingMs;
  while (!check()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return true;
}
