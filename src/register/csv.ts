// Every CSV the bot writes goes through here (SPEC §10 "Trust boundaries"): a text cell that
// starts with =, +, -, @, tab or carriage return would be run as a formula by Excel or
// LibreOffice ("=HYPERLINK(…)" in a note), so it is written with a leading apostrophe, which
// spreadsheets show as text. Numbers and dates are written as they are. The import side
// (import/worker.ts) removes that apostrophe again, so an export re-imports unchanged.
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made safe to open in a spreadsheet. */
export const neutraliseCsvCell = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

/** An apostrophe-prefixed cell as written by neutraliseCsvCell, back to its text. */
export const restoreCsvCell = (text: string): string => (/^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text);

export type CsvCell = string | number | null | undefined;

/** Rows to CSV text, text cells neutralised. */
export function toCsv(rows: CsvCell[][]): string {
  return stringify(rows.map((r) => r.map((c) => (typeof c === 'number' ? String(c) : neutraliseCsvCell(c ?? '')))));
}
