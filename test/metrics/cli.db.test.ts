// `cdp metrics` and `cdp report quarter` through commander on the demo (with its labelled demo
// figures for the headline metrics).
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as metricsVerb from '../../src/cli/verbs/metrics.js';
import * as reportVerb from '../../src/cli/verbs/report.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { loadDemo } from '../support/demo.js';
import { cliRunner } from '../support/cli.js';

let db: TestDatabase;
let dir: string;
const wallClock = new Date('2026-11-22T12:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  await loadDemo(db, wallClock);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cdp-quarter-'));
});
afterAll(async () => {
  await db?.drop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

// The database is opened in beforeAll: the runner is made per call.
const cdp = (...argv: string[]) => cliRunner(db, [metricsVerb, reportVerb], () => wallClock, () => dir)(...argv);

describe('cdp metrics', () => {
  it('list: the demo headline figures with target, RAG, trend and owner', async () => {
    const r = await cdp('metrics', 'list');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/IO2\.2 \*\s+Continuity of care.*47% \(Q2 2026\/27\)\s+50%\s+amber\s+↑ improving\s+Megan Bowen/);
    expect(r.out).toMatch(/IO1\.2 \*.*13 \(Q2 2026\/27\)\s+15\s+red\s+↓ worsening/);
    expect(r.out).toContain('33 metrics in "Tower Hamlets"');
  });

  it('record: refuses a future quarter with the CLI form; records and corrects', async () => {
    const future = await cdp('metrics', 'record', 'IO2.2', '--period', 'Q4 2026/27', '--value', '50');
    expect(future.code).toBe(1);
    expect(future.err).toContain('Q4 2026/27 is in the future');
    expect(future.err).toContain('cdp metrics record IO2.2 --period "Q2 2026/27" --value 47.5');
    const ok = await cdp('metrics', 'record', 'io2.2', '--period', 'Q2 26/27', '--value', '48', '--source', 'NDTMS revised', '--as', 'adelev@example.com');
    expect(ok.out.trim()).toBe('IO2.2 Q2 2026/27 recorded as 48% (corrects 47%; both stay in the history) — Amber (near target) against a target of 50%.');
  });
});

describe('cdp report quarter', () => {
  it('writes the workbook: exceptions, and the metrics with four quarters, target, RAG and trend', async () => {
    const r = await cdp('report', 'quarter', '--quarter', 'Q2 2026/27', '--out', 'q2.xlsx');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Quarterly report Q2 2026\/27 for "Tower Hamlets" written to .*q2\.xlsx: 156 actions/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'q2.xlsx'));
    const rows: unknown[][] = [];
    wb.getWorksheet('Metrics')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const io22 = rows.find((x) => x[0] === 'IO2.2')!;
    expect(io22.slice(5, 14)).toEqual([38, 41, 44, 48, 48, 'Q2 2026/27', 50, 'Amber (near target)', '↑ improving']);
    const so31 = rows.find((x) => x[0] === 'SO3.1')!;
    expect(so31.slice(5, 9)).toEqual([undefined, undefined, 58, 54]);
    expect(rows.some((x) => x[0] === 'Annual metrics (financial years)')).toBe(true);
  });

  it('the HTML names the quarter and shows the trend charts and exceptions of the quarter in progress', async () => {
    const r = await cdp('report', 'quarter', '--quarter', 'Q3 2026/27', '--format', 'html', '--out', 'q3.html');
    expect(r.code).toBe(0);
    const html = await fs.readFile(path.join(dir, 'q3.html'), 'utf8');
    expect(html).toContain('<strong>Q3 2026/27</strong> (Oct–Dec 2026) · actions as at 22 Nov 2026 (quarter in progress)');
    expect(html).toContain('<svg');
    expect(html).toMatch(/Exceptions \([1-9]\d*\)/);
  });

  it("the board pack gains a Metrics section: a sheet with each metric's figures, RAG and trend, and trend charts in the HTML", async () => {
    expect((await cdp('report', 'board', '--format', 'xlsx', '--out', 'board.xlsx')).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'board.xlsx'));
    const rows: unknown[][] = [];
    wb.getWorksheet('Metrics')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const io12 = rows.find((x) => x[0] === 'IO1.2')!;
    expect(io12.slice(3)).toEqual(['Q3 2025/26 – Q2 2026/27', '14 · 12 · 17 · 13', 13, 15, 'Red (off target)', '↓ worsening']);
    expect((await cdp('report', 'board', '--format', 'html', '--out', 'board.html')).code).toBe(0);
    const html = await fs.readFile(path.join(dir, 'board.html'), 'utf8');
    const section = html.slice(html.indexOf('id="metrics"'));
    expect(section).toContain('<svg');
    expect(section).toContain('IO2.2');
  });

  it('refuses a year or an unknown format', async () => {
    expect((await cdp('report', 'quarter', '--quarter', '2026/27')).err).toContain('is a year: give a quarter');
    expect((await cdp('report', 'quarter', '--format', 'pdf')).code).toBe(2);
  });
});
