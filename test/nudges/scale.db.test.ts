// A sweep over a generated 20,000-action register: a fixed number of SQL statements, one
// message per person, and the time it takes (printed, not asserted: no timed assertions).
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { batchNudges, loadNudgeState, planNudges } from '../../src/nudges/index.js';
import { countSql, seedPartnership, type Seeded } from './seed.js';
import { at } from './fixture.js';

const ACTIONS = 20_000;
const AGENCIES = 40;
const SUBGROUPS = 6;
let db: TestDatabase;
let s: Seeded;

beforeAll(async () => {
  db = await createTestDatabase();
  s = await seedPartnership(db, 'Generated');
  const pid = s.partnershipId;
  await db.withSession(async (sql) => {
    await sql.exec(`
      insert into "Agency" (id, "partnershipId", name) select 'ag-' || g, '${pid}', 'Agency ' || g from generate_series(1, ${AGENCIES}) g;
      insert into "Person" (id, "partnershipId", name, email, "updatedAt") select 'pe-' || g, '${pid}', 'Person ' || g, 'p' || g || '@gen.example.com', now() from generate_series(1, ${AGENCIES * 3}) g;
      insert into "PersonAgency" ("personId", "agencyId") select 'pe-' || g, 'ag-' || (1 + (g - 1) / 3) from generate_series(1, ${AGENCIES * 3}) g;
      insert into "Subgroup" (id, "partnershipId", name) select 'sg-' || g, '${pid}', 'Subgroup ' || g from generate_series(1, ${SUBGROUPS}) g;
      insert into "PersonRole" (id, "personId", role, "subgroupId") select 'ro-' || g, 'pe-' || g, 'chair', 'sg-' || g from generate_series(1, ${SUBGROUPS}) g;
      insert into "Action" (id, "partnershipId", ref, title, "objectiveId", "leadAgencyId", "subgroupId", "dueDate", status, "statusSince", "lastUpdateAt", "createdAt", "updatedAt")
        select 'ac-' || g, '${pid}', 'GEN-' || lpad(g::text, 5, '0'), 'Generated action number ' || g || ' with a realistic, fairly long title about treatment pathways',
          '${s.objectiveId}', 'ag-' || (1 + g % ${AGENCIES}), 'sg-' || (1 + g % ${SUBGROUPS}),
          date '2026-11-23' + ((g * 37) % 400 - 200),
          (array['not_started','on_track','at_risk','off_track','blocked','ongoing','complete','cancelled'])[1 + g % 8]::"ActionStatus",
          timestamp '2026-11-23 10:00' - ((g * 7) % 90) * interval '1 day',
          timestamp '2026-11-23 10:00' - ((g * 13) % 80) * interval '1 day',
          timestamp '2026-01-05 10:00', now()
        from generate_series(1, ${ACTIONS}) g;
    `);
  });
}, 300_000);
afterAll(async () => db?.drop());

describe(`sweep over ${ACTIONS.toLocaleString('en-GB')} actions`, () => {
  it('loads in a fixed number of statements and batches one message per person', async () => {
    const now = at('2026-11-23');
    const t0 = performance.now();
    const { result: state, statements } = await countSql(db, () => loadNudgeState(db, { now }));
    const t1 = performance.now();
    const planned = planNudges(state, now);
    const t2 = performance.now();
    const batches = batchNudges(planned, state, now);
    const t3 = performance.now();

    const open = state.partnerships.reduce((n, p) => n + p.actions.length, 0);
    expect(open).toBe(ACTIONS - ACTIONS / 4); // complete and cancelled are not loaded
    if (statements !== null) expect(statements).toBeLessThanOrEqual(10); // 8 + the ladder + the owned metrics
    expect(planned.length).toBeGreaterThan(100);
    const people = batches.map((b) => `${b.personId}:${b.localDate}`);
    expect(new Set(people).size).toBe(batches.length);
    for (const b of batches) expect(b.message.blocks.length).toBeLessThanOrEqual(50);

    process.stdout.write(
      `\n[nudge sweep, ${db.kind}] ${ACTIONS} actions (${open} open): load ${Math.round(t1 - t0)} ms in ${statements ?? 'n/a'} SQL statements, ` +
        `plan ${Math.round(t2 - t1)} ms → ${planned.length} nudges, batch ${Math.round(t3 - t2)} ms → ${batches.length} messages; total ${Math.round(t3 - t0)} ms\n`,
    );
  });
});
