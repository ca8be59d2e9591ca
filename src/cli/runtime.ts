// Opening the database for one CLI verb: PostgreSQL (any number of processes), or the embedded
// PGlite under the data-dir lock (one process; while `cdp start` runs, main.ts forwards verbs to it).
import type { Config } from '../config/config.js';
import { openDatabase } from '../db/client.js';
import { acquireLock } from '../db/lock.js';
import { migrate } from '../db/migrate.js';
import type { Logger } from '../log/logger.js';
import { CliError, type CliContext, type CliIO, type Runtime } from './context.js';

export function localContext(config: Config, io: CliIO, logger: Logger, argv: string[]): CliContext {
  return {
    io,
    startDeps: () => ({ config, logger }),
    async withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
      let release = () => {};
      if (!config.databaseUrl) {
        const lock = acquireLock(config.dataDir, `cdp ${argv.join(' ')}`.trim());
        if (!lock.acquired) throw busyError(config.dataDir, lock.holder);
        release = lock.release;
      }
      try {
        const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
        try {
          await migrate(db);
          return await fn({ config, logger, db, io, now: () => new Date() });
        } finally {
          await db.close();
        }
      } catch (e) {
        if (isConnectionError(e)) {
          throw new CliError(`Cannot reach the database (${(e as Error).message}). Check DATABASE_URL, or unset it to use the embedded database in DATA_DIR.`);
        }
        throw e;
      } finally {
        release();
      }
    },
  };
}

export function busyError(dataDir: string, holder: { pid: number; command: string; startedAt: string }): CliError {
  return new CliError(
    `The embedded database in ${dataDir} is in use by another process (pid ${holder.pid}: "${holder.command}", since ${holder.startedAt}).\n` +
      'Only one process can open it. Wait for that command to finish (or stop it) and try again;\n' +
      'to run several processes at once, use PostgreSQL (set DATABASE_URL=postgres://…).',
  );
}

function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '3D000' || code === '28P01' || code === 'ETIMEDOUT';
}
