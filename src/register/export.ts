// `cdp export`: the register as the board pack — every action with its place in the plan,
// lead and partners, due date (with original date and moves), status and latest update; and
// the contracts. Headings are ones the import reads, so an export re-imports to the same
// register. XLSX: sheets Actions, Contracts, Agencies. CSV: the actions, plus
// `<out>-contracts.csv` beside them. CSV cells that look like formulas are neutralised
// (csv.ts); --out is never written through a symbolic link (files.ts).
import path from 'node:path';
import type ExcelJS from 'exceljs';
import type { PrismaClient } from '../generated/prisma/client.js';
import { toIsoDate } from '../calendar/uk-date.js';
import { domainError, err, ok, type Result } from '../result.js';
import { UPDATE_ROWS } from './import/apply-actions.js';
import { GBP_FORMAT, overdueCell, statusCell, UK_DATE_FORMAT } from '../report/xlsx-style.js';
import { toCsv } from './csv.js';
import { displayPath, SymlinkRefused, writeFileNoFollow } from './files.js';
import { ACTION_STATUSES, ROUTE_LABEL, STAGE_LABEL, STATUS_INFO } from './status.js';

type Cell = string | number | Date | null;

export interface ExportTable {
  name: string;
  headings: string[];
  rows: Cell[][];
  /** Columns holding dates (written as real date cells in XLSX). */
  dateColumns: number[];
  /** Columns holding money (numbers shown in pounds in XLSX). */
  moneyColumns?: number[];
}

export const ACTION_HEADINGS = ['Ref', 'Pillar', 'Priority', 'Objective', 'Action', 'Lead agency', 'Lead officer', 'Deputies', 'Partner agencies', 'Due', 'Original due', 'Due moves', 'Status', 'Days overdue', 'Last update', 'Last update date', 'Notes', 'Subgroup'];
export const CONTRACT_HEADINGS = ['Ref', 'Service', 'Provider', 'Commissioner', 'Start date', 'Expiry date', 'Extension options', 'Extension notice date', 'Annual value', 'Route', 'Stage', 'Action', 'Notes', 'Last update date'];
export const AGENCY_HEADINGS = ['Name', 'Aliases', 'Kind', 'Short name'];
/** The people the actions name (lead officers, deputies), so the workbook re-imports into a fresh partnership. */
export const PEOPLE_HEADINGS = ['Name', 'Email', 'Agency'];

const day = (d: Date | null | undefined): Date | null => (d ? new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())) : null);

const person = (p: { name: string; email: string } | null | undefined) => (p ? `${p.name} <${p.email}>` : '');

/** Days past the due date of an open action (not ongoing), else null: an overdue action shows as overdue, whatever its status says. */
export function daysOverdue(a: { status: keyof typeof STATUS_INFO; dueDate: Date | null }, today: Date | null): number | null {
  if (!today || !a.dueDate || !STATUS_INFO[a.status].open || a.status === 'ongoing') return null;
  const d = Math.round((today.getTime() - day(a.dueDate)!.getTime()) / 86_400_000);
  return d > 0 ? d : null;
}

