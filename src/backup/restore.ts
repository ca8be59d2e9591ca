// cdp restore: loads a backup into an EMPTY database (a new DATA_DIR, or an empty PostgreSQL
// database), after migrating it. One transaction: a damaged or foreign file changes nothing.
import fs from 'node:fs';
import readline from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Database, SqlRunner } from '../db/client.js';
import { readMigrations } from '../db/migrate.js';
import { domainError, err, ok, type Result } from '../result.js';
import { BACKUP_FORMAT, BACKUP_VERSION, ident, type BackupHeader } from './format.js';

export interface RestoreReport {
  tables: number;
  rows: number;
  createdAt: string;
  source: string;
}

const BATCH = 500;

export async function restoreBackup(db: Database, file: string): Promise<Result<RestoreReport>> {
  if (!fs.existsSync(file)) return err(domainError('not_found', `No file at ${file}.`, 'Give the path of a file written by `cdp backup --out FILE`.'));
  const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity })[Symbol.asyncIterator]();
  let header: BackupHeader;
  try {
    const first = await lines.next();
    header = JSON.parse(first.done ? '' : first.value) as BackupHeader;
    if (header.format !== BACKUP_FORMAT) throw new Error('format');
  } catch {
    return err(domainError('not_a_backup', `${file} is not a cdp backup.`, 'Restore a file written by `cdp backup --out FILE` (gzip, JSON lines).'));
  }
  if (header.version > BACKUP_VERSION) {
    return err(domainError('too_new', `${file} was written by a newer cdp-bot (backup format ${header.version}).`, 'Upgrade cdp-bot, then restore.'));
  }
  const known = new Set(readMigrations().map((m) => m.name));
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length) {
    return err(domainError('too_new', `${file} comes from a database with migrations this cdp-bot does not have (${unknown.join(', ')}).`, 'Upgrade cdp-bot to the version that wrote it, then restore.'));
  }
  const partnerships = await db.prisma.partnership.count();
  if (partnerships > 0) {
    return err(
      domainError(
        'not_empty',
        `The target database already holds ${partnerships} partnership(s); a restore only goes into an empty one, so nothing was changed.`,
        'Point DATA_DIR at a new, empty folder (or DATABASE_URL at an empty PostgreSQL database) and run cdp restore again.',
      ),
    );
  }
  let rows = 0;
  try {
    await db.withSession(async (sql) => {
      await sql.exec('begin');
      try {
        for (const t of header.tables) rows += await restoreTable(sql, t.name, t.columns, t.rows, lines);
        await sql.exec('commit');
      } catch (e) {
        await sql.exec('rollback');
        throw e;
      }
    });
  } catch (e) {
    return err(domainError('restore_failed', `The restore stopped and nothing was kept: ${(e as Error).message}`, 'Check that the file is complete (a copy interrupted midway cannot be restored).'));
  }
  return ok({ tables: header.tables.length, rows, createdAt: header.createdAt, source: header.source });
}

async function restoreTable(sql: SqlRunner, table: string, columns: string[], count: number, lines: AsyncIterator<string>): Promise<number> {
  // Only the columns the backup has: columns added by later migrations keep their defaults.
  const present = await sql.query<{ attname: string }>(
    `select attname::text as attname from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped`,
    [ident(table)],
  );
  const have = new Set(present.map((c) => c.attname));
  const cols = columns.filter((c) => have.has(c)).map(ident).join(', ');
  const insert = `insert into ${ident(table)} (${cols}) select ${cols} from json_populate_recordset(null::${ident(table)}, $1::json)`;
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length) await sql.query(insert, [`[${batch.join(',')}]`]);
    batch = [];
  };
  for (let i = 0; i < count; i++) {
    const next = await lines.next();
    if (next.done) throw new Error(`the file ends inside table ${table} (${i} of ${count} rows)`);
    batch.push(next.value);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return count;
}
