// cdp export [--format csv|xlsx] [--out FILE] [--partnership NAME]: the register as the board
// pack. CSV without --out goes to stdout; with --out the contracts go to <out>-contracts.csv.
import path from 'node:path';
import type { Command } from 'commander';
import { localToday } from '../../commands/views/format.js';
import { exportRegister } from '../../register/export.js';
import { displayPath } from '../../register/files.js';
import { findPartnership } from '../../register/partnerships.js';
import { CliError, type CliContext } from '../context.js';

interface ExportOptions {
  format?: string;
  out?: string;
  partnership?: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description('export the register (actions with status and latest update; contracts) as CSV or XLSX')
    .option('--format <format>', 'csv or xlsx (default: from the --out file name, else csv)')
    .option('--out <file>', 'file to write (required for xlsx); CSV without it goes to stdout')
    .option('--partnership <name>', 'which partnership (needed when there are several)')
    .action(async (opts: ExportOptions) => {
      const format = opts.format?.toLowerCase();
      if (format !== undefined && format !== 'csv' && format !== 'xlsx') {
        throw new CliError(`Unknown format "${opts.format}": use --format csv or --format xlsx.`, 2);
      }
      await ctx.withRuntime(async (rt) => {
        const found = await findPartnership(rt.db.prisma, opts.partnership);
        if (!found.ok) throw new CliError(`${found.error.message}${found.error.hint ? `\n${found.error.hint}` : ''}`);
        const r = await exportRegister(rt.db.prisma, found.value.id, {
          format: format as 'csv' | 'xlsx' | undefined,
          out: opts.out === undefined ? undefined : path.resolve(rt.io.cwd, opts.out),
          today: localToday(rt.now(), found.value.timezone),
        });
        if (!r.ok) throw new CliError(`${r.error.message}${r.error.hint ? `\n${r.error.hint}` : ''}`);
        if (r.value.text !== undefined) {
          rt.io.out(r.value.text.replace(/\n$/, ''));
          rt.io.err(`${r.value.actions} actions written to stdout (contracts: use --out FILE to get them too).`);
          return;
        }
        rt.io.out(`Exported ${r.value.actions} actions and ${r.value.contracts} contracts of "${found.value.name}" to ${r.value.files.map(displayPath).join(' and ')}.`);
      });
    });
}
