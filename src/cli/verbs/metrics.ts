// cdp metrics list | record <id> --period P --value N [--target N] [--source TEXT]
// | import FILE [--dry-run] | owner <id> <email|none> | link <id> [action-ref…] [--objective NAME]
// Performance management against the National Combating Drugs Outcomes Framework (SPEC §10).
import path from 'node:path';
import type { Command } from 'commander';
import { localDate } from '../../calendar/zone.js';
import { findPartnership, type Partnership } from '../../register/partnerships.js';
import { findPersonByEmail } from '../../register/people.js';
import { formatMetricImport, importMetrics } from '../../metrics/import.js';
import { recordFromText } from '../../metrics/record.js';
import { findMetric, linkMetric, listMetrics, loadSeries, setOwner } from '../../metrics/store.js';
import { summarise } from '../../metrics/summary.js';
import { formatValue } from '../../metrics/rag.js';
import { CliError, type CliContext, type Runtime } from '../context.js';
import { table } from './people.js';

const PARTNERSHIP_OPT = ['--partnership <name>', 'which partnership (needed when there are several)'] as const;

async function partnership(rt: Runtime, name?: string): Promise<Partnership> {
  const found = await findPartnership(rt.db.prisma, name);
  if (!found.ok) throw new CliError(`${found.error.message}${found.error.hint ? `\n${found.error.hint}` : ''}`);
  return found.value;
}

async function metricOrFail(rt: Runtime, partnershipId: string, code: string) {
  const m = await findMetric(rt.db.prisma, partnershipId, code);
  if (!m.ok) throw new CliError(`${m.error.message}${m.error.hint ? `\n${m.error.hint}` : ''}`);
  return m.value;
}