export async function buildExportTables(prisma: PrismaClient, partnershipId: string, today: Date | null = null): Promise<{ actions: ExportTable; contracts: ExportTable; agencies: ExportTable; people: ExportTable }> {
  const actions = await prisma.action.findMany({
    where: { partnershipId },
    include: {
      objective: { include: { priority: { include: { pillar: true } } } },
      leadAgency: true,
      leadOfficer: true,
      deputies: { include: { person: true }, orderBy: { position: 'asc' } },
      partners: { include: { agency: true }, orderBy: { position: 'asc' } },
      subgroup: true,
    },
  });
  const notes = await prisma.statusUpdate.findMany({
    where: { partnershipId, note: { not: null }, ...UPDATE_ROWS },
    orderBy: [{ actionId: 'asc' }, { createdAt: 'desc' }],
    distinct: ['actionId'],
    select: { actionId: true, note: true },
  });
  const latest = new Map(notes.map((n) => [n.actionId, n.note ?? '']));
  actions.sort((a, b) => {
    const pa = a.objective.priority.pillar.position - b.objective.priority.pillar.position;
    return pa || a.position - b.position || a.ref.localeCompare(b.ref, 'en', { numeric: true });
  });
  const actionRows: Cell[][] = actions.map((a) => [
    a.ref,
    a.objective.priority.pillar.name,
    a.objective.priority.name,
    a.objective.name,
    a.title,
    a.leadAgency?.name ?? '',
    person(a.leadOfficer),
    a.deputies.map((d) => person(d.person)).join('; '),
    a.partners.map((p) => p.agency.name).join('; '),
    day(a.dueDate),
    day(a.originalDueDate),
    a.dueMoves,
    STATUS_INFO[a.status].label,
    daysOverdue(a, today),
    latest.get(a.id) ?? '',
    day(a.lastUpdateAt),
    a.notes ?? '',
    a.subgroup?.name ?? '',
  ]);

  const contracts = await prisma.contract.findMany({
    where: { partnershipId },
    include: { commissionerAgency: true, action: { select: { ref: true } } },
    orderBy: { ref: 'asc' },
  });
  const contractRows: Cell[][] = contracts.map((c) => [
    c.ref,
    c.service,
    c.provider ?? '',
    c.commissionerAgency?.name ?? '',
    day(c.startDate),
    day(c.expiryDate),
    c.extensionOptions ?? '',
    day(c.extensionNoticeDate),
    c.annualValue === null ? '' : Number(c.annualValue.toString()),
    ROUTE_LABEL[c.route],
    STAGE_LABEL[c.stage],
    c.action?.ref ?? '',
    c.notes ?? '',
    day(c.lastUpdateAt),
  ]);

  const agencies = await prisma.agency.findMany({ where: { partnershipId }, include: { aliases: true }, orderBy: { name: 'asc' } });
  const agencyRows: Cell[][] = agencies.map((a) => [
    a.name,
    a.aliases.filter((x) => x.alias.toLowerCase() !== a.name.toLowerCase()).map((x) => x.alias).join('; '),
    a.kind ?? '',
    a.shortName ?? '',
  ]);

  const named = await prisma.person.findMany({
    where: { partnershipId, OR: [{ leadsActions: { some: {} } }, { deputyFor: { some: {} } }] },
    include: { agencies: { include: { agency: true } } },
    orderBy: { name: 'asc' },
  });
  const peopleRows: Cell[][] = named.map((p) => [p.name, p.email, p.agencies.map((a) => a.agency.name).sort().join('; ')]);

  return {
    people: { name: 'People', headings: PEOPLE_HEADINGS, rows: peopleRows, dateColumns: [] },
    actions: { name: 'Actions', headings: ACTION_HEADINGS, rows: actionRows, dateColumns: [9, 10, 15] },
    contracts: { name: 'Contracts', headings: CONTRACT_HEADINGS, rows: contractRows, dateColumns: [4, 5, 7, 13], moneyColumns: [8] },
    agencies: { name: 'Agencies', headings: AGENCY_HEADINGS, rows: agencyRows, dateColumns: [] },
  };
}

/** The table as CSV, formula-looking text cells neutralised (csv.ts). */
export function tableToCsv(t: ExportTable): string {
  const rows = t.rows.map((r) => r.map((c) => (c instanceof Date ? toIsoDate(c) : c === null ? '' : typeof c === 'number' ? c : String(c))));
  return toCsv([t.headings, ...rows]);
}


