// start(): pending rows from before a restart go out; kick(); stop() (SIGTERM): no new work,
// the send in flight finishes and is recorded. Ordered by events, not by timing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createFlakyPort } from '../support/flaky-port.js';
import { createOutboxFixture, type OutboxFixture } from '../support/outbox-fixture.js';
import { enqueue } from '../../src/outbox/enqueue.js';
import { startBackground } from '../../src/schedule/background.js';
import { message } from '../../src/message/model.js';
import { silentLogger } from '../../src/log/logger.js';

let db: TestDatabase;
let fx: OutboxFixture;
beforeAll(async () => {
  db = await createTestDatabase();
  fx = await createOutboxFixture(db, 'Lifecycle P', 2);
});
afterAll(async () => db?.drop());

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('dispatcher lifecycle', () => {
  it('sends rows left from before the restart, then on SIGTERM finishes the send in flight and takes no new work', async () => {
    const clock = () => new Date();
    const person = (i: number, key: string) => ({ partnershipId: fx.partnershipId, kind: 'nudges', dedupeKey: key, recipient: { kind: 'person' as const, personId: fx.people[i]!.id }, message: message(key) });
    await enqueue(db.prisma, [person(0, 'before-restart')], clock());

    const port = createFlakyPort({ now: clock });
    const firstSent = deferred();
    const secondCalled = deferred();
    const releaseSecond = deferred();
    const inner = port.sendDirect;
    port.sendDirect = async (p, m) => {
      if (m.summary === 'in-flight') {
        secondCalled.resolve();
        await releaseSecond.promise;
      }
      const r = await inner(p, m);
      if (m.summary === 'before-restart') firstSent.resolve();
      return r;
    };
    const bg = startBackground({ db, ports: [port], logger: silentLogger(), clock, instanceId: 'T', schedule: false, dispatcher: { pacing: { perChannel: {}, perWorkspace: {} } } });
    await firstSent.promise; // picked up on start, no kick needed

    await enqueue(db.prisma, [person(1, 'in-flight')], clock());
    bg.kick();
    await secondCalled.promise;
    let stopped = false;
    const stopping = bg.stop().then(() => (stopped = true));
    await enqueue(db.prisma, [person(0, 'after-sigterm')], clock());
    bg.kick();
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false); // waits for the send in flight
    releaseSecond.resolve();
    await stopping;

    expect(port.deliveries.map((d) => d.summary)).toEqual(['before-restart', 'in-flight']);
    const rows = await db.prisma.notification.findMany({ orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => [r.dedupeKey, r.state])).toEqual([['before-restart', 'sent'], ['in-flight', 'sent'], ['after-sigterm', 'pending']]);
  });
});
