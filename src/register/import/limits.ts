// Limits on what an import may read (SPEC §10 "Trust boundaries"): the file's size, an XLSX
// workbook's size once unpacked (checked from the zip's central directory BEFORE anything is
// inflated), and the number of rows. Each refusal says which limit was hit and how to raise
// it. The defaults suit a delivery plan (a few hundred rows, a few hundred kB) with room to spare.
import path from 'node:path';
import { domainError, type DomainError } from '../../result.js';
import { displayPath } from '../files.js';

export interface ImportLimits {
  /** Largest file accepted, in bytes (IMPORT_MAX_BYTES, default 10 MB). */
  maxBytes: number;
  /** Largest total an XLSX workbook may unpack to, in bytes (IMPORT_MAX_XLSX_BYTES, default 50 MB). */
  maxXlsxBytes: number;
  /** Most rows with values in one file, heading rows included (IMPORT_MAX_ROWS, default 20,000 rows of data). */
  maxRows: number;
}

const MB = 1024 * 1024;
export const DEFAULT_IMPORT_LIMITS: ImportLimits = { maxBytes: 10 * MB, maxXlsxBytes: 50 * MB, maxRows: 20_000 };

const size = (n: number) => (n >= MB ? `${(n / MB).toFixed(1).replace(/\.0$/, '')} MB` : `${Math.ceil(n / 1024)} kB`);
const fileName = (file: string) => displayPath(path.basename(file)); // control characters escaped, never raw

export function fileTooLarge(file: string, bytes: number, limits: ImportLimits): DomainError {
  return domainError(
    'import_limit',
    `${fileName(file)} is ${size(bytes)}; the largest file accepted is ${size(limits.maxBytes)} (IMPORT_MAX_BYTES). Nothing was imported.`,
    `A delivery plan is usually a few hundred kB: check it is the right file, or split it. To accept larger files, set IMPORT_MAX_BYTES (e.g. IMPORT_MAX_BYTES=${size(Math.max(bytes, limits.maxBytes) * 2).replace(' ', '')}) and restart the bot.`,
  );
}

export function workbookTooLarge(file: string, unpacked: number, limits: ImportLimits): DomainError {
  return domainError(
    'import_limit',
    `${fileName(file)} would unpack to ${size(unpacked)}; the largest workbook accepted unpacks to ${size(limits.maxXlsxBytes)} (IMPORT_MAX_XLSX_BYTES). It was not opened. Nothing was imported.`,
    `Save the plan again without images or unused sheets, or save it as CSV. To accept it as it is, set IMPORT_MAX_XLSX_BYTES (e.g. IMPORT_MAX_XLSX_BYTES=${size(unpacked * 2).replace(' ', '')}) and restart the bot.`,
  );
}

export function tooManyRows(source: string, rows: number, limits: ImportLimits): DomainError {
  return domainError(
    'import_limit',
    `${source} has ${rows.toLocaleString('en-GB')} rows with values; the most accepted in one import is ${limits.maxRows.toLocaleString('en-GB')} (IMPORT_MAX_ROWS). Nothing was imported.`,
    `Split the file, or set IMPORT_MAX_ROWS (e.g. IMPORT_MAX_ROWS=${Math.ceil((rows * 1.5) / 1000) * 1000}) and restart the bot.`,
  );
}

export function outOfMemory(file: string): DomainError {
  return domainError(
    'import_limit',
    `${fileName(file)} needed more memory to read than an import may use (its contents are much larger than the file). Nothing was imported.`,
    'Save the plan again as CSV, or without images and unused sheets, and import that.',
  );
}

/** "10MB", "512 kB", "20000000" → bytes; undefined when not a size. */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? MB : unit === 'g' ? 1024 * MB : 1;
  return Math.round(Number(m[1]) * factor);
}
