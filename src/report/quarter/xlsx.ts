// The quarterly report as a workbook: Summary (actions by pillar and by subgroup at quarter end),
// Exceptions (at risk, off track, blocked with the latest note and lead), Metrics (the last four
// periods, target, RAG by direction, trend). Figures are numbers, dates real date cells shown
// dd/mm/yyyy, RAG cells filled in their colour.
import type ExcelJS from 'exceljs';
import { ACTION_STATUSES, STATUS_INFO } from '../../register/status.js';
import { dbDateOf } from '../../calendar/working-days.js';
import { describePeriod } from '../../metrics/period.js';
import { periodKindOf } from '../../metrics/summary.js';
import { RAG_COLOUR, RAG_LABEL, directionText } from '../../metrics/rag.js';
import type { QuarterReport, StatusCounts } from './data.js';

const UK_DATE = 'dd/mm/yyyy';
const argb = (hex: string) => `FF${hex.replace('#', '').toUpperCase()}`;

function countsHeader(first: string): string[] {
  return [first, 'Actions', ...ACTION_STATUSES.map((s) => STATUS_INFO[s].label), '% complete', 'Completed in quarter', 'Updates in quarter'];
}

function countsRow(r: StatusCounts): (string | number)[] {
  return [r.group, r.total, ...ACTION_STATUSES.map((s) => r.counts[s]), r.percentComplete / 100, r.completedInQuarter, r.updatesInQuarter];
}

function headerRow(row: ExcelJS.Row): void {
  row.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  row.eachCell((c) => { c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } }; });
}

/** Neutralises text that a spreadsheet would run as a formula. */
const safe = (s: string | null | undefined) => (s && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s ?? '');

export async function quarterWorkbook(r: QuarterReport): Promise<Buffer> {
  // exceljs (~15 MB) is loaded on the first spreadsheet, not at start.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'cdp-bot';
  const sum = wb.addWorksheet('Summary');
  sum.addRow([`${r.partnership.name} — quarterly performance report, ${r.quarterLabel} (${describePeriod(r.quarter)})`]).font = { bold: true, size: 14 };
  const asOf = sum.addRow([r.inProgress ? 'Actions as at (quarter in progress)' : 'Actions as at quarter end', dbDateOf(r.asOf)]);
  asOf.getCell(2).numFmt = UK_DATE;
  sum.addRow([]);
  const section = (title: string, first: string, rows: StatusCounts[], withTotal: boolean) => {
    sum.addRow([title]).font = { bold: true, size: 12 };
    headerRow(sum.addRow(countsHeader(first)));
    for (const row of rows) sum.addRow(countsRow(row)).getCell(ACTION_STATUSES.length + 3).numFmt = '0%';
    if (withTotal) {
      const t = sum.addRow(countsRow(r.total));
      t.font = { bold: true };
      t.getCell(ACTION_STATUSES.length + 3).numFmt = '0%';
    }
    sum.addRow([]);
  };
  section('Actions by pillar', 'Pillar', r.byPillar, true);
  section('Actions by subgroup', 'Subgroup', r.bySubgroup, false);
  sum.getColumn(1).width = 48;
  for (let i = 2; i <= ACTION_STATUSES.length + 5; i++) sum.getColumn(i).width = 13;

  const ex = wb.addWorksheet('Exceptions');
  headerRow(ex.addRow(['Ref', 'Action', 'Status', 'Pillar', 'Subgroup', 'Lead', 'Due', 'Latest note (mitigation)', 'Note date']));
  for (const e of r.exceptions) {
    const row = ex.addRow([e.ref, safe(e.title), STATUS_INFO[e.status].label, e.pillar, e.subgroup ?? '', e.lead ?? '', e.dueDate, safe(e.note), e.noteAt ? dbDateOf(e.noteAt.toISOString().slice(0, 10)) : null]);
    row.getCell(7).numFmt = UK_DATE;
    row.getCell(9).numFmt = UK_DATE;
    const rag = e.status === 'at_risk' ? 'amber' : 'red';
    row.getCell(3).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(RAG_COLOUR[rag].fill) } };
    row.getCell(3).font = { bold: true, color: { argb: argb(RAG_COLOUR[rag].text) } };
  }
  if (!r.exceptions.length) ex.addRow(['', 'No action was at risk, off track or blocked at the end of the quarter.']);
  [10, 60, 12, 36, 24, 32, 12, 60, 12].forEach((w, i) => { ex.getColumn(i + 1).width = w; });

  const mx = wb.addWorksheet('Metrics');
  mx.addRow([`Metrics: the last four periods up to ${r.quarterLabel}, the target for the latest period and RAG against it by direction (amber: within 10% of target)`]).font = { bold: true };
  for (const kind of ['quarter', 'year'] as const) {
    const group = r.metrics.filter((m) => periodKindOf(m) === kind);
    if (!group.length) continue;
    mx.addRow([]);
    mx.addRow([kind === 'quarter' ? 'Quarterly metrics' : 'Annual metrics (financial years)']).font = { bold: true, size: 12 };
    headerRow(mx.addRow(['Id', 'Metric', 'Outcome', 'Better', 'Unit', ...group[0]!.periods.map((c) => c.period), 'Latest', 'Latest period', 'Target', 'RAG', 'Trend', 'Source']));
    for (const m of group) {
      const row = mx.addRow([
        m.code, m.name, m.outcome, directionText(m.direction), m.unit === 'percent' ? '%' : m.unit,
        ...m.periods.map((c) => c.value), m.latest?.value ?? null, m.latest?.period ?? '', m.target, m.rag ? RAG_LABEL[m.rag] : '', m.trend?.text ?? '', safe(m.source),
      ]);
      if (m.rag) {
        row.getCell(13).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(RAG_COLOUR[m.rag].fill) } };
        row.getCell(13).font = { bold: true, color: { argb: argb(RAG_COLOUR[m.rag].text) } };
      }
    }
  }
  if (!r.metrics.length) mx.addRow(['', 'No metric has a figure or target in the last four periods.']);
  [8, 60, 34, 16, 8, 11, 11, 11, 11, 10, 14, 10, 20, 14, 40].forEach((w, i) => { mx.getColumn(i + 1).width = w; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
