// Imports go through the same personal-data guard as chat (SPEC §10 "Personal data"): a file
// with a service user's personal data in any text cell is refused whole, every such cell
// listed by line and column with what looked personal. Called once, from the import worker,
// on every sheet read, before any row is looked at for meaning.
import { containsPersonalData } from '../../privacy/guard.js';
import type { Problem } from './types.js';
import type { SourceSheet } from './read-table.js';

/** Excel's column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The heading row's text for each column (the first row with two or more text cells), for messages. */
function headingsOf(sheet: SourceSheet): string[] {
  const row = sheet.rows.find((r) => r.cells.filter((c) => typeof c === 'string' && c.trim() !== '').length >= 2);
  return (row?.cells ?? []).map((c) => (typeof c === 'string' ? c.trim().replace(/\s+/g, ' ').slice(0, 30) : ''));
}

/** Every text cell that looks like a service user's personal data, as import problems. */
export function personalDataProblems(sheets: SourceSheet[], now: Date): Problem[] {
  const problems: Problem[] = [];
  for (const sheet of sheets) {
    const headings = headingsOf(sheet);
    for (const row of sheet.rows) {
      row.cells.forEach((cell, i) => {
        if (typeof cell !== 'string') return;
        const found = containsPersonalData(cell, { now });
        if (!found) return;
        const heading = headings[i];
        problems.push({
          source: sheet.source,
          line: row.line,
          column: heading ? `${columnLetter(i)} (${heading})` : columnLetter(i),
          reason: `${found.what} ("${found.excerpt}"): ${found.instead}`,
        });
      });
    }
  }
  return problems;
}
