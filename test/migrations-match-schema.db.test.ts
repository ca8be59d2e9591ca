// The migrations (applied by our own runner) build exactly the schema prisma/schema.prisma
// describes: every column, type, default, index, constraint and enum value. Several people add
// migrations by hand-written SQL; this catches one that drifted from the Prisma schema.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase, createTestDatabase, TEST_DB_KIND, type TestDatabase } from './support/db.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

const SHAPE = `
  select table_name || '.' || column_name || ' ' || data_type || ' ' || udt_name || ' ' || is_nullable || ' ' || coalesce(column_default, '') as line
    from information_schema.columns where table_schema = current_schema() and table_name <> '_cdp_migrations'
  union all select 'index ' || indexdef from pg_indexes where schemaname = current_schema() and tablename <> '_cdp_migrations'
  union all select 'constraint ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid) from pg_constraint
            where connamespace = current_schema()::regnamespace and conrelid::regclass::text <> '"_cdp_migrations"' and conrelid::regclass::text <> '_cdp_migrations'
  union all select 'enum ' || t.typname || ' ' || e.enumlabel from pg_enum e join pg_type t on t.oid = e.enumtypid
  order by 1`;

describe('migrations and schema.prisma', () => {
  it.runIf(TEST_DB_KIND === 'postgres')('describe the same database', async () => {
    const migrated = await createTestDatabase();
    const reference = await createEmptyDatabase();
    dbs.push(migrated, reference);
    const sql = execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/prisma/build/index.js'), 'migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: 'postgres://localhost/unused' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    await reference.withSession((s) => s.exec(sql));
    const shape = async (d: TestDatabase) => (await d.withSession((s) => s.query<{ line: string }>(SHAPE))).map((r) => r.line);
    expect(await shape(migrated)).toEqual(await shape(reference));
  }, 120_000);
});
