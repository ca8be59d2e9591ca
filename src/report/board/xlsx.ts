// The board pack as a workbook: Summary, Exceptions, Slippage, Changes, Contracts, Actions (and
// any extra sections, e.g. Metrics). Each sheet: a title and "as at" line, then one table with
// frozen headings and filters; dates are real date cells shown dd/mm/yyyy, money numbers in £,
// percentages numbers shown as %, statuses filled from the status palette.
import type ExcelJS from 'exceljs';
import { formatUkDate } from '../../calendar/uk-date.js';
import { STATUS_INFO, ROUTE_LABEL, STAGE_LABEL } from '../../register/status.js';
import { stageLabelOn } from '../../contracts/regimes.js';
import { GBP_FORMAT, overdueCell, PERCENT_FORMAT, statusCell, UK_DATE_FORMAT } from '../xlsx-style.js';
import { BOARD_RAG_LABEL, BOARD_RAGS, boardRag, EXCEPTION_LABEL, isOverdue, type BoardPack, type SummaryRow } from './pack.js';
import type { BoardSection, SectionCell } from './sections.js';
import { daysBetween } from '../../calendar/working-days.js';

const dateOf = (iso: string | null): Date | null => (iso ? new Date(`${iso}T00:00:00Z`) : null);
const dayOf = (d: Date): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const VIA: Record<string, string> = { slack: 'Slack', teams: 'Teams', console: 'Console', import: 'Import', cli: 'CLI', email: 'Email' };

interface SheetSpec {
  name: string;
  title: string;
  headings: string[];
  rows: SectionCell[][];
  dateColumns?: number[];
  moneyColumns?: number[];
  percentColumns?: number[];
  widths?: number[];
  /** Styles a data row after it is written (status fills etc.). */
  style?: (row: ExcelJS.Row, index: number) => void;
}

const HEAD_ROW = 4;

function addSheet(wb: ExcelJS.Workbook, pack: BoardPack, s: SheetSpec): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: HEAD_ROW }], pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.getCell('A1').value = s.title;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A2').value = `${pack.data.partnership.name} · as at ${formatUkDate(dateOf(pack.data.today)!)} · ${pack.quarter.label}`;
  ws.getCell('A2').font = { color: { argb: 'FF595959' } };
  const head = ws.getRow(HEAD_ROW);
  head.values = s.headings;
  head.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3A5F' } };
  head.alignment = { vertical: 'middle', wrapText: true };
  s.rows.forEach((r, i) => {
    const row = ws.getRow(HEAD_ROW + 1 + i);
    row.values = r.map((c) => (c === '' ? null : c));
    row.alignment = { vertical: 'top', wrapText: true };
    s.style?.(row, i);
  });
  for (const c of s.dateColumns ?? []) ws.getColumn(c + 1).numFmt = UK_DATE_FORMAT;
  for (const c of s.moneyColumns ?? []) ws.getColumn(c + 1).numFmt = GBP_FORMAT;
  for (const c of s.percentColumns ?? []) ws.getColumn(c + 1).numFmt = PERCENT_FORMAT;
  s.headings.forEach((h, i) => {
    const longest = Math.max(h.length, ...s.rows.slice(0, 200).map((r) => (r[i] instanceof Date ? 10 : String(r[i] ?? '').length)));
    ws.getColumn(i + 1).width = s.widths?.[i] ?? Math.min(50, Math.max(9, longest + 2));
  });
  ws.autoFilter = { from: { row: HEAD_ROW, column: 1 }, to: { row: HEAD_ROW + Math.max(1, s.rows.length), column: s.headings.length } };
  return ws;
}

function summaryRows(pack: BoardPack): SectionCell[][] {
  const row = (kind: string, r: SummaryRow): SectionCell[] => [kind, r.group, r.total, ...BOARD_RAGS.map((g) => r.counts[g]), r.percentComplete / 100, r.dueThisQuarter];
  return [...pack.byPillar.map((r) => row('Pillar', r)), ...pack.bySubgroup.map((r) => row('Subgroup', r)), row('Total', pack.total)];
}

