// The year-end review file (`cdp year rollover --review FILE`): one row per action the
// partnership has decided about — Ref, Decision (carry forward / complete / cancel), an
// optional new due date and a note. Read with the import's file reader; every bad row is
// listed and nothing is applied.
import { parseUkDate } from '../../calendar/uk-date.js';
import { domainError, err, ok, type Result } from '../../result.js';
import { cellText, readTableFile, type SourceRow } from '../import/read-table.js';
import { normalizeHeading } from '../import/headings.js';
import { formatProblems } from '../import/validate.js';
import type { Problem } from '../import/types.js';

export type ReviewDecision = 'carry' | 'complete' | 'cancel';

export interface ReviewRow {
  line: number;
  ref: string;
  decision: ReviewDecision;
  /** A new due date for an action carried forward. */
  due?: Date | null;
  note?: string;
}

const COLUMNS: Record<string, string[]> = {
  ref: ['ref', 'id', 'no', 'no.', 'action ref', 'reference'],
  decision: ['decision', 'outcome', 'review', 'year end', 'year-end decision', 'action to take'],
  due: ['new due', 'new due date', 'due', 'due date', 'target date', 'carry to'],
  note: ['note', 'notes', 'reason', 'comment', 'comments'],
};

const DECISIONS: [RegExp, ReviewDecision][] = [
  [/^(carry|carry forward|carried forward|carry over|continue|continues|keep|roll over|rollover)$/, 'carry'],
  [/^(complete|completed|done|closed|close|achieved|delivered|finished)$/, 'complete'],
  [/^(cancel|cancelled|canceled|drop|dropped|stop|stopped|withdraw|withdrawn|remove)$/, 'cancel'],
];

export const ACCEPTED_DECISIONS = 'carry forward (or continue), complete (or done), cancel (or drop)';

export async function readReviewFile(file: string, knownRefs: Set<string>): Promise<Result<ReviewRow[]>> {
  const read = await readTableFile(file);
  if (!read.ok) return read;
  const sheet = read.value[0]!;
  const headingIndex = sheet.rows.findIndex((r) => {
    const t = r.cells.map((c) => normalizeHeading(cellText(c)));
    return t.some((x) => COLUMNS.ref!.includes(x)) && t.some((x) => COLUMNS.decision!.includes(x) || COLUMNS.due!.includes(x));
  });
  if (headingIndex < 0) {
    return err(domainError('bad_review_file', `${sheet.source}: no heading row with a Ref column and a Decision (or New due) column.`, `Columns: Ref, Decision (${ACCEPTED_DECISIONS}), New due (optional), Note (optional).`));
  }
  const headings = sheet.rows[headingIndex]!.cells.map((c) => normalizeHeading(cellText(c)));
  const col = (k: string) => headings.findIndex((h) => COLUMNS[k]!.includes(h));
  const at = (row: SourceRow, k: string) => (col(k) < 0 ? '' : cellText(row.cells[col(k)]));
  const problems: Problem[] = [];
  const out: ReviewRow[] = [];
  const seen = new Map<string, number>();
  for (const row of sheet.rows.slice(headingIndex + 1)) {
    if (row.cells.every((c) => cellText(c) === '')) continue;
    const bad = (column: string, reason: string) => problems.push({ source: sheet.source, line: row.line, column, reason });
    const ref = at(row, 'ref').toUpperCase().replace(/\s+/g, '');
    if (!ref) bad('Ref', 'the ref is empty');
    else if (!knownRefs.has(ref)) bad('Ref', `no action ${ref} in the register`);
    else if (seen.has(ref)) bad('Ref', `${ref} is listed twice (also on line ${seen.get(ref)})`);
    seen.set(ref, row.line);
    const text = at(row, 'decision').toLowerCase().replace(/[\s_-]+/g, ' ').trim();
    const dueText = at(row, 'due');
    let decision = DECISIONS.find(([re]) => re.test(text))?.[1];
    if (!text && dueText) decision = 'carry';
    if (!decision) bad('Decision', `"${at(row, 'decision')}" is not a decision; accepted: ${ACCEPTED_DECISIONS}`);
    let due: Date | null | undefined;
    const cell = col('due') < 0 ? undefined : row.cells[col('due')];
    if (cell instanceof Date) due = cell;
    else if (dueText) {
      const d = parseUkDate(dueText);
      if (d.ok) due = d.value;
      else bad('New due', d.error);
    }
    if (due !== undefined && decision && decision !== 'carry') bad('New due', `a new due date only goes with "carry forward" (this row says ${decision})`);
    if (decision && ref) out.push({ line: row.line, ref, decision, due, note: at(row, 'note') || undefined });
  }
  if (problems.length) {
    return err(domainError('bad_review_file', `Nothing was changed: the review file has problems. Fix them and run the rollover again.\n${formatProblems(problems)}`));
  }
  return ok(out);
}
