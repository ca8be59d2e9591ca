// Reading a CSV or XLSX file into plain rows with their line numbers, before any meaning is
// given to them. Title rows and blank rows above the heading row are kept (headings.ts finds
// the heading row). Refuses, with a reason, files that are empty, too large, not text, or
// not a real workbook.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { domainError, err, ok, type DomainError, type Result } from '../../result.js';

/** A cell as read: text, a real Excel date (calendar day at 00:00 UTC), a number, or empty. */
export type CellValue = string | number | Date | null;

export interface SourceRow {
  /** 1-based line (CSV: the line the record starts on) or row number (XLSX). */
  line: number;
  cells: CellValue[];
}

export interface SourceSheet {
  /** File name, plus the sheet name for workbooks: "plan.xlsx, sheet Actions". */
  source: string;
  sheetName?: string;
  rows: SourceRow[];
}

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

const fileError = (file: string, message: string, hint?: string): DomainError =>
  domainError('bad_file', `${path.basename(file)}: ${message}`, hint);

const ACCEPTED = 'Save the sheet as .xlsx or as CSV (UTF-8).';

/** Reads a CSV or XLSX file from disk: sheets of rows, or why it cannot be read. */
export async function readTableFile(file: string): Promise<Result<SourceSheet[]>> {
  let size: number;
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return err(fileError(file, 'is not a file.'));
    size = st.size;
  } catch {
    return err(domainError('bad_file', `Cannot read ${file}: no such file.`, 'Give the path of a .csv or .xlsx file.'));
  }
  if (size > MAX_IMPORT_BYTES) {
    return err(fileError(file, `is ${(size / 1024 / 1024).toFixed(1)} MB; the largest file accepted is ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`,
      'A delivery plan is a few hundred kB: check it is the right file, or split it.'));
  }
  const bytes = await fs.readFile(file);
  return readTableBytes(path.basename(file), bytes);
}

export async function readTableBytes(name: string, bytes: Buffer, maxBytes = MAX_IMPORT_BYTES): Promise<Result<SourceSheet[]>> {
  if (bytes.length > maxBytes) {
    return err(fileError(name, `is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; the largest file accepted is ${maxBytes / 1024 / 1024} MB.`));
  }
  if (bytes.length === 0) return err(fileError(name, 'is empty (0 bytes).', 'Export the plan again, with a heading row and one row per action.'));
  const ext = path.extname(name).toLowerCase();
  const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (ext === '.xls' || (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)) {
    return err(fileError(name, 'is an old Excel 97-2003 (.xls) workbook, which cannot be read.', ACCEPTED));
  }
  if (ext === '.xlsx' || ext === '.xlsm' || isZip) {
    if (!isZip) return err(fileError(name, 'is not a valid .xlsx workbook (it is not a zip file; is it a renamed file?).', ACCEPTED));
    return readXlsx(name, bytes);
  }
  return readCsv(name, bytes);
}

function looksBinary(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, Math.min(bytes.length, 64 * 1024));
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control > sample.length * 0.01;
}

function readCsv(name: string, bytes: Buffer): Result<SourceSheet[]> {
  let text: string;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    // Excel's "Unicode text" is UTF-16 with a byte order mark (and usually tab-separated).
    text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
  } else if (looksBinary(bytes)) {
    return err(fileError(name, 'is not a text (CSV) file: it contains binary data.', ACCEPTED));
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // Excel's "CSV" on Windows is often Windows-1252: read it as such rather than refuse.
      text = new TextDecoder('windows-1252').decode(bytes);
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return err(fileError(name, 'is empty (only blank lines).', 'Export the plan again, with a heading row and one row per action.'));
  const delimiter = sniffDelimiter(text);
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parse(text, {
      delimiter,
      info: true,
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
    }) as unknown as typeof records;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return err(fileError(name, `cannot be read as CSV${line ? ` (line ${line})` : ''}: ${(e as Error).message.replace(/^Invalid [^:]*: /, '')}.`, 'Check the quotes around cells that contain commas or line breaks.'));
  }
  const rows: SourceRow[] = records.map((r) => {
    const newlines = (r.raw.replace(/\r?\n$/, '').match(/\n/g) ?? []).length;
    return { line: r.info.lines - newlines, cells: r.record.map((c) => (c.trim() === '' ? null : c)) };
  });
  return ok([{ source: name, rows }]);
}

/**
 * Comma, semicolon (European Excel) or tab: the one that splits the first lines into the
 * same number of fields most consistently (counted outside quotes, so "RESET; ASC" inside
 * a cell does not count).
 */
function sniffDelimiter(text: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 20);
  let best = { d: ',', score: 0 };
  for (const d of [',', ';', '\t']) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    const [mode, times] = [...freq.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] ?? [0, 0];
    const score = mode * times;
    if (score > best.score) best = { d, score };
  }
  return best.d;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) n++;
  }
  return n;
}

async function readXlsx(name: string, bytes: Buffer): Promise<Result<SourceSheet[]>> {
  // exceljs (~15 MB) is loaded on the first spreadsheet, not at start.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    return err(fileError(name, `is not a valid .xlsx workbook (${(e as Error).message.slice(0, 120)}).`, ACCEPTED));
  }
  const sheets: SourceSheet[] = [];
  wb.eachSheet((ws) => {
    if (ws.state && ws.state !== 'visible') return;
    const rows: SourceRow[] = [];
    ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: CellValue[] = [];
      const n = row.cellCount;
      for (let c = 1; c <= n; c++) cells.push(cellValue(row.getCell(c), Excel.ValueType.Date));
      rows.push({ line: rowNumber, cells });
    });
    sheets.push({ source: `${name}, sheet "${ws.name}"`, sheetName: ws.name, rows });
  });
  if (sheets.length === 0 || sheets.every((s) => s.rows.every((r) => r.cells.every((c) => c === null)))) {
    return err(fileError(name, 'is an empty workbook (no cells with values).', 'Export the plan again, with a heading row and one row per action.'));
  }
  return ok(sheets);
}

function cellValue(cell: ExcelJS.Cell, dateType: ExcelJS.ValueType): CellValue {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return excelDay(v);
  if (typeof v === 'number') {
    if (cell.type === dateType || isDateFormat(cell.numFmt)) return excelDay(new Date(Math.round((v - 25569) * 86_400_000)));
    return v;
  }
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join('') || null;
    if ('result' in o) {
      const r = o.result;
      if (r instanceof Date) return excelDay(r);
      if (typeof r === 'number' || typeof r === 'string') return r;
      return null;
    }
    if (typeof o.text === 'string') return o.text;
    if ('error' in o) return String(o.error);
  }
  return String(v);
}

function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const f = fmt.replace(/"[^"]*"|\[[^\]]*\]/g, '').toLowerCase();
  return /d|m{3,}|y/.test(f) && !/^[#0.,%]+$/.test(f);
}

/** exceljs reads a date cell as the UTC instant of the written time: keep the calendar day. */
function excelDay(d: Date): Date {
  const ms = d.getTime();
  const rounded = Math.round(ms / 60_000) * 60_000; // float noise from Excel serials
  return new Date(Math.floor(rounded / 86_400_000) * 86_400_000);
}

/** A cell's text as a user would read it (dates as ISO), trimmed; '' when empty. */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return String(v);
  return v.trim();
}