export async function boardPackXlsx(pack: BoardPack, extra: BoardSection[] = []): Promise<Buffer> {
  // exceljs (~15 MB) is loaded on the first spreadsheet, not at start.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'cdp-bot';
  wb.title = pack.title;
  const today = pack.data.today;
  const ragCols = BOARD_RAGS.map((r) => BOARD_RAG_LABEL[r]);

  addSheet(wb, pack, {
    name: 'Summary',
    title: `Summary by pillar and subgroup — ${pack.quarter.label}`,
    headings: ['Breakdown', 'Group', 'Actions', ...ragCols, '% complete', `Due in ${pack.quarter.label}`],
    rows: summaryRows(pack),
    percentColumns: [3 + ragCols.length],
    widths: [11, 40],
    style: (row, i) => { if (i === summaryRows(pack).length - 1) row.font = { bold: true }; },
  });

  addSheet(wb, pack, {
    name: 'Exceptions',
    title: 'Exceptions: off track, blocked, overdue and at risk',
    headings: ['Exception', 'Ref', 'Action', 'Pillar', 'Subgroup', 'Owner', 'Status reported', 'Due', 'Days', 'Days detail', 'Mitigation'],
    rows: pack.exceptions.map((e) => [EXCEPTION_LABEL[e.kind], e.action.ref, e.action.title, e.action.pillar, e.action.subgroup ?? '', e.owner, STATUS_INFO[e.action.status].label, dateOf(e.action.dueDate), e.days, e.daysLabel, e.mitigation]),
    dateColumns: [7],
    widths: [11, 9, 50, 24, 22, 24, 14, 12, 7, 24, 60],
    style: (row, i) => {
      const e = pack.exceptions[i]!;
      statusCell(row.getCell(7), e.action.status);
      if (e.kind === 'overdue' || isOverdue(e.action, today)) overdueCell(row.getCell(8));
    },
  });

  addSheet(wb, pack, {
    name: 'Slippage',
    title: 'Slippage: every due-date move',
    headings: ['Ref', 'Action', 'Pillar', 'Lead', 'Moved on', 'By', 'Via', 'From', 'To', 'Days moved', 'Why'],
    rows: pack.slippage.map((m) => [m.ref, m.title, m.pillar, m.lead ?? '', dayOf(m.at), m.by ?? 'Not recorded', VIA[m.via] ?? m.via, dateOf(m.from), dateOf(m.to), m.daysMoved, m.reason]),
    dateColumns: [4, 7, 8],
    widths: [9, 45, 22, 22, 12, 18, 9, 12, 12, 8, 50],
  });

  addSheet(wb, pack, {
    name: 'Changes',
    title: `Status changes since ${formatUkDate(dayOf(pack.data.since))}`,
    headings: ['Ref', 'Action', 'When', 'By', 'Via', 'From', 'To', 'Note'],
    rows: pack.since.changes.map((c) => [c.ref, c.title, dayOf(c.at), c.by ?? 'Not recorded', VIA[c.via] ?? c.via, c.from ? STATUS_INFO[c.from].label : '', STATUS_INFO[c.to].label, c.note ?? '']),
    dateColumns: [2],
    widths: [9, 45, 12, 18, 9, 14, 14, 60],
    style: (row, i) => statusCell(row.getCell(7), pack.since.changes[i]!.to),
  });

  addSheet(wb, pack, {
    name: 'Contracts',
    title: 'Contracts timeline',
    headings: ['Ref', 'Service', 'Provider', 'Commissioner', 'Start', 'Expiry', 'Days left', 'Extension notice by', 'Extension options', 'Annual value', 'Route', 'Stage'],
    rows: pack.contracts.map((c) => [c.ref, c.service, c.provider ?? '', c.commissioner ?? '', dateOf(c.startDate), dateOf(c.expiryDate), c.daysLeft, dateOf(c.extensionNoticeDate), c.extensionOptions ?? '', c.annualValue, ROUTE_LABEL[c.route], stageLabelOn(c.route, c.stage, STAGE_LABEL)]),
    dateColumns: [4, 5, 7],
    moneyColumns: [9],
    widths: [8, 40, 24, 22, 12, 12, 9, 14, 16, 14, 22, 16],
    style: (row, i) => { if (pack.contracts[i]!.daysLeft <= 183) overdueCell(row.getCell(7)); },
  });

  const actions = pack.data.actions;
  addSheet(wb, pack, {
    name: 'Actions',
    title: 'All actions, with the RAG the board sees',
    headings: ['Ref', 'Action', 'Pillar', 'Subgroup', 'Lead', 'Status reported', 'Board RAG', 'Due', 'Original due', 'Due moves', 'Days overdue', 'Latest note', 'Note date'],
    rows: actions.map((a) => [
      a.ref, a.title, a.pillar, a.subgroup ?? '', a.leadShort ?? a.lead ?? '', STATUS_INFO[a.status].label, BOARD_RAG_LABEL[boardRag(a, today)],
      dateOf(a.dueDate), dateOf(a.originalDueDate), a.dueMoves, isOverdue(a, today) ? daysBetween(a.dueDate!, today) : null, a.latestNote?.text ?? '', a.latestNote ? dayOf(a.latestNote.at) : null,
    ]),
    dateColumns: [7, 8, 12],
    widths: [9, 50, 22, 22, 22, 14, 12, 12, 12, 8, 9, 50, 12],
    style: (row, i) => {
      const a = actions[i]!;
      statusCell(row.getCell(6), a.status);
      if (isOverdue(a, today)) overdueCell(row.getCell(7));
      else statusCell(row.getCell(7), a.status);
    },
  });

  for (const s of extra) {
    if (!s.table) continue;
    addSheet(wb, pack, { name: s.id.slice(0, 31), title: s.title, ...s.table });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
