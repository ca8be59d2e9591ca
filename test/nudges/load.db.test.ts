import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { loadNudgeState, sweepNudges } from '../../src/nudges/index.js';
import { dbDateOf } from '../../src/calendar/working-days.js';
import { addAction, countSql, seedPartnership, type Seeded } from './seed.js';
import { at } from './fixture.js';

let db: TestDatabase;
let th: Seeded;
let hg: Seeded;
const recent = new Date('2026-11-20T10:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  th = await seedPartnership(db, 'Tower Hamlets');
  hg = await seedPartnership(db, 'Haringey');
  await addAction(db, th, { ref: 'TRS-07', due: '2026-12-07', lastUpdateAt: recent });
  await addAction(db, th, { ref: 'TRS-02', due: '2026-11-20', lastUpdateAt: new Date('2026-10-26T12:00:00Z') });
  await addAction(db, th, { ref: 'TRS-03', status: 'complete', due: '2026-12-07', lastUpdateAt: recent });
  await addAction(db, th, { ref: 'TRS-04', due: '2026-12-07', lastUpdateAt: recent, snoozedUntil: new Date('2026-11-30T00:00:00Z') });
  await addAction(db, th, { ref: 'BSC-01', lead: th.agencies.mps, due: '2026-11-09', lastUpdateAt: recent });
  await addAction(db, hg, { ref: 'HAR-01', due: '2026-12-07', lastUpdateAt: recent });
  await db.prisma.contract.create({
    data: { partnershipId: th.partnershipId, ref: 'C-01', service: 'Adult treatment', expiryDate: dbDateOf('2027-08-23'), commissionerAgencyId: th.agencies.council, subgroupId: th.subgroupId },
  });
  await db.prisma.contract.create({
    data: { partnershipId: th.partnershipId, ref: 'C-OLD', service: 'Expired service', expiryDate: dbDateOf('2026-01-31') },
  });
});
afterAll(async () => db?.drop());

describe('loadNudgeState', () => {
  it('loads open actions, contracts, people, chairs and admins per partnership', async () => {
    const state = await loadNudgeState(db, { now: at('2026-11-23') });
    expect(state.partnerships.map((p) => p.name)).toEqual(['Haringey', 'Tower Hamlets']);
    const ps = state.partnerships[1]!;
    expect(ps.actions.map((a) => a.ref).sort()).toEqual(['BSC-01', 'TRS-02', 'TRS-04', 'TRS-07']);
    expect(ps.actions.find((a) => a.ref === 'TRS-07')!.dueDate).toBe('2026-12-07');
    expect(ps.contracts.map((c) => c.ref)).toEqual(['C-01']);
    expect(ps.agencies[th.agencies.lbth]!.personIds.sort()).toEqual([th.people.alex, th.people.sam].sort());
    expect(ps.subgroups[th.subgroupId]!.chairIds).toEqual([th.people.megan]);
    expect(ps.adminIds).toEqual([th.people.adele]);
    expect(ps.commissionerIds).toEqual([th.people.adele]);
    expect(ps.settings.sendTime).toBe('09:30');
  });

  it('loads only the partnerships asked for', async () => {
    const state = await loadNudgeState(db, { now: at('2026-11-23'), partnershipIds: [hg.partnershipId] });
    expect(state.partnerships.map((p) => p.name)).toEqual(['Haringey']);
    expect(state.partnerships[0]!.actions.map((a) => a.ref)).toEqual(['HAR-01']);
    expect(Object.keys(state.partnerships[0]!.people).sort()).toEqual(Object.values(hg.people).sort());
  });

  it('uses a fixed number of SQL statements', async () => {
    const { statements } = await countSql(db, () => loadNudgeState(db, { now: at('2026-11-23') }));
    if (statements !== null) expect(statements).toBeLessThanOrEqual(10); // 8 + the ladder (ladder-load.ts) + the owned metrics (load-metrics.ts)
  });
});

describe('sweepNudges', () => {
  it('gives each person of each partnership one batched message, never across partnerships', async () => {
    const batches = await sweepNudges(db, { now: at('2026-11-23') });
    const view = batches.map((b) => `${b.personName}@${b.partnershipId === th.partnershipId ? 'TH' : 'HG'}: ${b.actionRefs.join(',')}${b.contractRefs.length ? ` | ${b.contractRefs.join(',')}` : ''}`);
    expect(view.sort()).toEqual([
      'Adele Vance@TH:  | C-01',
      'Alex Wilber@HG: HAR-01',
      'Alex Wilber@TH: TRS-02,TRS-07',
      'Megan Bowen@TH: BSC-01',
      'Sam Patel@HG: HAR-01',
      'Sam Patel@TH: TRS-02,TRS-07',
    ]);
    expect(new Set(batches.map((b) => b.dedupeKey)).size).toBe(batches.length);
  });

  it('follows the partnership settings stored as JSON', async () => {
    await db.prisma.partnership.update({ where: { id: hg.partnershipId }, data: { settings: { sendTime: '11:00' } } });
    const early = await sweepNudges(db, { now: at('2026-11-23', '10:00') });
    expect(early.every((b) => b.partnershipId === th.partnershipId)).toBe(true);
    const later = await sweepNudges(db, { now: at('2026-11-23', '11:00'), partnershipIds: [hg.partnershipId] });
    expect(later.map((b) => b.notBefore.toISOString())).toEqual(['2026-11-23T11:00:00.000Z', '2026-11-23T11:00:00.000Z']);
  });

  it('runs reminders and contracts separately when asked', async () => {
    const contracts = await sweepNudges(db, { now: at('2026-11-23'), jobs: ['contracts'], partnershipIds: [th.partnershipId] });
    expect(contracts.map((b) => b.personName)).toEqual(['Adele Vance']);
    const reminders = await sweepNudges(db, { now: at('2026-11-23'), jobs: ['reminders'], partnershipIds: [th.partnershipId] });
    expect(reminders.some((b) => b.contractRefs.length)).toBe(false);
  });
});
