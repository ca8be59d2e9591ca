// A fresh, migrated database for a test file: in-memory PGlite by default, a throw-away
// PostgreSQL database when CDP_TEST_DB=postgres (the "postgres" vitest project; CI=true
// makes it mandatory, elsewhere it is skipped with a notice when no server answers).
import crypto from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';

export const TEST_DB_KIND: 'pglite' | 'postgres' = process.env.CDP_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
export const PG_ADMIN_URL = process.env.CDP_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase extends Database {
  /** Connection string of this test's PostgreSQL database (undefined on PGlite). */
  url?: string;
  drop(): Promise<void>;
}

let pgAvailable: boolean | undefined;
export async function postgresAvailable(): Promise<boolean> {
  if (pgAvailable !== undefined) return pgAvailable;
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    pgAvailable = true;
  } catch {
    pgAvailable = false;
  } finally {
    await c.end().catch(() => {});
  }
  return pgAvailable;
}

/** Creates an empty database (no migrations) — for migration runner tests. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  if (TEST_DB_KIND === 'pglite') {
    const db = await openDatabase({ memory: true });
    return Object.assign(db, { drop: () => db.close() });
  }
  if (!(await postgresAvailable())) {
    throw new Error(`PostgreSQL is not reachable at ${PG_ADMIN_URL} (CDP_TEST_DB=postgres). Start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`);
  }
  const name = `cdp_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  const db = await openDatabase({ databaseUrl: url, poolMax: 5 });
  return Object.assign(db, {
    url,
    async drop() {
      await db.close();
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  });
}

/** A fresh database with every migration applied. Call drop() in afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const db = await createEmptyDatabase();
  await migrate(db);
  return db;
}
