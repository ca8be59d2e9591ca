// cdp report quarter [--quarter "Q3 2026/27"] [--format xlsx|html] [--out FILE] [--partnership NAME]
// The quarter's action summary by pillar and subgroup, the exceptions, and the metrics with the
// last four periods, target, RAG and trend (SPEC §10). ./report.ts owns `cdp report` and hooks
// this in with registerQuarter(report, ctx).
import path from 'node:path';
import type { Command } from 'commander';
import { localDate } from '../../calendar/zone.js';
import { findPartnership } from '../../register/partnerships.js';
import { formatPeriod, lastCompleted, parsePeriod } from '../../metrics/period.js';
import { writeQuarterReport, type QuarterFormat } from '../../report/quarter/index.js';
import { CliError, type CliContext } from '../context.js';

interface QuarterOptions {
  quarter?: string;
  format?: string;
  out?: string;
  partnership?: string;
}

/** Adds `quarter` under an existing `report` command. */
export function registerQuarter(report: Command, ctx: CliContext): void {
  report.command('quarter')
    .description('the quarterly performance report: actions by pillar and subgroup, exceptions, metrics with trend and RAG')
    .option('--quarter <quarter>', 'financial quarter, e.g. "Q3 2026/27" (default: the last completed quarter)')
    .option('--format <format>', 'xlsx or html (default: from the --out file name, else html)')
    .option('--out <file>', 'file to write (default: cdp-quarter-<quarter>.<format> here)')
    .option('--partnership <name>', 'which partnership (needed when there are several)')
    .addHelpText('after', '\nExample:\n  cdp report quarter --quarter "Q2 2026/27" --format html --out q2.html')
    .action(async (opts: QuarterOptions) => {
      const fromName = opts.out ? path.extname(opts.out).slice(1).toLowerCase() : '';
      const format = (opts.format?.toLowerCase() ?? (fromName === 'xlsx' ? 'xlsx' : 'html')) as QuarterFormat;
      if (format !== 'xlsx' && format !== 'html') throw new CliError(`Unknown format "${opts.format}": use --format xlsx or --format html.`, 2);
      await ctx.withRuntime(async (rt) => {
        const found = await findPartnership(rt.db.prisma, opts.partnership);
        if (!found.ok) throw new CliError(`${found.error.message}${found.error.hint ? `\n${found.error.hint}` : ''}`);
        const now = rt.now();
        let quarter = lastCompleted('quarter', localDate(now, found.value.timezone));
        if (opts.quarter) {
          const p = parsePeriod(opts.quarter);
          if (!p.ok) throw new CliError(p.error, 2);
          if (p.value.kind !== 'quarter') throw new CliError(`"${opts.quarter}" is a year: give a quarter, e.g. --quarter "Q4 ${formatPeriod(p.value)}".`, 2);
          quarter = p.value;
        }
        const label = formatPeriod(quarter);
        const out = path.resolve(rt.io.cwd, opts.out ?? `cdp-quarter-${label.replace(/[ /]/g, '-')}.${format}`);
        const r = await writeQuarterReport(rt.db.prisma, { partnershipId: found.value.id, quarter, now, format, out });
        rt.io.out(`Quarterly report ${label} for "${found.value.name}" written to ${out}: ${r.total.total} actions, ${r.exceptions.length} exceptions, ${r.metrics.length} metrics.`);
      });
    });
}
