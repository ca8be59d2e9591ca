// cdp backup --out FILE: a consistent copy of the whole database (every partnership), also while
// the bot runs. cdp restore FILE: into an empty database only (a new DATA_DIR, or an empty
// PostgreSQL database) — which is also how a register moves from the embedded database to PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { writeBackup } from '../../backup/dump.js';
import { restoreBackup } from '../../backup/restore.js';
import { CliError, type CliContext } from '../context.js';

const printable = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');

export function register(program: Command, ctx: CliContext): void {
  program
    .command('backup')
    .description('write a consistent backup of the whole database to a file (gzip); works while the bot runs')
    .requiredOption('--out <file>', 'the file to write, e.g. cdp-2026-11-29.backup.gz (never overwritten)')
    .addHelpText('after', '\nExample:\n  cdp backup --out backups/cdp-$(date +%F).backup.gz\nRestore with: DATA_DIR=./restored cdp restore backups/cdp-2026-11-29.backup.gz')
    .action(async (opts: { out: string }) => {
      await ctx.withRuntime(async (rt) => {
        const file = path.resolve(rt.io.cwd, opts.out);
        if (fs.existsSync(file) || isSymlink(file)) {
          throw new CliError(`${printable(opts.out)} already exists: a backup never overwrites a file. Choose a new name (e.g. with the date in it).`, 2);
        }
        if (!fs.existsSync(path.dirname(file))) throw new CliError(`The folder ${printable(path.dirname(opts.out))} does not exist: create it first.`, 2);
        const started = Date.now();
        const r = await writeBackup(rt.db, file, rt.now());
        rt.io.out(
          `Backup written to ${printable(opts.out)}: ${r.rows} rows in ${r.tables} tables, ${r.migrations} migrations, ${(r.bytes / 1024).toFixed(0)} KB, in ${Date.now() - started} ms.`,
        );
      });
    });

  program
    .command('restore')
    .description('restore a backup into an EMPTY database (a new DATA_DIR, or an empty PostgreSQL database)')
    .argument('<file>', 'a file written by cdp backup')
    .addHelpText('after', '\nExamples:\n  DATA_DIR=./restored cdp restore cdp-2026-11-29.backup.gz\n  DATABASE_URL=postgres://cdp@db:5432/cdp cdp restore cdp-2026-11-29.backup.gz   (embedded → PostgreSQL)')
    .action(async (file: string) => {
      await ctx.withRuntime(async (rt) => {
        if (rt.remote) {
          throw new CliError(
            `The bot is running on this DATA_DIR (${rt.config.dataDir}), so its database is not empty: restore goes into an empty database.\n` +
              'Restore into a new folder (DATA_DIR=./restored cdp restore FILE), then stop the bot and start it on that folder.',
            2,
          );
        }
        const r = await restoreBackup(rt.db, path.resolve(rt.io.cwd, file));
        if (!r.ok) throw new CliError(`${r.error.message}${r.error.hint ? `\n${r.error.hint}` : ''}`);
        rt.io.out(`Restored ${r.value.rows} rows in ${r.value.tables} tables from a backup of ${r.value.createdAt} (${r.value.source}) into ${rt.db.describe()}.`);
      });
    });
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
