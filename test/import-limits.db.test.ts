// Imports are read off the request path with limits (SPEC §10 "Trust boundaries") and go
// through the personal-data guard (§10 "Personal data"): file size, an XLSX that unpacks to
// more than allowed (a zip bomb made here), rows, personal data in any cell (refused whole,
// every cell listed by line and column), and a 20,000-row file parsed while an HTTP server in
// this process keeps answering.
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../src/register/import/index.js';
import { DEFAULT_IMPORT_LIMITS } from '../src/register/import/limits.js';
import { readImportFiles } from '../src/register/import/read-off-thread.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';

const AGENCIES = path.resolve('prisma/seed/tower-hamlets-agencies.csv');
const now = new Date('2026-11-22T10:00:00Z');
let db: TestDatabase;
let tmp: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cdp-import-limits-'));
});
afterAll(async () => {
  await db?.drop();
  await fs.rm(tmp, { recursive: true, force: true });
});

const HEADINGS = 'Ref,Pillar,Priority,Objective,Action,Lead agency,Due,Status,Update';
function planCsv(rows: number, cell: (i: number) => string = (i) => `Update ${i}: provider mobilised`): string {
  const lines = [HEADINGS];
  for (let i = 1; i <= rows; i++) {
    lines.push(`L-${i},Deliver a world-class treatment and recovery system,Improve treatment access,More people in treatment,Generated action ${i},RESET,31/03/2027,green,"${cell(i)}"`);
  }
  return `${lines.join('\n')}\n`;
}
const write = async (name: string, text: string | Buffer) => {
  const f = path.join(tmp, name);
  await fs.writeFile(f, text);
  return f;
};
const actionCount = () => db.prisma.action.count();

describe('import limits', () => {
  it('a file over IMPORT_MAX_BYTES is refused, saying the limit and how to raise it', async () => {
    const f = await write('plan.csv', planCsv(50));
    const r = await importFile(db, { partnershipName: 'Limits', files: [f], now, limits: { ...DEFAULT_IMPORT_LIMITS, maxBytes: 2048 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('import_limit');
    expect(r.error.message).toMatch(/plan\.csv is \d+ kB; the largest file accepted is 2 kB \(IMPORT_MAX_BYTES\)/);
    expect(r.error.hint).toContain('set IMPORT_MAX_BYTES');
  });

  it('a zip bomb (a small .xlsx that unpacks to 60 MB) is refused before it is inflated', async () => {
    const zip = new AdmZip();
    zip.addFile('[Content_Types].xml', Buffer.from('<?xml version="1.0"?><Types/>'));
    zip.addFile('xl/worksheets/sheet1.xml', Buffer.alloc(60 * 1024 * 1024, 0x20));
    const f = await write('bomb.xlsx', zip.toBuffer());
    expect((await fs.stat(f)).size).toBeLessThan(1024 * 1024);
    const before = await actionCount();
    const r = await importFile(db, { partnershipName: 'Limits', files: [f], now });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('import_limit');
    expect(r.error.message).toMatch(/bomb\.xlsx would unpack to 60 MB; the largest workbook accepted unpacks to 50 MB \(IMPORT_MAX_XLSX_BYTES\)\. It was not opened/);
    expect(r.error.hint).toContain('IMPORT_MAX_XLSX_BYTES=');
    expect(await actionCount()).toBe(before);
  });

  it('more rows than IMPORT_MAX_ROWS are refused whole', async () => {
    const f = await write('rows.csv', planCsv(20_100));
    const r = await importFile(db, { partnershipName: 'Limits', files: [AGENCIES, f], now });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(/rows\.csv has 20,101 rows with values; the most accepted in one import is 20,000 \(IMPORT_MAX_ROWS\)/);
    expect(r.error.hint).toContain('IMPORT_MAX_ROWS=');
    const small = await importFile(db, { partnershipName: 'Limits', files: [AGENCIES, await write('small.csv', planCsv(30))], now, limits: { ...DEFAULT_IMPORT_LIMITS, maxRows: 10 } });
    expect(!small.ok && small.error.message).toMatch(/the most accepted in one import is 10 \(IMPORT_MAX_ROWS\)/);
  }, 60_000);

  it('a file name with control characters is never echoed raw', async () => {
    const f = await write('evil\u001b[31m.csv', planCsv(50));
    const r = await importFile(db, { partnershipName: 'Limits', files: [f], now, limits: { ...DEFAULT_IMPORT_LIMITS, maxBytes: 100 } });
    expect(!r.ok && r.error.message).toContain('evil\\u001b[31m.csv');
    expect(!r.ok && r.error.message).not.toContain('\u001b');
  });
});

describe('personal data in an import', () => {
  it('is refused whole, every cell listed by line and column, nothing written', async () => {
    const f = await write('leaky.csv', planCsv(12, (i) =>
      i === 4 ? 'client John Smith (DOB 12/03/1985) re-engaged' : i === 9 ? 'NHS 943\u200B476\u200B5919 referred' : `Update ${i}: all on track`));
    const before = await actionCount();
    const r = await importFile(db, { partnershipName: 'Leaky', files: [AGENCIES, f], now });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('personal_data');
    expect(r.error.message).toContain('Nothing was imported: 2 cells seem to hold');
    expect(r.error.message).toMatch(/leaky\.csv:\n {2}line 5, column I \(Update\): a date of birth \("DOB 12\/03\/1985"\)/);
    expect(r.error.message).toMatch(/line 10, column I \(Update\): an NHS number/);
    expect(r.error.hint).toContain('anonymise');
    expect(await actionCount()).toBe(before);
    expect(await db.prisma.partnership.count({ where: { name: 'Leaky' } })).toBe(0);
  });

  it('the real Tower Hamlets plan passes the guard (no false positives on 156 actions)', async () => {
    const r = await readImportFiles([AGENCIES, path.resolve('prisma/seed/tower-hamlets-2024-25-actions.csv'), path.resolve('prisma/seed/tower-hamlets-2024-25-contracts.csv')], DEFAULT_IMPORT_LIMITS, now);
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
  });
});

describe('imports off the request path', () => {
  it('a 20,000-row file is parsed and checked while this process keeps answering HTTP requests', async () => {
    const f = await write('twenty-thousand.csv', planCsv(20_000));
    const server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    let done = false;
    let answered = 0;
    const read = readImportFiles([f], DEFAULT_IMPORT_LIMITS, now).finally(() => {
      done = true;
    });
    const get = () => new Promise<void>((resolve, reject) => http.get({ port, host: '127.0.0.1', path: '/healthz' }, (res) => res.resume().on('end', resolve)).on('error', reject));
    while (!done) {
      await get();
      if (!done) answered++;
    }
    server.close();
    const r = await read;
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (r.ok) expect(r.value[0]!.rows).toHaveLength(20_001);
    // The requests were answered while the file was being read (a blocked event loop answers none).
    expect(answered).toBeGreaterThan(5);
  }, 60_000);
});
