// Databases for the bench: a fresh migrated in-memory PGlite, or a throw-away PostgreSQL
// database on 127.0.0.1:5432 (dropped afterwards). Every SQL statement sent by the process is
// counted (PGlite: each exclusive query/exec, pg: each Client.query — BEGIN/COMMIT included),
// so a measure can read how many statements a piece of code sent.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import type { DbKind } from './report.js';

export const PG_ADMIN_URL = process.env.CDP_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let statements = 0;
let patched = false;
function patchCounters(): void {
  if (patched) return;
  patched = true;
  const proto = PGlite.prototype as unknown as { _runExclusiveQuery: (fn: () => Promise<unknown>) => Promise<unknown> };
  const orig = proto._runExclusiveQuery;
  if (typeof orig !== 'function') throw new Error('PGlite internals changed: cannot count statements (bench/support/db.ts)');
  proto._runExclusiveQuery = function (this: unknown, fn: () => Promise<unknown>) {
    statements++;
    return orig.call(this, fn);
  };
  const clientProto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const origQuery = clientProto.query;
  clientProto.query = function (this: unknown, ...a: unknown[]) {
    statements++;
    return origQuery.apply(this, a);
  };
}

/** SQL statements sent by this process so far. */
export const statementCount = () => statements;

/** Runs fn and returns its result with the number of SQL statements sent meanwhile (run alone). */
export async function countStatements<T>(fn: () => Promise<T>): Promise<{ value: T; statements: number }> {
  const before = statements;
  const value = await fn();
  return { value, statements: statements - before };
}

export interface BenchDb extends Database {
  kind: DbKind;
  url?: string;
  drop(): Promise<void>;
}

let pgUp: boolean | undefined;
export async function postgresAvailable(): Promise<boolean> {
  if (pgUp !== undefined) return pgUp;
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    pgUp = true;
  } catch {
    pgUp = false;
  } finally {
    await c.end().catch(() => {});
  }
  return pgUp;
}

const created = new Set<string>();

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A new empty PostgreSQL database (not migrated): its URL; dropBenchPg(url) removes it. */
export async function createPgDatabase(): Promise<{ name: string; url: string }> {
  const name = `cdp_bench_${crypto.randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  created.add(name);
  return { name, url: PG_ADMIN_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`) };
}

export async function dropPgDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`drop database if exists ${name} with (force)`));
  created.delete(name);
}

/** Drops every database this process created and has not dropped (on failure paths). */
export async function dropLeftovers(): Promise<void> {
  for (const name of [...created]) await dropPgDatabase(name).catch(() => {});
}

export async function openBenchDb(kind: DbKind, opts: { worker?: boolean } = {}): Promise<BenchDb> {
  patchCounters();
  if (kind === 'pglite' && opts.worker) {
    // As `cdp start` runs it: PGlite in a worker thread behind a Unix socket (statements not counted).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-bench-'));
    const db = await openDatabase({ dataDir: dir, worker: true });
    await migrate(db);
    return Object.assign(db, {
      kind: 'pglite' as const,
      async drop() {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    });
  }
  if (kind === 'pglite') {
    const db = await openDatabase({ memory: true });
    await migrate(db);
    return Object.assign(db, { kind: 'pglite' as const, drop: () => db.close() });
  }
  const { name, url } = await createPgDatabase();
  const db = await openDatabase({ databaseUrl: url, poolMax: 10 });
  await migrate(db);
  return Object.assign(db, {
    kind: 'postgres' as const,
    url,
    async drop() {
      await db.close();
      await dropPgDatabase(name);
    },
  });
}