export async function tablesToXlsx(tables: ExportTable[], title: string): Promise<Buffer> {
  // exceljs (~15 MB) is loaded on the first spreadsheet, not at start.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'cdp-bot';
  wb.title = title;
  for (const t of tables) {
    const ws = wb.addWorksheet(t.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(t.headings).font = { bold: true };
    for (const r of t.rows) ws.addRow(r.map((c) => (c === '' ? null : c)));
    for (const col of t.dateColumns) ws.getColumn(col + 1).numFmt = UK_DATE_FORMAT;
    for (const col of t.moneyColumns ?? []) ws.getColumn(col + 1).numFmt = GBP_FORMAT;
    t.headings.forEach((h, i) => {
      const longest = Math.max(h.length, ...t.rows.slice(0, 200).map((r) => String(r[i] ?? '').length));
      ws.getColumn(i + 1).width = Math.min(60, Math.max(10, longest + 2));
    });
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.headings.length } };
    const statusCol = t.headings.indexOf('Status');
    const overdueCol = t.headings.indexOf('Days overdue');
    if (statusCol >= 0) {
      ws.eachRow((row, n) => {
        if (n === 1) return;
        const label = String(row.getCell(statusCol + 1).value ?? '');
        const status = ACTION_STATUSES.find((s) => STATUS_INFO[s].label === label);
        if (status) statusCell(row.getCell(statusCol + 1), status);
        // Overdue is red whatever the status says: "On track" 150 days past its date is not green.
        if (status && overdueCol >= 0 && Number(row.getCell(overdueCol + 1).value) > 0) overdueCell(row.getCell(statusCol + 1));
      });
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ExportOptions {
  format?: 'csv' | 'xlsx';
  /** File to write; without it, CSV of the actions is returned as text (for stdout). */
  out?: string;
  /** The partnership's local day, for "Days overdue" (left empty without it). */
  today?: Date;
}

export interface ExportResult {
  files: string[];
  /** The actions CSV when no --out was given. */
  text?: string;
  actions: number;
  contracts: number;
}

/** The contracts file written beside a CSV export: plan.csv → plan-contracts.csv. */
export function contractsCsvPath(out: string): string {
  const ext = path.extname(out);
  return `${ext ? out.slice(0, -ext.length) : out}-contracts${ext || '.csv'}`;
}

export async function exportRegister(prisma: PrismaClient, partnershipId: string, opts: ExportOptions): Promise<Result<ExportResult>> {
  const format = opts.format ?? (opts.out && /\.xlsx$/i.test(opts.out) ? 'xlsx' : 'csv');
  if (format !== 'csv' && format !== 'xlsx') return err(domainError('bad_format', `Unknown format "${String(format)}".`, 'Use --format csv or --format xlsx.'));
  if (format === 'xlsx' && !opts.out) return err(domainError('out_required', 'An XLSX export needs a file to write to.', 'cdp export --format xlsx --out board-pack.xlsx'));
  const p = await prisma.partnership.findUniqueOrThrow({ where: { id: partnershipId } });
  const t = await buildExportTables(prisma, partnershipId, opts.today ?? null);
  const counts = { actions: t.actions.rows.length, contracts: t.contracts.rows.length };
  if (!opts.out) return ok({ files: [], text: tableToCsv(t.actions), ...counts });
  const out = path.resolve(opts.out);
  try {
    if (format === 'xlsx') {
      await writeFileNoFollow(out, await tablesToXlsx([t.actions, t.contracts, t.agencies, ...(t.people.rows.length ? [t.people] : [])], `${p.name} delivery plan ${p.planYear}`));
      return ok({ files: [out], ...counts });
    }
    const contractsOut = contractsCsvPath(out);
    await writeFileNoFollow(out, tableToCsv(t.actions));
    await writeFileNoFollow(contractsOut, tableToCsv(t.contracts));
    return ok({ files: [out, contractsOut], ...counts });
  } catch (e) {
    if (e instanceof SymlinkRefused) return err(domainError('symlink_refused', `Nothing was exported: ${e.message}`));
    return err(domainError('write_failed', `Cannot write ${displayPath(out)}: ${displayPath((e as Error).message)}`));
  }
}
