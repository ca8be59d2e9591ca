// 3. Reminder sweep (sweepNudges: load the nudge state, plan, batch per person) over
// 50 partnerships × 400 actions, wall time and SQL statements, against ONE hand-written SQL
// query that selects the open, unsnoozed actions that are due soon, overdue or quiet with the
// people of their lead agency (the policy's default thresholds: 14 days, 28 days).
// 8. The same sweep at 1k, 5k, 20k and 50k actions (50 partnerships × 20/100/400/1000).
import type { Database } from '../src/db/client.js';
import { sweepNudges } from '../src/nudges/index.js';
import { countStatements, openBenchDb, type BenchDb } from './support/db.js';
import { generateRegister } from './support/generate.js';
import { addRow, median, ms, progress, ratio, timeRuns, type DbKind } from './support/report.js';

export const BASELINE_SQL = `
SELECT a.id, a."partnershipId", a.ref, a.title, a.status, a."dueDate", a."lastUpdateAt",
       CASE WHEN a.status <> 'ongoing' AND a."dueDate" < $2::date THEN 'overdue'
            WHEN a.status <> 'ongoing' AND a."dueDate" <= $2::date + 14 THEN 'due_soon'
            ELSE 'quiet' END AS why,
       array(SELECT pa."personId" FROM "PersonAgency" pa WHERE pa."agencyId" = a."leadAgencyId") AS recipients
  FROM "Action" a
 WHERE a."partnershipId" = ANY($1::text[])
   AND a.status NOT IN ('complete', 'cancelled')
   AND (a."snoozedUntil" IS NULL OR a."snoozedUntil" <= $3::timestamp)
   AND ((a.status <> 'ongoing' AND a."dueDate" <= $2::date + 14)
        OR coalesce(a."lastUpdateAt", a."createdAt") <= $3::timestamp - interval '28 days')
 ORDER BY a."partnershipId", a.ref`;

export interface SweepFigures {
  actions: number;
  sweepMs: number;
  baselineMs: number;
  statements: number;
  batches: number;
  nudges: number;
  baselineRows: number;
}

/** Sweep and baseline on the given partnerships (medians of `runs`). */
export async function measureSweep(db: Database, partnershipIds: string[], now: Date, actions: number, runs: number): Promise<SweepFigures> {
  const sweep = () => sweepNudges(db, { now, partnershipIds });
  const { value: batches, statements } = await countStatements(sweep);
  const baseline = () => db.withSession((sql) => sql.query(BASELINE_SQL, [partnershipIds, now.toISOString().slice(0, 10), now.toISOString()]));
  const baselineRows = (await baseline()).length;
  // Warm up (JIT, plan caches: the first runs are up to 2× slower), then interleave so both
  // see the same machine load.
  for (let i = 0; i < 3; i++) {
    await sweep();
    await baseline();
  }
  const s: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    b.push(...(await timeRuns(1, baseline, 0)));
    s.push(...(await timeRuns(1, sweep, 0)));
  }
  return {
    actions,
    sweepMs: median(s),
    baselineMs: median(b),
    statements,
    batches: batches.length,
    nudges: batches.reduce((n, x) => n + x.nudgeKeys.length, 0),
    baselineRows,
  };
}

export const SCALE_SIZES = [20, 100, 400, 1000] as const;

/**
 * Item 3 on the main register (50 × 400, already generated) and item 8 on a second database
 * re-filled for each other size. Returns nothing: rows are added to the table.
 */
export async function benchSweep(kind: DbKind, main: { db: BenchDb; partnershipIds: string[] }, now: Date): Promise<void> {
  const figures = new Map<number, SweepFigures>();
  progress(`  sweep 50 × 400 on ${kind}`);
  figures.set(400, await measureSweep(main.db, main.partnershipIds, now, 20_000, 5));
  const scratch = await openBenchDb(kind);
  try {
    for (const per of SCALE_SIZES) {
      if (per === 400) continue;
      await scratch.withSession((sql) => sql.exec('TRUNCATE "Partnership" CASCADE'));
      const g = await generateRegister(scratch, { prefix: 's', partnerships: 50, actionsPerPartnership: per, now });
      progress(`  sweep 50 × ${per} on ${kind} (generated ${g.rows.actions} actions, ${g.rows.statusUpdates} updates in ${ms(g.ms)})`);
      figures.set(per, await measureSweep(scratch, g.partnershipIds, now, 50 * per, per >= 1000 ? 3 : 5));
    }
  } finally {
    await scratch.drop();
  }

  const main20k = figures.get(400)!;
  addRow({
    measure: '3 Reminder sweep, 50 × 400 actions',
    db: kind,
    value: `${ms(main20k.sweepMs)} (${main20k.nudges} nudges in ${main20k.batches} batches)`,
    baseline: `1 SQL query ${ms(main20k.baselineMs)} (${main20k.baselineRows} rows) → ${ratio(main20k.sweepMs, main20k.baselineMs)}`,
    target: '≤ 3× the query',
    met: main20k.sweepMs <= 3 * main20k.baselineMs,
  });
  const counts = SCALE_SIZES.map((per) => figures.get(per)!);
  addRow({
    measure: '3 Sweep SQL statements by size',
    db: kind,
    value: counts.map((f) => `${f.statements} @${f.actions / 1000}k`).join(', '),
    baseline: '1 statement',
    target: 'same count at every size',
    met: counts.every((f) => f.statements === counts[0]!.statements),
  });
  let prev: SweepFigures | undefined;
  for (const f of counts) {
    addRow({
      measure: `8 Sweep at ${f.actions / 1000}k actions`,
      db: kind,
      value: `${ms(f.sweepMs)}${prev ? ` (×${(f.sweepMs / prev.sweepMs).toFixed(1)} for ×${f.actions / prev.actions} actions)` : ''}`,
      baseline: `query ${ms(f.baselineMs)}${prev ? ` (×${(f.baselineMs / prev.baselineMs).toFixed(1)})` : ''} → ${ratio(f.sweepMs, f.baselineMs)}`,
      target: prev ? 'growth ≤ action growth' : '',
      met: prev ? f.sweepMs / prev.sweepMs <= (f.actions / prev.actions) * 1.1 : null,
    });
    prev = f;
  }
}
