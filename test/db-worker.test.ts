// The embedded database as `cdp start` runs it: PGlite in a worker thread behind a Unix socket.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';

describe('embedded database in a worker thread', () => {
  let dir: string;
  let db: Database;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-worker-'));
    db = await openDatabase({ dataDir: dir, worker: true });
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the migrated schema through its socket, readable only by its owner', async () => {
    expect(db.kind).toBe('pglite');
    expect(await db.ping()).toBe(true);
    const mode = fs.statSync(path.join(dir, '.s.PGSQL.5432')).mode & 0o777;
    expect(mode).toBe(0o600);
    await db.prisma.partnership.create({ data: { name: 'Tower Hamlets', planYear: '2026-27' } });
    expect(await db.prisma.partnership.count()).toBe(1);
  });

  it('keeps concurrent transactions apart: 30 read-modify-write transactions lose nothing', async () => {
    const p = await db.prisma.partnership.create({ data: { name: 'Haringey', planYear: '' } });
    await Promise.all(
      Array.from({ length: 30 }, () =>
        db.prisma.$transaction(async (tx) => {
          const cur = await tx.partnership.findUniqueOrThrow({ where: { id: p.id } });
          await new Promise((r) => setTimeout(r, 2));
          await tx.partnership.update({ where: { id: p.id }, data: { planYear: `${cur.planYear}x` } });
        }),
      ),
    );
    expect((await db.prisma.partnership.findUniqueOrThrow({ where: { id: p.id } })).planYear).toHaveLength(30);
  });

  it('keeps its data after close and reopen', async () => {
    await db.close();
    db = await openDatabase({ dataDir: dir, worker: true });
    expect((await migrate(db)).applied).toEqual([]);
    expect(await db.prisma.partnership.count()).toBe(2);
  });
});
