// cdp report board [--since DATE] [--format xlsx|html|pdf] [--out FILE] [--partnership NAME] [--at TIME]:
// the board pack (src/report/board). Without --out the file is written to the current folder
// as board-pack-<partnership>-<date>.<format>; without --format the --out name's extension says.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ACCEPTED_DATE_FORMS, parseUkDate, toIsoDate } from '../../calendar/uk-date.js';
import { atLocalTime } from '../../calendar/zone.js';
import { findPartnership } from '../../register/partnerships.js';
import { BOARD_FORMATS, makeBoardReport, type BoardFormat } from '../../report/board/index.js';
import { CliError, type CliContext } from '../context.js';
import { parseAt } from './run.js';

interface ReportOptions {
  since?: string;
  format?: string;
  out?: string;
  partnership?: string;
  at?: string;
}

function formatOf(opts: ReportOptions): BoardFormat {
  const given = opts.format?.toLowerCase() ?? (opts.out ? path.extname(opts.out).slice(1).toLowerCase() : 'xlsx');
  const format = given === 'htm' ? 'html' : given;
  if (!(BOARD_FORMATS as readonly string[]).includes(format)) {
    throw new CliError(`"${opts.format ?? opts.out}" is not a board pack format: use --format xlsx, html or pdf.`, 2);
  }
  return format as BoardFormat;
}

export function register(program: Command, ctx: CliContext): void {
  const report = program.command('report').description('reports for the board and chairs');
  report
    .command('board')
    .description('the board pack: summary by pillar and subgroup, exceptions, slippage, changes since the last board, contracts timeline')
    .option('--since <date>', 'changes since this day (e.g. 14/01/2027); default: the last board pack made, else 3 months back')
    .option('--format <format>', 'xlsx (default), html (self-contained, prints on A4) or pdf (needs Chromium)')
    .option('--out <file>', 'file to write (default: board-pack-<partnership>-<date>.<format> here)')
    .option('--partnership <name>', 'which partnership (needed when there are several)')
    .option('--at <datetime>', 'as if it were this time (e.g. 2027-03-30)')
    .action(async (opts: ReportOptions) => {
      const format = formatOf(opts);
      await ctx.withRuntime(async (rt) => {
        const found = await findPartnership(rt.db.prisma, opts.partnership);
        if (!found.ok) throw new CliError(`${found.error.message}${found.error.hint ? `\n${found.error.hint}` : ''}`);
        const tz = found.value.timezone;
        const now = opts.at === undefined ? rt.now() : parseAt(opts.at, tz);
        let since: Date | undefined;
        if (opts.since !== undefined) {
          const d = parseUkDate(opts.since);
          if (!d.ok || !d.value) throw new CliError(`--since "${opts.since}" is not a date; ${ACCEPTED_DATE_FORMS.replace(/, or Ongoing\/TBC for no date$/, '')}.`, 2);
          since = atLocalTime(toIsoDate(d.value), '00:00', tz);
        }
        const r = await makeBoardReport(rt.db.prisma, { partnershipId: found.value.id, now, format, ...(since ? { since } : {}) });
        if (!r.ok) throw new CliError(`${r.error.message}${r.error.hint ? `\n${r.error.hint}` : ''}`);
        const out = path.resolve(rt.io.cwd, opts.out ?? r.value.filename);
        try {
          await fs.writeFile(out, r.value.bytes);
        } catch (e) {
          throw new CliError(`Cannot write ${out}: ${(e as Error).message}`);
        }
        const p = r.value.pack;
        rt.io.out(`Board pack for "${found.value.name}" written to ${out} (${format.toUpperCase()}, ${Math.round(r.value.bytes.length / 1024)} KB).`);
        rt.io.out(`${p.total.total} actions, ${p.total.percentComplete}% complete; ${p.total.counts.overdue} overdue; ${p.exceptions.length} exceptions; ${p.slippage.length} due-date moves; ${p.since.changes.length} status changes since ${toIsoDate(p.data.since)}.`);
      });
    });
}
