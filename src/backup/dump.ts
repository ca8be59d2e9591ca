// cdp backup: a consistent, logical copy of every table (one REPEATABLE READ snapshot), written
// as gzip'd JSON lines. Works on the embedded database (also from inside a running bot) and on
// PostgreSQL, and restores into either: it is also the way from the embedded database to PostgreSQL.
import fs from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Database } from '../db/client.js';
import { BACKUP_FORMAT, BACKUP_VERSION, ident, parentsFirst, TABLES_SQL, type BackupHeader, type TableInfo } from './format.js';

export interface BackupReport {
  file: string;
  tables: number;
  rows: number;
  bytes: number;
  migrations: number;
}

export async function writeBackup(db: Database, file: string, now: Date): Promise<BackupReport> {
  // Write beside the target and rename at the end: a failed backup never leaves half a file
  // under the name a restore would pick up. 'wx' also refuses to follow a planted symlink.
  const tmp = `${file}.partial-${process.pid}`;
  const gzip = createGzip();
  const sink = fs.createWriteStream(tmp, { flags: 'wx', mode: 0o600 });
  gzip.pipe(sink);
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  let rows = 0;
  let tables: TableInfo[] = [];
  let migrations: string[] = [];
  try {
    await db.withSession(async (sql) => {
      await sql.exec('begin isolation level repeatable read read only');
      try {
        migrations = (await sql.query<{ name: string }>('select name from "_cdp_migrations" order by name')).map((r) => r.name);
        const catalogue = await sql.query<{ name: string; columns: string[]; parents: string[] }>(TABLES_SQL);
        const order = parentsFirst(catalogue);
        const byName = new Map(catalogue.map((t) => [t.name, t]));
        tables = [];
        for (const name of order) {
          const n = await sql.query<{ n: string | number }>(`select count(*) as n from ${ident(name)}`);
          tables.push({ name, columns: byName.get(name)!.columns, rows: Number(n[0]!.n) });
        }
        const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: now.toISOString(), source: db.kind, migrations, tables };
        await write(JSON.stringify(header));
        for (const t of tables) {
          const result = await sql.query<{ j: unknown }>(`select row_to_json(t) as j from ${ident(t.name)} t`);
          for (const r of result) {
            await write(typeof r.j === 'string' ? r.j : JSON.stringify(r.j));
            rows++;
          }
        }
      } finally {
        await sql.exec('rollback');
      }
    });
    gzip.end();
    await once(sink, 'close');
    fs.renameSync(tmp, file);
  } catch (e) {
    gzip.destroy();
    sink.destroy();
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return { file, tables: tables.length, rows, bytes: fs.statSync(file).size, migrations: migrations.length };
}
