// 9. In-process command latency on the demo plan, against the one-query floor: `mine`, `show`
// and `update` as Alex Wilber through the real core (parse, identity-free context, handlers,
// message building), each beside ONE hand-written SQL query that fetches the same rows (or, for
// `update`, one statement that writes the same two rows). Issue 18: p50 ≤ 3 ms on PostgreSQL
// and ≤ 3× the floor.
// 10. Memory after 1,000 commands: the process's RSS before and after (after a GC), ≤ 10% growth.
import type { CommandContext } from '../src/core/api.js';
import { createCore } from '../src/core/create-core.js';
import { silentLogger } from '../src/log/logger.js';
import { loadDemoPlan } from '../src/register/demo.js';
import { loadPersonContext } from '../src/register/people.js';
import type { BenchDb } from './support/db.js';
import { gc } from './support/gc.js';
import { addRow, median, ms, percentile, progress, ratio, timeRuns } from './support/report.js';

const RUNS = 200;

export async function benchCommands(db: BenchDb, now: Date): Promise<void> {
  progress(`  commands on ${db.kind}: loading the demo plan`);
  const demo = await loadDemoPlan(db, { now });
  if (!demo.ok) throw new Error(`demo: ${demo.error.message}`);
  const partnershipId = demo.value.partnershipId;
  const partnership = await db.prisma.partnership.findUniqueOrThrow({ where: { id: partnershipId }, select: { id: true, name: true, timezone: true } });
  const alex = await db.prisma.person.findFirstOrThrow({ where: { partnershipId, email: 'alexw@example.com' } });
  const person = await loadPersonContext(db.prisma, partnershipId, alex.id);
  const ctx: CommandContext = { partnership, person, via: 'console', now };
  const core = createCore({ db, logger: silentLogger() });
  const agencyIds = person!.agencies.map((a) => a.id);
  const target = await db.prisma.action.findFirstOrThrow({ where: { partnershipId, leadAgencyId: { in: agencyIds }, status: { notIn: ['complete', 'cancelled'] } }, orderBy: { ref: 'asc' } });
  const ref = target.ref;

  const sql = (text: string, params: unknown[]) => db.withSession((s) => s.query(text, params));
  const floors = {
    mine: () =>
      sql(
        `select a.ref, a.title, a.status, a."dueDate", g.name as lead
           from "Action" a left join "Agency" g on g.id = a."leadAgencyId"
          where a."partnershipId" = $1 and a.status not in ('complete', 'cancelled')
            and (a."leadAgencyId" = any($2) or exists (select 1 from "ActionPartner" p where p."actionId" = a.id and p."agencyId" = any($2)))
          order by a."dueDate" nulls last, a.ref limit 20`,
        [partnershipId, agencyIds],
      ),
    show: () =>
      sql(
        `select a.*, g.name as lead,
                (select json_agg(u) from (select u.*, p.name from "StatusUpdate" u left join "Person" p on p.id = u."personId"
                                           where u."actionId" = a.id order by u."createdAt" desc limit 5) u) as updates
           from "Action" a left join "Agency" g on g.id = a."leadAgencyId"
          where a."partnershipId" = $1 and a.ref = $2`,
        [partnershipId, ref],
      ),
    update: () =>
      sql(
        `with a as (update "Action" set "lastUpdateAt" = now(), version = version + 1 where "partnershipId" = $1 and ref = $2 returning id, status)
         insert into "StatusUpdate" (id, "partnershipId", "actionId", "personId", via, "oldStatus", "newStatus", note)
         select gen_random_uuid(), $1, a.id, $3, 'console', a.status, a.status, 'bench floor note' from a`,
        [partnershipId, ref, alex.id],
      ),
  };
  let n = 0;
  const commands = {
    mine: () => core.commands.text(ctx, 'mine'),
    show: () => core.commands.text(ctx, `show ${ref}`),
    update: () => core.commands.text(ctx, `update ${ref} bench note ${++n}`),
  };
  for (const name of ['mine', 'show', 'update'] as const) {
    const floor = await timeRuns(RUNS, floors[name], 10);
    const cmd = await timeRuns(RUNS, commands[name], 10);
    const p50 = median(cmd);
    const f50 = median(floor);
    // Issue 18 sets the target on PostgreSQL; the embedded rows are reported beside it.
    const met = db.kind === 'postgres' ? p50 <= 3 * f50 && p50 <= 3 : null;
    addRow({
      measure: `9 Command "${name}" in process (${RUNS} runs)`,
      db: db.kind,
      value: `p50 ${ms(p50)} p99 ${ms(percentile(cmd, 0.99))}`,
      baseline: `one SQL query p50 ${ms(f50)} (${ratio(p50, f50)})`,
      target: db.kind === 'postgres' ? 'p50 ≤ 3 ms and ≤ 3× the query' : '',
      met,
    });
  }

  // Memory: warm up, then 1,000 mixed commands; RSS after a full GC each side.
  const mix = [() => core.commands.text(ctx, 'mine'), () => core.commands.text(ctx, `show ${ref}`), () => core.commands.text(ctx, `update ${ref} memory note`), () => core.commands.text(ctx, 'due 4w'), () => core.commands.text(ctx, 'find naloxone')];
  for (let i = 0; i < 100; i++) await mix[i % mix.length]!();
  gc();
  const before = process.memoryUsage().rss;
  for (let i = 0; i < 1000; i++) await mix[i % mix.length]!();
  gc();
  const after = process.memoryUsage().rss;
  const growth = (after - before) / before;
  addRow({
    measure: '10 RSS after 1,000 commands',
    db: db.kind,
    value: `${(after / 1e6).toFixed(0)} MB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%)`,
    baseline: `${(before / 1e6).toFixed(0)} MB before`,
    target: '≤ 10% growth',
    met: growth <= 0.1,
  });
}
