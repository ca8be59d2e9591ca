// cdp import <file.csv|xlsx>… [--partnership NAME] [--as EMAIL] [--prune] [--dry-run]: load a
// delivery plan (actions, agencies, contracts or people, told apart by their headings) in one
// transaction; a file with any bad row is refused whole with every bad row listed. Every
// change is recorded as made by the importing person, via import of the file.
import path from 'node:path';
import type { Command } from 'commander';
import { formatImportReport, importFile } from '../../register/import/index.js';
import { recordImportRun } from '../../register/import-runs.js';
import { CliError, type CliContext } from '../context.js';

interface ImportOptions {
  partnership?: string;
  dryRun?: boolean;
  as?: string;
  prune?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description('import a delivery plan from CSV or XLSX (actions, agencies, contracts, people; several files in one go)')
    .argument('<files...>', 'CSV or XLSX files; an agencies file goes with (or before) the actions that name its agencies')
    .option('--partnership <name>', 'the partnership to import into (created when it does not exist yet)')
    .option('--as <email>', 'who is importing, for the history (default: the only admin)')
    .option('--prune', 'cancel open actions that the file no longer names (each with a note)')
    .option('--dry-run', 'show what would change and write nothing')
    .addHelpText('after', [
      '\nExamples:',
      '  cdp import prisma/seed/tower-hamlets-agencies.csv prisma/seed/tower-hamlets-2024-25-actions.csv --partnership "Tower Hamlets" --dry-run',
      '  cdp import tracker.xlsx --as adelev@example.com --dry-run',
    ].join('\n'))
    .action(async (files: string[], opts: ImportOptions) => {
      await ctx.withRuntime(async (rt) => {
        const started = Date.now();
        const r = await importFile(rt.db, {
          files: files.map((f) => path.resolve(rt.io.cwd, f)),
          partnershipName: opts.partnership,
          dryRun: !!opts.dryRun,
          now: rt.now(),
          via: 'import',
          as: opts.as ?? 'auto',
          prune: !!opts.prune,
          limits: rt.config?.importLimits, // undefined → the defaults
        });
        await recordImportRun(rt.db, { files, outcome: !r.ok ? 'refused' : opts.dryRun ? 'dry_run' : 'imported', durationMs: Date.now() - started, partnershipName: opts.partnership });
        if (!r.ok) throw new CliError(`${r.error.message}${r.error.hint ? `\n${r.error.hint}` : ''}`);
        rt.io.out(formatImportReport(r.value));
      });
    });
}
