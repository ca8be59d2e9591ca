// cdp year rollover --to 2027-28 [--dry-run] [--review FILE] [--as EMAIL]: close the plan year
// (open actions carry forward, or are closed by the review file; reminders pause for the
// ones under review during the rollover week). cdp year show [YEAR]: a closed year's register.
import path from 'node:path';
import type { Command } from 'commander';
import { findPartnership } from '../../register/partnerships.js';
import { formatClosedYear, formatRollover } from '../../register/year/format.js';
import { closedYear } from '../../register/year/register.js';
import { rolloverYear } from '../../register/year/rollover.js';
import { ACCEPTED_DECISIONS } from '../../register/year/review.js';
import { CliError, type CliContext } from '../context.js';

interface RolloverFlags {
  to: string;
  dryRun?: boolean;
  review?: string;
  as?: string;
  partnership?: string;
}

const fail = (e: { message: string; hint?: string }) => new CliError(`${e.message}${e.hint ? `\n${e.hint}` : ''}`);

export function register(program: Command, ctx: CliContext): void {
  const year = program.command('year').description('the plan year: close it at year end (rollover), read a closed year');
  year
    .command('rollover')
    .description('close the plan year: open actions carry forward with their history, or are closed by a review file')
    .requiredOption('--to <year>', 'the new plan year, e.g. 2027-28 (must follow the current one)')
    .option('--review <file>', `CSV or XLSX: Ref, Decision (${ACCEPTED_DECISIONS}), New due (optional), Note (optional)`)
    .option('--as <email>', 'who closes the year, for the history (default: the only admin)')
    .option('--dry-run', 'show what would happen and write nothing')
    .option('--partnership <name>', 'which partnership (needed when there are several)')
    .addHelpText('after', '\nExamples:\n  cdp year rollover --to 2027-28 --dry-run\n  cdp year rollover --to 2027-28 --review year-end-review.csv')
    .action(async (opts: RolloverFlags) => {
      await ctx.withRuntime(async (rt) => {
        const r = await rolloverYear(rt.db, {
          partnershipName: opts.partnership,
          to: opts.to,
          dryRun: !!opts.dryRun,
          reviewFile: opts.review === undefined ? undefined : path.resolve(rt.io.cwd, opts.review),
          as: opts.as ?? 'auto',
          now: rt.now(),
        });
        if (!r.ok) throw fail(r.error);
        const p = await findPartnership(rt.db.prisma, r.value.partnership);
        rt.io.out(formatRollover(r.value, p.ok ? p.value.timezone : 'Europe/London'));
      });
    });
  year
    .command('show')
    .description('a closed plan year: every action as it stood at the close and what the rollover did to it')
    .argument('[year]', 'e.g. 2026-27 (default: every closed year)')
    .option('--partnership <name>', 'which partnership (needed when there are several)')
    .action(async (label: string | undefined, opts: { partnership?: string }) => {
      await ctx.withRuntime(async (rt) => {
        const r = await closedYear(rt.db, opts.partnership, label);
        if (!r.ok) throw fail(r.error);
        if (r.value.length === 0) {
          rt.io.out('No plan year has been closed yet (cdp year rollover --to YYYY-YY closes one).');
          return;
        }
        rt.io.out(r.value.map(formatClosedYear).join('\n\n'));
      });
    });
}
