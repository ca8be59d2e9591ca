import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { enqueue, type NewNotification } from '../../src/outbox/enqueue.js';
import { message } from '../../src/message/model.js';

let db: TestDatabase;
let partnershipId: string;
let personId: string;
const now = new Date('2026-11-23T09:30:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  const p = await db.prisma.partnership.create({ data: { name: 'Enqueue P', planYear: '2026-27' } });
  partnershipId = p.id;
  personId = (await db.prisma.person.create({ data: { partnershipId, name: 'Ann', email: 'ann@example.com' } })).id;
});
afterAll(async () => db?.drop());

const item = (key: string): NewNotification => ({
  partnershipId, kind: 'nudges', dedupeKey: key,
  recipient: { kind: 'person', personId }, message: message(`hello ${key}`), about: { actionRefs: ['TRS-07'] },
});

describe('enqueue', () => {
  it('creates one row per dedupe key, however often it is called', async () => {
    const a = await enqueue(db.prisma, [item('k1'), item('k2'), item('k1')], now);
    expect(a).toEqual({ created: 2, duplicates: 1, keys: expect.arrayContaining(['k1', 'k2']) });
    const b = await enqueue(db.prisma, [item('k1'), item('k2'), item('k3')], now);
    expect(b).toEqual({ created: 1, duplicates: 2, keys: ['k3'] });
    const rows = await db.prisma.notification.findMany({ where: { partnershipId }, orderBy: { dedupeKey: 'asc' } });
    expect(rows.map((r) => r.dedupeKey)).toEqual(['k1', 'k2', 'k3']);
    expect(rows[0]!.state).toBe('pending');
    expect((rows[0]!.payload as any).about.actionRefs).toEqual(['TRS-07']);
  });

  it('concurrent enqueues of the same key leave exactly one row', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => enqueue(db.prisma, [item('race')], now)));
    expect(results.reduce((s, r) => s + r.created, 0)).toBe(1);
    expect(await db.prisma.notification.count({ where: { dedupeKey: 'race' } })).toBe(1);
  });

  it('works inside a transaction', async () => {
    await db.prisma.$transaction(async (tx) => { await enqueue(tx, [item('tx1')], now); });
    expect(await db.prisma.notification.count({ where: { dedupeKey: 'tx1' } })).toBe(1);
  });
});
