// Reading an action row's people and status words: an Owner column that names agencies, several
// people in one cell, and status cells — the partnership's own words first (settings
// importStatuses), then the built-in synonyms; words that only say work is happening ("in
// progress") are read as On track with the assumption noted.
import { ACTION_STATUSES, parseStatus, type ActionStatus } from '../status.js';
import type { AgencyIndex } from './agencies.js';
import type { HeadingMap } from './headings.js';
import { cellText, type SourceRow } from './read-table.js';
import type { RowReader } from './validate.js';

/**
 * "Owner" may name agencies rather than people: with no lead agency column, an owner column
 * whose every cell is a known agency is read as the lead agency (and the report says so).
 */
export function ownerMeansAgency(h: HeadingMap, rows: SourceRow[], index: AgencyIndex): void {
  if (h.columns.lead !== undefined || h.columns.leadOfficer === undefined) return;
  const cells = rows.map((r) => cellText(r.cells[h.columns.leadOfficer!])).filter(Boolean);
  if (cells.length === 0 || !cells.every((c) => !c.includes('@') && index.resolveList(c).unknown.length === 0 && index.resolveList(c).names.length > 0)) return;
  h.columns.lead = h.columns.leadOfficer!;
  h.headingText.lead = h.headingText.leadOfficer!;
  delete h.columns.leadOfficer;
  delete h.headingText.leadOfficer;
}

/** Several people in one cell: ';', line breaks or commas (a name never holds a comma here). */
export const splitPeople = (t: string) => t.split(/[;,\n\r]+/).map((x) => x.trim()).filter(Boolean);

/**
 * Words that say work is happening but not whether it is on track. They are read as On track
 * only with a note that this was assumed (the dry run asks), unless the partnership has said
 * what they mean (settings importStatuses).
 */
export const ASSUMED_ON_TRACK = ['in progress', 'progressing', 'started', 'ok', 'good', 'underway', 'under way', 'in hand'];

const normWord = (t: string) => t.trim().toLowerCase().replace(/[\s_\-]+/g, ' ').replace(/[.!]+$/, '');

/** The row's status; "Ongoing" in the due column (no end date) makes an action with no status of its own ongoing. */
export function readStatus(r: RowReader, own: Record<string, ActionStatus>, due: Date | null | undefined): { status?: ActionStatus; assumed?: string } {
  const st = r.text('status');
  if (!st) return due === null && /^\s*(ongoing|on-going|bau|business as usual)\b/i.test(r.text('due')) ? { status: 'ongoing' } : {};
  const n = normWord(st);
  const mine = Object.entries(own).find(([k]) => normWord(k) === n)?.[1];
  if (mine) return { status: mine };
  if (ASSUMED_ON_TRACK.includes(n)) return { status: 'on_track', assumed: st };
  // "Ongoing – reviewed monthly": the word leads the cell.
  const status = parseStatus(st) ?? (/^(ongoing|on-going|bau)\b/i.test(st) ? 'ongoing' : undefined);
  if (!status) r.problem('status', `"${st}" is not a status; accepted: ${ACTION_STATUSES.join(', ')} (or green/amber/red, done, delayed …)${Object.keys(own).length ? `, or this partnership's own words: ${Object.keys(own).join(', ')}` : ''}`);
  return { status };
}

