import { afterEach, describe, expect, it } from 'vitest';
import { migrate, readMigrations, MigrationError } from '../src/db/migrate.js';
import { createEmptyDatabase, TEST_DB_KIND, type TestDatabase } from './support/db.js';

describe(`migration runner (${TEST_DB_KIND})`, () => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it('applies every migration to a fresh database and records them', async () => {
    db = await createEmptyDatabase();
    const all = readMigrations().map((m) => m.name);
    const report = await migrate(db);
    expect(report.applied).toEqual(all);
    const rows = await db.withSession((s) => s.query<{ name: string }>('select name from "_cdp_migrations" order by name'));
    expect(rows.map((r) => r.name)).toEqual(all);
    // The schema is usable through Prisma.
    await db.prisma.partnership.create({ data: { name: 'Tower Hamlets', planYear: '2024-25' } });
    expect(await db.prisma.partnership.count()).toBe(1);
  });

  it('changes nothing on an already migrated database', async () => {
    db = await createEmptyDatabase();
    await migrate(db);
    const again = await migrate(db);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied.length).toBe(readMigrations().length);
  });

  it('refuses a migration edited after it was applied', async () => {
    db = await createEmptyDatabase();
    const ms = readMigrations();
    await migrate(db, ms);
    const edited = ms.map((m, i) => (i === 0 ? { ...m, checksum: 'different' } : m));
    await expect(migrate(db, edited)).rejects.toThrow(MigrationError);
  });

  it('two runners at once apply each migration exactly once', async () => {
    db = await createEmptyDatabase();
    const [a, b] = await Promise.all([migrate(db), migrate(db)]);
    const applied = [...a.applied, ...b.applied].sort();
    expect(applied).toEqual(readMigrations().map((m) => m.name));
  });
});
