// The board pack on the demo plan: its sheets, cell types and formats read back with exceljs;
// the HTML opened in headless Chromium at A4 width (screenshot in tmp/); the PDF; report runs.
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDateOf } from '../../src/calendar/working-days.js';
import { makeBoardReport, financialQuarter, loadBoardData, buildBoardPack } from '../../src/report/board/index.js';
import { htmlToPdf } from '../../src/report/board/pdf.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { loadDemo } from '../support/demo.js';
import { chromiumPath, inspectHtml } from '../support/html-page.js';

const NOW = new Date('2027-01-11T09:30:00Z');
const TODAY = '2027-01-11';
let db: TestDatabase;
let partnershipId: string;
let wb: ExcelJS.Workbook;
let greenButLate: string;

beforeAll(async () => {
  db = await createTestDatabase();
  ({ partnershipId } = await loadDemo(db, NOW));
  // An action its lead still calls on track, a month past its due date.
  const a = await db.prisma.action.findFirstOrThrow({ where: { partnershipId, status: 'on_track' }, orderBy: { ref: 'asc' } });
  await db.prisma.action.update({ where: { id: a.id }, data: { dueDate: dbDateOf('2026-12-11') } });
  greenButLate = a.ref;
  const r = await makeBoardReport(db.prisma, { partnershipId, now: NOW, format: 'xlsx' });
  if (!r.ok) throw new Error(r.error.message);
  wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.value.bytes as unknown as ArrayBuffer);
}, 120_000);
afterAll(async () => db?.drop());

/** The data rows of a sheet as objects keyed by heading (headings on row 4). */
function rows(name: string): Record<string, ExcelJS.Cell>[] {
  const ws = wb.getWorksheet(name)!;
  const head = (ws.getRow(4).values as unknown[]).slice(1).map(String);
  const out: Record<string, ExcelJS.Cell>[] = [];
  for (let n = 5; n <= ws.rowCount; n++) {
    const row = ws.getRow(n);
    if (!row.hasValues) continue;
    out.push(Object.fromEntries(head.map((h, i) => [h, row.getCell(i + 1)])));
  }
  return out;
}

describe('board pack XLSX', () => {
  it('has the sheets a board reads, each with frozen headings and filters', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Exceptions', 'Slippage', 'Changes', 'Contracts', 'Actions', 'Metrics']);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
      expect(ws.autoFilter).toBeTruthy();
    }
  });

  it('summarises by pillar and subgroup with RAG counts, % complete as a number and the FY quarter', () => {
    const summary = rows('Summary');
    const pillars = summary.filter((r) => r.Breakdown!.value === 'Pillar');
    expect(pillars.map((r) => r.Group!.value)).toEqual(['Break drug supply chains', 'Deliver a world-class treatment and recovery system', 'Achieve a generational shift in demand']);
    const total = summary.find((r) => r.Breakdown!.value === 'Total')!;
    expect(total.Actions!.value).toBe(156);
    expect(typeof total['% complete']!.value).toBe('number');
    expect(total['% complete']!.numFmt).toBe('0%');
    expect(Object.keys(total)).toContain('Due in Q4 2026/27');
    expect(financialQuarter(TODAY)).toEqual({ label: 'Q4 2026/27', start: '2027-01-01', end: '2027-03-31' });
    expect(financialQuarter('2026-04-01').label).toBe('Q1 2026/27');
  });

  it('never shows a past-due open action as green: it is Overdue, with its days', () => {
    const actions = rows('Actions');
    const late = actions.find((r) => r.Ref!.value === greenButLate)!;
    expect(late['Status reported']!.value).toBe('On track');
    expect(late['Board RAG']!.value).toBe('Overdue');
    expect(late['Days overdue']!.value).toBe(31);
    for (const r of actions) {
      const due = r.Due!.value as Date | null;
      const open = !['Complete', 'Cancelled', 'Ongoing'].includes(String(r['Status reported']!.value));
      if (due && open && due.toISOString().slice(0, 10) < TODAY) expect(r['Board RAG']!.value, String(r.Ref!.value)).toBe('Overdue');
    }
    const exception = rows('Exceptions').find((r) => r.Ref!.value === greenButLate)!;
    expect(exception.Exception!.value).toBe('Overdue');
    expect(exception.Days!.value).toBe(31);
    expect(exception.Owner!.value).toBeTruthy();
  });

  it('lists exceptions red first, each with owner, days and mitigation', () => {
    const ex = rows('Exceptions');
    const kinds = ex.map((r) => String(r.Exception!.value));
    expect(kinds[0]).toBe('Off track');
    expect(kinds.indexOf('At risk')).toBeGreaterThan(kinds.lastIndexOf('Off track'));
    for (const r of ex) {
      expect(typeof r.Days!.value).toBe('number');
      expect(String(r.Mitigation!.value)).not.toBe('');
    }
  });

  it('writes dates as date cells shown dd/mm/yyyy and money as numbers in £', () => {
    const slip = rows('Slippage');
    expect(slip.length).toBeGreaterThan(0);
    const first = slip[0]!;
    for (const col of ['Moved on', 'From', 'To']) {
      expect(first[col]!.value, col).toBeInstanceOf(Date);
      expect(first[col]!.numFmt).toBe('dd/mm/yyyy');
    }
    expect(String(first.Why!.value)).not.toBe('');
    expect(typeof first['Days moved']!.value).toBe('number');
    const contracts = rows('Contracts');
    const valued = contracts.find((r) => r['Annual value']!.value !== null)!;
    expect(typeof valued['Annual value']!.value).toBe('number');
    expect(valued['Annual value']!.numFmt).toBe('"£"#,##0.00');
    expect(valued.Expiry!.value).toBeInstanceOf(Date);
    expect(valued.Expiry!.numFmt).toBe('dd/mm/yyyy');
  });

  it('fills status cells from the one palette: ongoing is not complete\'s blue', () => {
    const actions = rows('Actions');
    const fill = (status: string) => (actions.find((r) => r['Status reported']!.value === status)!['Status reported']!.fill as ExcelJS.FillPattern).fgColor?.argb;
    expect(fill('Ongoing')).toBe('FFD6F0EE');
    expect(fill('Complete')).toBe('FFDBE7F7');
  });
});

