// The import worker: reads, checks and parses the files of one import on a worker thread, so
// a large or hostile file never stalls the bot's requests (SPEC §10 "Trust boundaries").
// In order, for each file: its size (before reading it), an XLSX workbook's unpacked size
// (from the zip directory, before inflating), parsing, the row limit, and the personal-data
// guard on every text cell. Rows go back to the caller in chunks (read-off-thread.ts).
import fs from 'node:fs/promises';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { domainError, type DomainError } from '../../result.js';
import { restoreCsvCell } from '../csv.js';
import { displayPath } from '../files.js';
import { fileTooLarge, tooManyRows, workbookTooLarge, type ImportLimits } from './limits.js';
import { personalDataProblems } from './personal-data.js';
import { readTableBytes, type SourceSheet } from './read-table.js';
import { formatProblems } from './validate.js';
import { unpackedZipSize } from './zip-size.js';
import type { ToParent, WorkerInput } from './worker-protocol.js';

const input = workerData as WorkerInput;
const send = (m: ToParent) => parentPort!.postMessage(m);
const CHUNK = 500;

async function readOne(file: string, limits: ImportLimits): Promise<SourceSheet[] | DomainError> {
  let size: number;
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return domainError('bad_file', `${displayPath(path.basename(file))} is not a file.`);
    size = st.size;
  } catch {
    return domainError('bad_file', `Cannot read ${displayPath(file)}: no such file.`, 'Give the path of a .csv or .xlsx file.');
  }
  if (size > limits.maxBytes) return fileTooLarge(file, size, limits);
  const bytes = await fs.readFile(file);
  if (bytes.length > limits.maxBytes) return fileTooLarge(file, bytes.length, limits);
  const isZip = bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;
  if (isZip) {
    const zip = unpackedZipSize(bytes);
    if (!zip.ok) {
      return domainError('bad_file', `${displayPath(path.basename(file))}: is not a valid .xlsx workbook (${zip.reason}).`, 'Save the sheet as .xlsx or as CSV (UTF-8).');
    }
    if (zip.unpacked > limits.maxXlsxBytes) return workbookTooLarge(file, zip.unpacked, limits);
  }
  const r = await readTableBytes(displayPath(path.basename(file)), bytes, limits.maxBytes);
  if (!r.ok) return r.error;
  // A CSV the bot exported has "'=…" where a cell started with a formula character: read it back as written.
  if (!isZip) for (const sheet of r.value) for (const row of sheet.rows) row.cells = row.cells.map((c) => (typeof c === 'string' ? restoreCsvCell(c) : c));
  for (const sheet of r.value) {
    const withValues = sheet.rows.filter((row) => row.cells.some((c) => c !== null)).length;
    // One heading row (and a title row or two) on top of the data rows.
    if (withValues > limits.maxRows + 5) return tooManyRows(sheet.source, withValues, limits);
  }
  return r.value;
}

async function main(): Promise<void> {
  const sheets: SourceSheet[] = [];
  for (const file of input.files) {
    const r = await readOne(file, input.limits);
    if (!Array.isArray(r)) return send({ type: 'failed', error: r });
    sheets.push(...r);
  }
  const problems = personalDataProblems(sheets, new Date(input.now));
  if (problems.length > 0) {
    const cells = problems.length;
    return send({
      type: 'failed',
      error: {
        code: 'personal_data',
        message: `Nothing was imported: ${cells} cell${cells === 1 ? ' seems' : 's seem'} to hold a service user's personal data. The register is about actions, not about the people services help.\n${formatProblems(problems)}`,
        hint: 'Remove or anonymise those cells (e.g. "a client", an age band, the area instead of the address) and import the file again.',
        problems,
      },
    });
  }
  for (const sheet of sheets) {
    send({ type: 'sheet', source: sheet.source, ...(sheet.sheetName !== undefined ? { sheetName: sheet.sheetName } : {}) });
    for (let i = 0; i < sheet.rows.length; i += CHUNK) send({ type: 'rows', rows: sheet.rows.slice(i, i + CHUNK) });
  }
  send({ type: 'done' });
}

main().catch((e: unknown) => send({ type: 'crashed', message: e instanceof Error ? e.message : String(e) }));
