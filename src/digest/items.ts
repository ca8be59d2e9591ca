// The digest's lists: one `item` block per action (ref, short title, status, lead's short name,
// days, latest note or mitigation), never several actions in one text block, so Slack shows a
// section and Teams a container per action. Each list is cut with "and N more" (and a hint
// that says where to see the rest) to stay inside the message's block budget.
import type { Block } from '../message/model.js';
import { daysBetween, type IsoDate } from '../calendar/working-days.js';
import { formatDayShort, localDate } from '../calendar/zone.js';
import { STATUS_INFO } from '../register/status.js';
import type { DigestAction } from './snapshot.js';

export const DIGEST_TITLE_CHARS = 90;
export const DIGEST_NOTE_CHARS = 240;
export const DIGEST_LEAD_CHARS = 40;

export const truncate = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1).trimEnd()}…`);
export const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The lead as shown where space is tight: the agency's short name, else its name. */
export const leadName = (a: DigestAction) => truncate(a.leadShort ?? a.leadAgency ?? 'no lead recorded', DIGEST_LEAD_CHARS);

/** Off track / blocked: the note recorded since it went so is its mitigation. */
export function mitigationLine(a: DigestAction): string {
  const since = a.latestNote && a.latestNote.at.getTime() >= a.statusSince.getTime() ? a.latestNote : undefined;
  if (since) return `Mitigation: ${truncate(oneLine(since.text), DIGEST_NOTE_CHARS)}`;
  return a.latestNote ? `No mitigation recorded since it went ${STATUS_INFO[a.status].label.toLowerCase()} (last note: ${truncate(oneLine(a.latestNote.text), 120)})` : 'No mitigation recorded';
}

export function latestNoteLine(a: DigestAction): string[] {
  return a.latestNote ? [`Latest: ${truncate(oneLine(a.latestNote.text), DIGEST_NOTE_CHARS)}`] : [];
}

/** "Lead: LBTH Substance Misuse · 12 days overdue" */
export function metaLine(a: DigestAction, days: string): string {
  return [`Lead: ${leadName(a)}`, days].filter(Boolean).join(' · ');
}

export function overdueDays(a: DigestAction, today: IsoDate): string {
  if (!a.dueDate || !STATUS_INFO[a.status].open || a.status === 'ongoing' || a.dueDate >= today) return '';
  return `${plural(daysBetween(a.dueDate, today), 'day')} overdue (due ${formatDayShort(a.dueDate)})`;
}

export function item(a: DigestAction, lines: string[]): Block {
  return { type: 'item', ref: a.ref, title: truncate(oneLine(a.title), DIGEST_TITLE_CHARS), status: a.status, lines: lines.filter(Boolean) };
}

export function statusDays(a: DigestAction, tz: string, today: IsoDate): string {
  const d = daysBetween(localDate(a.statusSince, tz), today);
  return `${STATUS_INFO[a.status].label.toLowerCase()} for ${plural(d, 'day')}`;
}

export interface Section {
  title: string;
  /** The blocks of every entry (one item each), in display order. */
  entries: Block[];
  /** Where to see the rest, e.g. "type overdue to see them all". */
  more?: string;
  /** Shown under the title, e.g. "2 more are listed above". */
  note?: string;
}

/** Heading (+ note) and the entries, cut with "and N more: refs" to at most `room` blocks. */
export function renderSection(s: Section, room: number): Block[] {
  const head: Block[] = [{ type: 'text', text: `${s.title} (${s.entries.length})`, style: 'strong' }];
  if (s.note) head.push({ type: 'context', text: s.note });
  const fits = room - head.length;
  if (!s.entries.length || fits <= 0) return [];
  if (s.entries.length <= fits) return [...head, ...s.entries];
  const shown = Math.max(0, fits - 1);
  return [...head, ...s.entries.slice(0, shown), { type: 'context', text: `and ${s.entries.length - shown} more${s.more ? ` — ${s.more}` : ''}` }];
}
