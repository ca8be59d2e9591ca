import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { buildDigestMessage, loadDigestSnapshot } from '../../src/digest/index.js';
import { dbDateOf } from '../../src/calendar/working-days.js';
import type { Block } from '../../src/message/model.js';
import { addAction, seedPartnership, type Seeded } from '../nudges/seed.js';
import { at } from '../nudges/fixture.js';

let db: TestDatabase;
let s: Seeded;
const NOW = at('2026-11-23', '09:00');
const texts = (blocks: Block[]) => blocks.map((b) => ('text' in b ? b.text : b.type === 'item' ? `${b.ref} ${b.title}` : '')).join('\n');
/** The lines of every item for `ref` (one per list it is in). */
const lines = (blocks: Block[], ref: string) => blocks.flatMap((b) => (b.type === 'item' && b.ref === ref ? [b.lines ?? []] : []));

beforeAll(async () => {
  db = await createTestDatabase();
  s = await seedPartnership(db, 'Tower Hamlets');
  const p = db.prisma;
  const done = await addAction(db, s, { ref: 'TRS-01', status: 'complete', lastUpdateAt: new Date('2026-11-18T10:00:00Z') });
  const risky = await addAction(db, s, { ref: 'TRS-02', status: 'at_risk', due: '2026-11-10', lastUpdateAt: new Date('2026-11-19T10:00:00Z') });
  const old = await addAction(db, s, { ref: 'TRS-03', status: 'on_track', due: '2026-12-01', lastUpdateAt: new Date('2026-11-10T10:00:00Z') });
  await addAction(db, s, { ref: 'BSC-01', status: 'off_track', due: '2026-11-01', subgroupId: s.otherSubgroupId, lead: s.agencies.mps });
  const hist = (actionId: string, oldStatus: 'on_track' | 'not_started' | null, newStatus: 'complete' | 'at_risk' | 'on_track' | null, createdAt: string, note?: string) =>
    p.statusUpdate.create({ data: { partnershipId: s.partnershipId, actionId, via: 'slack', oldStatus, newStatus, createdAt: new Date(createdAt), personId: s.people.alex, note: note ?? null } });
  await hist(done.id, 'on_track', 'complete', '2026-11-18T10:00:00Z');
  await hist(risky.id, 'on_track', 'at_risk', '2026-11-19T10:00:00Z', 'Waiting on the ICB to confirm funding');
  await p.agency.update({ where: { id: s.agencies.mps }, data: { shortName: 'Met Police' } });
  await hist(old.id, 'not_started', 'on_track', '2026-11-10T10:00:00Z'); // before the previous digest: not counted
  await p.contract.create({ data: { partnershipId: s.partnershipId, ref: 'C-01', service: 'Adult treatment', expiryDate: dbDateOf('2027-06-30'), subgroupId: s.subgroupId, stage: 'options_appraisal' } });
  await p.contract.create({ data: { partnershipId: s.partnershipId, ref: 'C-02', service: 'Recovery housing', expiryDate: dbDateOf('2027-03-31'), actionId: old.id } });
  await p.contract.create({ data: { partnershipId: s.partnershipId, ref: 'C-03', service: 'Supply work', expiryDate: dbDateOf('2027-03-31'), subgroupId: s.otherSubgroupId } });
  await p.contract.create({ data: { partnershipId: s.partnershipId, ref: 'C-04', service: 'Far future', expiryDate: dbDateOf('2028-06-30'), subgroupId: s.subgroupId } });
  await p.notification.create({ data: { partnershipId: s.partnershipId, kind: 'nudge', recipientKind: 'person', personId: s.people.sam, dedupeKey: 'batch:x:2026-11-20', payload: {}, state: 'failed', attempts: 8, lastError: 'not_in_channel' } });
  await p.conversation.create({ data: { partnershipId: s.partnershipId, platform: 'slack', kind: 'person', personId: s.people.alex, externalId: 'D123', unreachableSince: new Date('2026-11-02T10:00:00Z'), unreachableReason: 'account_inactive' } });
});
afterAll(async () => db?.drop());

