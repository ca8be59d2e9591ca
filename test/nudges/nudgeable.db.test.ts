// A sweep reads only the actions that can be nudged today (loadNudgeState's nudgeableOnly):
// it must plan exactly what reading every open action plans, day after day, with catch-up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { batchNudges, loadNudgeState, planNudges, sweepNudges } from '../../src/nudges/index.js';
import { addDays, dbDateOf } from '../../src/calendar/working-days.js';
import { seedPartnership, type Seeded } from './seed.js';
import { at } from './fixture.js';

let db: TestDatabase;
let th: Seeded;
const START = '2026-11-16';

beforeAll(async () => {
  db = await createTestDatabase();
  th = await seedPartnership(db, 'Tower Hamlets');
  // A grid around every threshold (due soon 14/3, overdue weekly, escalation 14, quiet 28,
  // stuck 14), for the days the test sweeps: due dates, last updates at 23:30 UTC (the day
  // boundary), statuses, snoozes past and future, no lead agency.
  const rows = [];
  let i = 0;
  for (const due of [-45, -21, -15, -14, -8, -7, -1, 0, 1, 3, 13, 14, 15, 21, 30, 45, null]) {
    for (const upd of [null, 0, 13, 14, 27, 28, 29, 40, 56]) {
      for (const status of ['on_track', 'blocked', 'ongoing', 'complete'] as const) {
        i++;
        const stamp = (days: number) => new Date(`${addDays(START, -days)}T23:30:00Z`);
        rows.push({
          partnershipId: th.partnershipId, objectiveId: th.objectiveId, ref: `G-${String(i).padStart(3, '0')}`, title: `Grid ${i}`,
          status, dueDate: due === null ? null : dbDateOf(addDays(START, due + 10)), originalDueDate: null,
          leadAgencyId: i % 7 === 0 ? null : th.agencies.lbth, subgroupId: th.subgroupId,
          lastUpdateAt: upd === null ? null : stamp(upd), statusSince: stamp(upd ?? 20), createdAt: stamp(60 + (i % 5)),
          snoozedUntil: i % 11 === 0 ? stamp(-(i % 3) * 4) : null,
        });
      }
    }
  }
  await db.prisma.action.createMany({ data: rows });
});
afterAll(async () => db?.drop());

describe('loadNudgeState with nudgeableOnly', () => {
  it('plans the same nudges as loading every open action, every day for four weeks', async () => {
    let loadedFewer = false;
    let nudges = 0;
    for (let d = 0; d < 28; d++) {
      const day = addDays(START, d);
      const now = at(day, '09:45');
      const full = await loadNudgeState(db, { now });
      const some = await loadNudgeState(db, { now, nudgeableOnly: true });
      const catchUpFrom = { [th.partnershipId]: addDays(day, -9) };
      for (const opts of [{}, { catchUpFrom }]) {
        const expected = batchNudges(planNudges(full, now, opts), full, now);
        nudges += expected.reduce((n, b) => n + b.nudgeKeys.length, 0);
        expect(batchNudges(planNudges(some, now, opts), some, now), `${day} ${JSON.stringify(opts)}`).toEqual(expected);
      }
      const count = (s: typeof full) => s.partnerships[0]!.actions.length;
      if (count(some) < count(full)) loadedFewer = true;
      expect(Object.keys(some.partnerships[0]!.people).sort()).toEqual(Object.keys(full.partnerships[0]!.people).sort());
    }
    expect(loadedFewer).toBe(true);
    expect(nudges).toBeGreaterThan(500);
  });

  it('loads no actions before the send time or on a weekend, and the sweep sends nothing then', async () => {
    for (const now of [at('2026-11-23', '09:00'), at('2026-11-22', '10:00')]) {
      const some = await loadNudgeState(db, { now, nudgeableOnly: true });
      expect(some.partnerships[0]!.actions).toEqual([]);
      expect(await sweepNudges(db, { now })).toEqual([]);
    }
  });

  it('leaves out complete and cancelled actions (keeps snoozed ones: escalations are never snoozed) and keeps the columns the policies use', async () => {
    const now = at('2026-11-23', '09:45');
    const full = await loadNudgeState(db, { now });
    const some = await loadNudgeState(db, { now, nudgeableOnly: true });
    const byRef = new Map(full.partnerships[0]!.actions.map((a) => [a.ref, a]));
    for (const a of some.partnerships[0]!.actions) {
      const { ladder, chairActedAt, ...columns } = a;
      expect(columns).toEqual(byRef.get(a.ref));
      expect(ladder).toEqual([]);
      expect(chairActedAt).toBeNull();
      expect(['complete', 'cancelled']).not.toContain(a.status);
    }
  });
});
