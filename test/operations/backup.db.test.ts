// cdp backup → cdp restore reproduces the demo exactly (the export of both is identical), into
// the same kind of database and across kinds (embedded ↔ PostgreSQL); restores refuse a
// non-empty database, a foreign file and a truncated one, changing nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBackup } from '../../src/backup/dump.js';
import { restoreBackup } from '../../src/backup/restore.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { exportRegister } from '../../src/register/export.js';
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from '../support/db.js';
import { loadDemo } from '../support/demo.js';

let source: TestDatabase;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-backup-'));
const file = path.join(dir, 'demo.backup.gz');
const cleanup: (() => Promise<void>)[] = [];

async function exportAll(db: Database): Promise<string> {
  const ps = await db.prisma.partnership.findMany({ orderBy: { name: 'asc' } });
  const out: string[] = [];
  for (const p of ps) {
    const r = await exportRegister(db.prisma, p.id, { format: 'csv' });
    if (!r.ok) throw new Error(r.error.message);
    out.push(`${p.name}\n${r.value.text}`);
  }
  return out.join('\n');
}

async function emptyPglite(): Promise<Database> {
  const db = await openDatabase({ memory: true });
  await migrate(db);
  cleanup.push(() => db.close());
  return db;
}

beforeAll(async () => {
  source = await createTestDatabase();
  await loadDemo(source, new Date('2026-11-22T12:00:00Z'));
  // History the export shows: an update with a note, so the latest-update column is exercised.
  const action = await source.prisma.action.findFirstOrThrow({ where: { ref: 'TRS-07' } });
  await source.prisma.statusUpdate.create({
    data: { partnershipId: action.partnershipId, actionId: action.id, via: 'cli', oldStatus: action.status, newStatus: 'at_risk', note: 'Backup test: "quoted", comma, and émoji ✓' },
  });
});
afterAll(async () => {
  for (const c of cleanup) await c();
  await source?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('writes a gzip backup of every table', async () => {
    const r = await writeBackup(source, file, new Date('2026-11-29T10:00:00Z'));
    expect(r.rows).toBeGreaterThan(500);
    expect(r.tables).toBeGreaterThan(15);
    const header = JSON.parse(gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n')[0]!);
    expect(header).toMatchObject({ format: 'cdp-backup', version: 1, source: TEST_DB_KIND });
    expect(header.migrations[0]).toBe('0001_init');
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
  });

  it('restores into an empty database of the same kind: the export is identical', async () => {
    const target = await createTestDatabase();
    cleanup.push(() => target.drop());
    const r = await restoreBackup(target, file);
    expect(r.ok).toBe(true);
    expect(await exportAll(target)).toBe(await exportAll(source));
    expect(await target.prisma.statusUpdate.count()).toBe(await source.prisma.statusUpdate.count());
  });

  // The postgres project runs both directions; the pglite project has no PostgreSQL to cross to.
  it.runIf(TEST_DB_KIND === 'postgres')('restores across kinds (PostgreSQL → embedded and embedded → PostgreSQL): identical exports', async () => {
    const embedded = await emptyPglite();
    expect((await restoreBackup(embedded, file)).ok).toBe(true);
    expect(await exportAll(embedded)).toBe(await exportAll(source));

    const fromEmbedded = path.join(dir, 'embedded.backup.gz');
    await writeBackup(embedded, fromEmbedded, new Date('2026-11-29T11:00:00Z'));
    const pg = await createTestDatabase();
    cleanup.push(() => pg.drop());
    expect((await restoreBackup(pg, fromEmbedded)).ok).toBe(true);
    expect(await exportAll(pg)).toBe(await exportAll(source));
  });

  it('refuses a database that is not empty, and changes nothing', async () => {
    const before = await source.prisma.action.count();
    const r = await restoreBackup(source, file);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toMatch(/already holds 1 partnership/);
      expect(r.error.hint).toMatch(/empty/);
    }
    expect(await source.prisma.action.count()).toBe(before);
  });

  it('refuses a file that is not a backup, and a truncated one, leaving the target empty', async () => {
    const junk = path.join(dir, 'junk.gz');
    fs.writeFileSync(junk, gzipSync('ref,title\nTRS-01,x\n'));
    const target = await emptyPglite();
    const a = await restoreBackup(target, junk);
    expect(!a.ok && a.error.message).toMatch(/is not a cdp backup/);

    const lines = gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    const cut = path.join(dir, 'cut.gz');
    fs.writeFileSync(cut, gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')));
    const b = await restoreBackup(target, cut);
    expect(!b.ok && b.error.message).toMatch(/nothing was kept: the file ends inside table/);
    expect(await target.prisma.partnership.count()).toBe(0);
    expect(await target.prisma.action.count()).toBe(0);
  });
});
