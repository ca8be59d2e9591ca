// Database selection: DATABASE_URL=postgres://… → PostgreSQL through @prisma/adapter-pg;
// unset → embedded PGlite in DATA_DIR through pglite-prisma-adapter. One schema and one
// migration history for both (prisma/migrations, applied by ./migrate.ts).
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';
import type { Logger } from '../log/logger.js';
import { makePrivate, privateUmask } from './permissions.js';

export type { PrismaClient } from '../generated/prisma/client.js';
export * as Prisma from '../generated/prisma/enums.js';

export type DatabaseKind = 'pglite' | 'postgres';

/**
 * PostgreSQL settings for the embedded database, chosen for a bot's register (thousands of rows,
 * one session) rather than PGlite's defaults (shared_buffers 128MB): about 115 MB less resident
 * memory with the same query times on the bench register. The files stay in the OS page cache.
 */
export const PGLITE_CONF = ['shared_buffers=16MB', 'wal_buffers=1MB', 'work_mem=4MB', 'maintenance_work_mem=16MB', 'temp_buffers=2MB'];

/** A raw SQL runner used by the migration runner, job claims and health checks. */
export interface SqlRunner {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
}

export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  /** The PGlite instance when embedded (null on PostgreSQL). */
  pglite: PGlite | null;
  /** Runs fn with a dedicated SQL session (a pool client on PostgreSQL, the one PGlite session otherwise). */
  withSession<T>(fn: (sql: SqlRunner) => Promise<T>): Promise<T>;
  /**
   * One statement on any free session (the command paths' hand-written SQL). With a `name`, on
   * PostgreSQL it is a prepared statement, planned once per connection (for the JSON-building
   * queries planning is most of their cost); the embedded database runs it unnamed.
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], name?: string): Promise<T[]>;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  describe(): string;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** For tests: an in-memory PGlite (no data dir). */
  memory?: boolean;
  logger?: Logger;
  /** Pool size on PostgreSQL (and on the PGlite worker's socket). */
  poolMax?: number;
  /**
   * Embedded database only: run PGlite in a worker thread behind a Unix socket in dataDir, so its
   * query work does not block this process's event loop (used by `cdp start`).
   */
  worker?: boolean;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolMax ?? 10);
  if (opts.memory) return openPglite(new PGlite(), 'in-memory PGlite');
  const dir = path.resolve(opts.dataDir ?? './data');
  // Private files (SPEC §10): DATA_DIR 0700, everything in it 0600/0700, whatever the umask.
  privateUmask();
  const fixed = makePrivate(dir).fixed;
  if (fixed > 0) opts.logger?.warn({ dataDir: dir, fixed }, 'made files in DATA_DIR private (they were readable or writable by others)');
  const pgliteDir = path.join(dir, 'pglite');
  const db = opts.worker
    ? await openPgliteWorker(dir, pgliteDir)
    : await openPglite(new PGlite(pgliteDir, { postgresqlconf: PGLITE_CONF }), `embedded PGlite in ${pgliteDir}`);
  makePrivate(dir); // what PGlite created on first start, should the umask not have been settable
  return db;
}

/** PGlite in a worker thread, reached through pglite-socket on DATA_DIR/.s.PGSQL.5432 with node-postgres. */
async function openPgliteWorker(dir: string, pgliteDir: string): Promise<Database> {
  // ONE connection: PGlite has a single session, and pglite-socket interleaves different
  // connections' extended-protocol messages (one connection's unnamed prepared statement is
  // replaced by another's: "unnamed prepared statement does not exist"). node-postgres queues
  // queries on the one client; a transaction holds it until it ends.
  const poolMax = 1;
  const socketPath = path.join(dir, '.s.PGSQL.5432');
  try {
    fs.unlinkSync(socketPath);
  } catch {
    /* no stale socket */
  }
  const startWorker = async (initOnly: boolean) => {
    const w = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
      workerData: { dataDir: pgliteDir, socketPath, maxConnections: 2, postgresqlconf: PGLITE_CONF, initOnly },
    });
    await new Promise<void>((resolve, reject) => {
      w.once('error', reject);
      w.once('message', (m: { type: string; message?: string }) =>
        m.type === 'ready' ? resolve() : reject(new Error(`embedded database did not start: ${m.message ?? m.type}`)),
      );
    });
    return w;
  };
  // A new data directory is created by a thread that then exits, taking initdb's memory with it.
  if (!fs.existsSync(path.join(pgliteDir, 'PG_VERSION'))) await (await startWorker(true)).terminate();
  const worker = await startWorker(false);
  fs.chmodSync(socketPath, 0o600);
  const db = await openPostgres(`postgresql://postgres@/postgres?host=${encodeURIComponent(dir)}&port=5432`, poolMax, {
    host: dir,
    port: 5432,
    user: 'postgres',
    database: 'postgres',
  });
  return {
    ...db,
    kind: 'pglite',
    describe: () => `embedded PGlite in ${pgliteDir} (worker thread)`,
    async close() {
      await db.close();
      worker.postMessage({ type: 'close' });
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 5_000);
        worker.once('message', () => {
          clearTimeout(t);
          resolve();
        });
      });
      await worker.terminate();
    },
  };
}

async function openPglite(db: PGlite, label: string): Promise<Database> {
  await db.waitReady;
  // pglite-prisma-adapter is typed against an older @prisma/driver-adapter-utils; same runtime contract.
  const adapter = new PrismaPGlite(db) as unknown as PrismaPg;
  const prisma = new PrismaClient({ adapter });
  const runner: SqlRunner = {
    async query<T>(sql: string, params: unknown[] = []) {
      const r = await db.query(sql, params as unknown[]);
      return r.rows as T[];
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
  let closed = false;
  return {
    kind: 'pglite',
    prisma,
    pglite: db,
    withSession: (fn) => fn(runner),
    query: (sql, params) => runner.query(sql, params),
    async ping() {
      try {
        await db.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await db.close();
    },
    describe: () => label,
  };
}

async function openPostgres(url: string, poolMax: number, socket?: pg.PoolConfig): Promise<Database> {
  // The named statements (query(sql, params, name)) keep one plan per connection: planning the
  // command queries costs as much as running them. Prisma's statements are unnamed, planned each time.
  const pool = new pg.Pool(socket ? { ...socket, max: poolMax } : { connectionString: url, max: poolMax, options: '-c plan_cache_mode=force_generic_plan' });
  // An idle client losing its connection (database restarted) must not crash the process.
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  let closed = false;
  return {
    kind: 'postgres',
    prisma,
    pglite: null,
    async withSession<T>(fn: (sql: SqlRunner) => Promise<T>) {
      const client = await pool.connect();
      try {
        return await fn({
          async query<R>(sql: string, params: unknown[] = []) {
            const r = await client.query(sql, params);
            return r.rows as R[];
          },
          async exec(sql: string) {
            await client.query(sql);
          },
        });
      } finally {
        client.release();
      }
    },
    async query<R>(sql: string, params: unknown[] = [], name?: string) {
      // Named only on a real server: the embedded database's socket shares one session between
      // connections, where a reconnecting client would find the name already taken.
      const named = name && !socket ? { name } : {};
      return (await pool.query({ text: sql, values: params, ...named })).rows as R[];
    },
    async ping() {
      try {
        await pool.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await pool.end();
    },
    describe: () => `PostgreSQL ${redact(url)}`,
  };
}

function redact(url: string) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparseable url)';
  }
}
