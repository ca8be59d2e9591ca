// A reminder sweep over the demo plan (the Tower Hamlets 2024-25 plan moved to this year):
// one batched message per person, a fixed number of SQL statements; figures printed.
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { loadDemoPlan } from '../../src/register/demo.js';
import { batchNudges, loadNudgeState, planNudges } from '../../src/nudges/index.js';
import { countSql } from './seed.js';
import { at } from './fixture.js';

let db: TestDatabase;
const TODAY = new Date('2026-11-22T12:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  const r = await loadDemoPlan(db, { now: TODAY });
  if (!r.ok) throw new Error(r.error.message);
}, 120_000);
afterAll(async () => db?.drop());

describe('sweep over the demo plan', () => {
  it('sends each person one message for the day, with their actions', async () => {
    const days = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30', '2026-12-01'];
    let total = 0;
    for (const day of days) {
      const now = at(day);
      const t0 = performance.now();
      const { result: state, statements } = await countSql(db, () => loadNudgeState(db, { now }));
      const planned = planNudges(state, now);
      const batches = batchNudges(planned, state, now);
      const ms = Math.round(performance.now() - t0);
      total += batches.length;
      if (statements !== null) expect(statements).toBeLessThanOrEqual(10); // 8 + the ladder (ladder-load.ts) + the owned metrics (load-metrics.ts)
      expect(new Set(batches.map((b) => b.personId)).size).toBe(batches.length);
      for (const b of batches) {
        expect(b.dedupeKey).toBe(`batch:${b.personId}:${day}`);
        expect(b.actionRefs.length + b.contractRefs.length).toBeGreaterThan(0);
      }
      const open = state.partnerships.reduce((n, p) => n + p.actions.length, 0);
      process.stdout.write(`[demo sweep ${day}, ${db.kind}] ${open} open actions: ${planned.length} nudges → ${batches.length} messages in ${ms} ms, ${statements ?? 'n/a'} SQL statements\n`);
    }
    expect(total).toBeGreaterThan(0);
  });
});
