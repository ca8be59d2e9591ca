// The app's own migration runner: applies prisma/migrations/*/migration.sql in name order,
// each in a transaction, recording what was applied in _cdp_migrations with a checksum.
// On PostgreSQL an advisory lock makes two processes starting at once safe.
// (`prisma migrate deploy` cannot be used here: see ENVIRONMENT.md.)
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, SqlRunner } from './client.js';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prisma/migrations');

/** Arbitrary constant: the advisory lock key for migrations. */
const LOCK_KEY = 727_314_001;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateReport {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  if (!fs.existsSync(dir)) throw new MigrationError(`no migrations folder at ${dir}`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

/** In-process serialisation (PGlite has one session; PostgreSQL also gets the advisory lock). */
const running = new WeakMap<Database, Promise<unknown>>();

export async function migrate(db: Database, migrations = readMigrations()): Promise<MigrateReport> {
  const previous = running.get(db) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => migrateNow(db, migrations));
  running.set(db, next);
  return next;
}

async function migrateNow(db: Database, migrations: Migration[]): Promise<MigrateReport> {
  return db.withSession(async (sql) => {
    if (db.kind === 'postgres') await sql.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      return await applyAll(sql, migrations);
    } finally {
      if (db.kind === 'postgres') await sql.query('select pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  });
}

async function applyAll(sql: SqlRunner, migrations: Migration[]): Promise<MigrateReport> {
  await sql.exec(`create table if not exists "_cdp_migrations" (
    name text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`);
  const done = new Map(
    (await sql.query<{ name: string; checksum: string }>('select name, checksum from "_cdp_migrations"')).map((r) => [r.name, r.checksum]),
  );
  const report: MigrateReport = { applied: [], alreadyApplied: [] };
  for (const m of migrations) {
    const seen = done.get(m.name);
    if (seen !== undefined) {
      if (seen !== m.checksum) {
        throw new MigrationError(
          `migration ${m.name} was changed after it was applied (checksum differs); add a new migration instead of editing an applied one`,
        );
      }
      report.alreadyApplied.push(m.name);
      continue;
    }
    await sql.exec('begin');
    try {
      await sql.exec(m.sql);
      await sql.query('insert into "_cdp_migrations" (name, checksum) values ($1, $2)', [m.name, m.checksum]);
      await sql.exec('commit');
    } catch (e) {
      await sql.exec('rollback');
      throw new MigrationError(`migration ${m.name} failed: ${(e as Error).message}`);
    }
    report.applied.push(m.name);
  }
  return report;
}