describe('agency short names', () => {
  it('come from the agencies file\'s short_name column and are what the pack shows as owner', async () => {
    const sm = await db.prisma.agency.findFirstOrThrow({ where: { partnershipId, name: 'London Borough of Tower Hamlets Substance Misuse services' } });
    expect(sm.shortName).toBe('LBTH Substance Misuse');
    const owners = new Set(rows('Exceptions').map((r) => String(r.Owner!.value)));
    expect([...owners].every((o) => o.length <= 30)).toBe(true);
    expect([...owners].some((o) => o.startsWith('London Borough of Tower Hamlets'))).toBe(false);
  });
});

describe('changes since the last board', () => {
  it('counts from the previous recorded run, or from --since', async () => {
    const later = new Date('2027-02-01T09:30:00Z');
    const data = await loadBoardData(db.prisma, { partnershipId, now: later });
    expect(data.sinceSource).toBe('previous report');
    expect(data.since.toISOString()).toBe(NOW.toISOString());
    const given = await loadBoardData(db.prisma, { partnershipId, now: later, since: new Date('2026-12-01T00:00:00Z') });
    expect(given.sinceSource).toBe('given');
    const pack = buildBoardPack(given);
    expect(pack.since.changes.every((c) => c.at > given.since)).toBe(true);
    const refused = await makeBoardReport(db.prisma, { partnershipId, now: later, since: new Date('2027-03-01T00:00:00Z'), format: 'html' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad_since' } });
  });
});

// Skipped only outside CI when no Chromium is installed (CI installs it: .ci/run).
describe.skipIf(!chromiumPath() && process.env.CI !== 'true')('board pack HTML in headless Chromium', () => {
  it('is self-contained, shows four SVG charts (three of the pack, the Metrics trends), has no overflow at A4 width and no console errors', async () => {
    const r = await makeBoardReport(db.prisma, { partnershipId, now: NOW, format: 'html' });
    if (!r.ok) throw new Error(r.error.message);
    const html = r.value.bytes.toString('utf8');
    expect(html).toContain('@media print');
    expect(html).toContain('size:A4');
    expect(html).not.toMatch(/<script|<link |src="http/);
    const seen = await inspectHtml(html, { screenshotDir: path.resolve('tmp/test-screenshots'), name: 'board-pack' });
    expect(seen.consoleErrors).toEqual([]);
    expect(seen.requests).toEqual([]);
    expect(seen.svgCount).toBe(4);
    expect(seen.overflowScreen).toBe(0);
    expect(seen.overflowPrint).toBe(0);
    expect(seen.wideElements).toEqual([]);
  }, 60_000);

  it('prints to a PDF, and says clearly what to do where there is no Chromium', async () => {
    const r = await makeBoardReport(db.prisma, { partnershipId, now: NOW, format: 'pdf' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const none = await htmlToPdf('<p>x</p>', { candidates: [] });
    expect(none).toMatchObject({ ok: false, error: { code: 'no_chromium' } });
    if (!none.ok) expect(none.error.hint).toContain('--format html');
  }, 60_000);
});
