// Command latency on a realistic register (the Tower Hamlets demo plan, or ~150 generated actions
// when the demo cannot load). Reports figures; asserts behaviour only (no timed assertions).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/create-core.js';
import type { CommandContext, CoreApi } from '../../src/core/api.js';
import { silentLogger } from '../../src/log/logger.js';
import { loadPersonContext } from '../../src/register/people.js';
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from '../support/db.js';
import { loadDemo } from '../support/demo.js';
import { buildFixture, NOW } from '../support/fixtures.js';

let db: TestDatabase;
let core: CoreApi;
let ctx: CommandContext;
let source = '';
let ref = '';

beforeAll(async () => {
  db = await createTestDatabase();
  let partnershipId: string;
  let personId: string | undefined;
  try {
    partnershipId = (await loadDemo(db, NOW)).partnershipId;
    personId = (await db.prisma.person.findFirst({ where: { partnershipId, email: 'alexw@example.com' } }))?.id;
    source = 'demo plan';
  } catch {
    const fx = await buildFixture(db, { extraActions: 150 });
    partnershipId = fx.partnership.id;
    personId = fx.people.alex;
    source = 'fixtures + 150 generated actions';
  }
  const p = await db.prisma.partnership.findUniqueOrThrow({ where: { id: partnershipId } });
  const person = await loadPersonContext(db.prisma, partnershipId, personId!);
  ctx = { partnership: { id: p.id, name: p.name, timezone: p.timezone }, person, via: 'slack', now: NOW, chat: { platform: 'slack', userId: 'U-BENCH', isDirect: true } };
  const agencies = person!.agencies.map((a) => a.id);
  ref = (await db.prisma.action.findFirstOrThrow({ where: { partnershipId, leadAgencyId: { in: agencies } }, orderBy: { ref: 'asc' } })).ref;
  core = createCore({ db, logger: silentLogger() });
}, 120_000);
afterAll(async () => db?.drop());

async function measure(label: string, n: number, fn: (i: number) => Promise<unknown>) {
  await fn(-1); // warm-up
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const med = times[Math.floor(n / 2)]!;
  const p95 = times[Math.min(n - 1, Math.floor(n * 0.95))]!;
  return `${label.padEnd(28)} median ${med.toFixed(1).padStart(6)} ms   p95 ${p95.toFixed(1).padStart(6)} ms`;
}

describe('command latency', () => {
  it('measures the common commands', async () => {
    const actions = await db.prisma.action.count({ where: { partnershipId: ctx.partnership.id } });
    expect(actions).toBeGreaterThan(50);
    const statuses = ['on track', 'at risk'];
    const lines = [
      await measure('mine', 20, () => core.commands.text(ctx, 'mine')),
      await measure(`show ${ref}`, 20, () => core.commands.text(ctx, `show ${ref}`)),
      await measure(`update ${ref} <status> note`, 20, (i) => core.commands.text(ctx, `update ${ref} ${statuses[Math.abs(i) % 2]} bench note ${i}`)),
      await measure('button set_status', 20, (i) => core.commands.button(ctx, { kind: 'set_status', ref, status: i % 2 ? 'on_track' : 'at_risk' })),
      await measure('due 4w', 20, () => core.commands.text(ctx, 'due 4w')),
      await measure('find naloxone', 20, () => core.commands.text(ctx, 'find naloxone')),
      await measure('show (mistyped ref)', 20, () => core.commands.text(ctx, 'show ZZZ-999')),
      await measure('contracts 12m', 20, () => core.commands.text(ctx, 'contracts 12m')),
      await measure('home', 20, () => core.commands.home(ctx)),
    ];
    process.stdout.write(`\n[latency] ${TEST_DB_KIND}, ${source}: ${actions} actions\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
  }, 120_000);
});