export function register(program: Command, ctx: CliContext): void {
  const metrics = program.command('metrics').description('outcome metrics (the national framework and local KPIs): list, record figures, import a quarter');

  metrics.command('list')
    .description('every metric with its latest figure, target, RAG and trend')
    .option(...PARTNERSHIP_OPT)
    .action(async (opts: { partnership?: string }) => {
      await ctx.withRuntime(async (rt) => {
        const p = await partnership(rt, opts.partnership);
        const rows = await listMetrics(rt.db.prisma, p.id);
        const series = await loadSeries(rt.db.prisma, rows.map((m) => m.id));
        rt.io.out(table(
          ['Id', 'Metric', 'Freq.', 'Better', 'Latest', 'Target', 'RAG', 'Trend', 'Owner'],
          rows.map((m) => {
            const s = summarise(m, series.get(m.id)!);
            return [
              `${m.code}${m.headline ? ' *' : ''}`, m.name, m.frequency, m.direction,
              s.latest ? `${formatValue(s.latest.value, m.unit)} (${s.latest.period})` : '—',
              formatValue(s.target, m.unit), s.rag ?? '', s.trend?.text ?? '', m.owner?.name ?? '',
            ];
          }),
        ));
        rt.io.out(`${rows.length} metrics in "${p.name}" (* = headline metric of the national framework).`);
      });
    });

  metrics.command('record')
    .description('record a figure (and/or target) for a period; a correction is a new row, the old one stays in the history')
    .argument('<id>', 'metric id, e.g. IO2.2')
    .requiredOption('--period <period>', 'financial quarter "Q3 2026/27" or year "2026/27"')
    .option('--value <n>', 'the figure (a percentage for % metrics)')
    .option('--target <n>', 'the target for that period')
    .option('--source <text>', 'where the figure came from, e.g. "NDTMS quarterly report"')
    .option('--as <email>', 'who is recording it (a person of the partnership)')
    .option(...PARTNERSHIP_OPT)
    .addHelpText('after', '\nExample:\n  cdp metrics record IO2.2 --period "Q2 2026/27" --value 47.5 --target 50 --source "NDTMS continuity of care report"')
    .action(async (code: string, opts: { period: string; value?: string; target?: string; source?: string; as?: string; partnership?: string }) => {
      await ctx.withRuntime(async (rt) => {
        const p = await partnership(rt, opts.partnership);
        const m = await metricOrFail(rt, p.id, code);
        const person = opts.as ? await findPersonByEmail(rt.db.prisma, p.id, opts.as) : null;
        if (opts.as && !person) throw new CliError(`No person with the email ${opts.as} in "${p.name}" (cdp people list).`);
        const r = await recordFromText(rt.db.prisma, {
          metric: m, periodText: opts.period, valueText: opts.value, targetText: opts.target, source: opts.source,
          personId: person?.id ?? null, via: 'cli', now: rt.now(), timezone: p.timezone,
          example: (metric, period, value) => `cdp metrics record ${metric.code} --period "${period}" --value ${value}`,
        });
        if (!r.ok) throw new CliError(`${r.error.message}${r.error.hint ? `\n${r.error.hint}` : ''}`);
        rt.io.out(r.value.text);
      });
    });

  metrics.command('import')
    .description('import figures from CSV or XLSX (columns id, period, value, target, source); all rows or none')
    .argument('<file>', 'CSV or XLSX file')
    .option('--dry-run', 'check the file and show what would change, saving nothing')
    .option('--as <email>', 'who is importing (a person of the partnership)')
    .option(...PARTNERSHIP_OPT)
    .action(async (file: string, opts: { dryRun?: boolean; as?: string; partnership?: string }) => {
      await ctx.withRuntime(async (rt) => {
        const p = await partnership(rt, opts.partnership);
        const person = opts.as ? await findPersonByEmail(rt.db.prisma, p.id, opts.as) : null;
        if (opts.as && !person) throw new CliError(`No person with the email ${opts.as} in "${p.name}" (cdp people list).`);
        const now = rt.now();
        const r = await importMetrics(rt.db, {
          file: path.resolve(rt.io.cwd, file), partnershipId: p.id, partnershipName: p.name, today: localDate(now, p.timezone), now,
          via: 'import', personId: person?.id ?? null, dryRun: !!opts.dryRun,
        });
        if (!r.ok) throw new CliError(`${r.error.message}${r.error.hint ? `\n${r.error.hint}` : ''}`);
        rt.io.out(formatMetricImport(r.value));
      });
    });

  metrics.command('owner')
    .description('name the person asked for a metric\'s figure when it falls due ("none" to clear)')
    .argument('<id>', 'metric id')
    .argument('<email>', 'the owner\'s email, or none')
    .option(...PARTNERSHIP_OPT)
    .action(async (code: string, email: string, opts: { partnership?: string }) => {
      await ctx.withRuntime(async (rt) => {
        const p = await partnership(rt, opts.partnership);
        const m = await metricOrFail(rt, p.id, code);
        if (/^none$/i.test(email)) {
          await setOwner(rt.db.prisma, m.id, null);
          rt.io.out(`${m.code} has no owner now.`);
          return;
        }
        const person = await findPersonByEmail(rt.db.prisma, p.id, email);
        if (!person) throw new CliError(`No person with the email ${email} in "${p.name}": add them with cdp people import FILE first.`);
        await setOwner(rt.db.prisma, m.id, person.id);
        rt.io.out(`${m.code} (${m.name.slice(0, 60)}) is owned by ${person.name}: they are asked for each period's figure when it falls due.`);
      });
    });

  metrics.command('link')
    .description('link a metric to the actions (and objectives) that work towards it')
    .argument('<id>', 'metric id')
    .argument('[refs...]', 'action refs, e.g. TRS-07 TRS-12')
    .option('--objective <name>', 'an objective of the plan (exact name); repeat for several', (v: string, prev: string[] = []) => [...prev, v])
    .option(...PARTNERSHIP_OPT)
    .action(async (code: string, refs: string[], opts: { objective?: string[]; partnership?: string }) => {
      await ctx.withRuntime(async (rt) => {
        const p = await partnership(rt, opts.partnership);
        const m = await metricOrFail(rt, p.id, code);
        const wanted = refs.map((r) => r.trim().toUpperCase());
        const names = opts.objective ?? [];
        if (!wanted.length && !names.length) throw new CliError('Give the action refs (e.g. TRS-07) or --objective NAME to link.', 2);
        const actions = await rt.db.prisma.action.findMany({ where: { partnershipId: p.id, ref: { in: wanted } }, select: { id: true, ref: true } });
        const objectives = await rt.db.prisma.objective.findMany({ where: { partnershipId: p.id, name: { in: names, mode: 'insensitive' } }, select: { id: true, name: true } });
        const missing = [
          ...wanted.filter((r) => !actions.some((a) => a.ref === r)).map((r) => `action ${r}`),
          ...names.filter((n) => !objectives.some((o) => o.name.toLowerCase() === n.toLowerCase())).map((n) => `objective "${n}"`),
        ];
        if (missing.length) throw new CliError(`No ${missing.join(', ')} in "${p.name}": nothing was linked.`);
        const added = await linkMetric(rt.db.prisma, m.id, { actionIds: actions.map((a) => a.id), objectiveIds: objectives.map((o) => o.id) });
        rt.io.out(`${m.code} linked to ${[...wanted, ...objectives.map((o) => `"${o.name}"`)].join(', ')} (${added} new link${added === 1 ? '' : 's'}).`);
      });
    });
}
