// Two dispatchers on one database (two connections to one PostgreSQL; on PGlite, two in one
// process) never send one row twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createFakeClock } from '../support/fake-clock.js';
import { createFlakyPort } from '../support/flaky-port.js';
import { createOutboxFixture, type OutboxFixture } from '../support/outbox-fixture.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { enqueue, type NewNotification } from '../../src/outbox/enqueue.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import { message } from '../../src/message/model.js';
import { silentLogger } from '../../src/log/logger.js';

let db: TestDatabase;
let other: Database;
let fx: OutboxFixture;

beforeAll(async () => {
  db = await createTestDatabase();
  other = db.url ? await openDatabase({ databaseUrl: db.url, poolMax: 5 }) : db;
  fx = await createOutboxFixture(db, 'Concurrent P', 40);
});
afterAll(async () => {
  if (other !== db) await other.close();
  await db?.drop();
});

describe('two dispatchers on one database', () => {
  it(`send every row exactly once (${process.env.CDP_TEST_DB === 'postgres' ? 'two PostgreSQL connections' : 'PGlite, one process'})`, async () => {
    const clock = createFakeClock('2026-11-23T09:30:00Z');
    const items: NewNotification[] = [];
    for (const p of fx.people) for (let k = 0; k < 3; k++) {
      items.push({ partnershipId: fx.partnershipId, kind: 'nudges', dedupeKey: `cc-${p.id}-${k}`, recipient: { kind: 'person', personId: p.id }, message: message(`${p.id} #${k}`) });
    }
    await enqueue(db.prisma, items, clock.now());
    const log: { to: string; summary: string }[] = [];
    const beforeSend = (to: string, m: { summary: string }) => void log.push({ to, summary: m.summary });
    const portA = createFlakyPort({ now: clock.now, seed: 1, beforeSend });
    const portB = createFlakyPort({ now: clock.now, seed: 2, beforeSend });
    const settings = { sleep: clock.sleep, batchSize: 7, pacing: { perChannel: {}, perWorkspace: {} } };
    const a = createDispatcher({ db, ports: [portA], logger: silentLogger(), clock: clock.now, settings });
    const b = createDispatcher({ db: other, ports: [portB], logger: silentLogger(), clock: clock.now, settings });
    for (let round = 0; round < 100; round++) {
      const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);
      if (ra.claimed + rb.claimed === 0) break;
    }
    const all = [...portA.deliveries, ...portB.deliveries].map((d) => d.summary);
    expect(all).toHaveLength(items.length);
    expect(new Set(all).size).toBe(items.length);
    if (db.kind === 'postgres') expect(portA.deliveries.length * portB.deliveries.length).toBeGreaterThan(0);
    // Per recipient, in order, whichever dispatcher sent it.
    for (const p of fx.people) {
      expect(log.filter((l) => l.to === `person:${p.id}`).map((l) => l.summary)).toEqual([0, 1, 2].map((k) => `${p.id} #${k}`));
    }
    expect(await db.prisma.notification.count({ where: { state: 'sent' } })).toBe(items.length);
    expect(await db.prisma.sentMessage.count()).toBe(items.length);
  });
});
