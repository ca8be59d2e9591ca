// Database selection: DATABASE_URL=postgres://… → PostgreSQL through @prisma/adapter-pg;
// unset → embedded PGlite in DATA_DIR through pglite-prisma-adapter. One schema and one
// migration history for both (prisma/migrations, applied by ./migrate.ts).
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';
import type { Logger } from '../log/logger.js';

export type { PrismaClient } from '../generated/prisma/client.js';
export * as Prisma from '../generated/prisma/enums.js';

export type DatabaseKind = 'pglite' | 'postgres';

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
  /** Pool size on PostgreSQL. */
  poolMax?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolMax ?? 10);
  if (opts.memory) return openPglite(new PGlite(), 'in-memory PGlite');
  const dir = path.resolve(opts.dataDir ?? './data');
  fs.mkdirSync(dir, { recursive: true });
  const pgliteDir = path.join(dir, 'pglite');
  return openPglite(new PGlite(pgliteDir), `embedded PGlite in ${pgliteDir}`);
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

async function openPostgres(url: string, poolMax: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolMax });
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