describe('subgroup digest from the register', () => {
  it('reads the subgroup, its history since the previous slot and contracts in its remit', async () => {
    const snap = await loadDigestSnapshot(db, { partnershipId: s.partnershipId, subgroupId: s.subgroupId, now: NOW });
    expect(snap.since.toISOString()).toBe('2026-11-16T09:00:00.000Z');
    expect(snap.actions.map((a) => a.ref)).toEqual(['TRS-01', 'TRS-02', 'TRS-03']);
    expect(snap.updates.map((u) => u.ref)).toEqual(['TRS-01', 'TRS-02']);
    expect(snap.updates[1]).toMatchObject({ note: 'Waiting on the ICB to confirm funding', personName: 'Alex Wilber' });
    expect(snap.actions.find((a) => a.ref === 'TRS-02')!.latestNote).toEqual({ text: 'Waiting on the ICB to confirm funding', at: new Date('2026-11-19T10:00:00Z') });
    expect(snap.actions.find((a) => a.ref === 'TRS-01')!.latestNote).toBeNull();
    expect(snap.contracts.map((c) => c.ref)).toEqual(['C-02', 'C-01']);
    expect(snap.failedNotifications).toBeUndefined();
  });

  it('builds the message the `digest` command shows', async () => {
    const msg = await buildDigestMessage(db, { partnershipId: s.partnershipId, subgroupId: s.subgroupId, now: NOW });
    expect(msg.blocks[0]).toEqual({ type: 'heading', text: 'Treatment & Recovery — digest as of Monday 23 November 2026' });
    expect(msg.blocks).toContainEqual({ type: 'context', text: '2 updates on 2 actions · 1 completed · 1 newly at risk, off track or blocked' });
    expect(lines(msg.blocks, 'TRS-02')).toContainEqual(['Lead: LBTH Substance Misuse', 'On track → At risk by Alex Wilber: “Waiting on the ICB to confirm funding”']);
    expect(lines(msg.blocks, 'TRS-02')).toContainEqual(['Lead: LBTH Substance Misuse · 13 days overdue (due 10 Nov 2026)', 'Latest: Waiting on the ICB to confirm funding']);
    expect(lines(msg.blocks, 'TRS-03')).toContainEqual(['Lead: LBTH Substance Misuse · due 1 Dec 2026 (in 8 days)']);
    expect(lines(msg.blocks, 'BSC-01')).toEqual([]);
    expect(texts(msg.blocks)).not.toContain('C-03');
  });

  it('gives the admins the partnership-wide digest with delivery problems', async () => {
    const msg = await buildDigestMessage(db, { partnershipId: s.partnershipId, subgroupId: null, now: NOW });
    const t = texts(msg.blocks);
    expect(lines(msg.blocks, 'BSC-01')).toContainEqual([expect.stringMatching(/^Lead: Met Police · off track for \d+ days · 22 days overdue \(due 1 Nov 2026\)$/), 'No mitigation recorded']);
    expect(t).toContain('nudge to Sam Patel — 8 attempts — not_in_channel');
    expect(t).toContain('Alex Wilber (slack) since 2 Nov 2026 — account_inactive');
    expect(t).toContain('C-03 Supply work');
    expect(t).not.toContain('C-04');
  });

  it('refuses a subgroup of another partnership, and an unknown partnership, saying which', async () => {
    const other = await seedPartnership(db, 'Haringey');
    await expect(loadDigestSnapshot(db, { partnershipId: s.partnershipId, subgroupId: other.subgroupId, now: NOW })).rejects.toThrow(/No subgroup .* in partnership Tower Hamlets/);
    await expect(loadDigestSnapshot(db, { partnershipId: 'nope', subgroupId: null, now: NOW })).rejects.toThrow(/No partnership nope/);
  });

  it('counts "since last digest" from this Monday when asked later in the week', async () => {
    const snap = await loadDigestSnapshot(db, { partnershipId: s.partnershipId, subgroupId: s.subgroupId, now: at('2026-11-25', '12:00') });
    expect(snap.since.toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(snap.updates).toEqual([]);
  });
});
