// Reporting periods of the UK financial year (1 April – 31 March): quarters ("Q3 2026/27":
// October–December 2026) and whole years ("2026/27"). Parsing accepts the forms councils write
// (Q3 2026/27, Q3 26/27, 2026/27 Q3, Q3 FY26/27, 2026-27, FY 2026/27); the canonical text is
// "Q3 2026/27" or "2026/27". Pure calendar arithmetic on ISO days (no clock, no time zone).
import { financialQuarterEnd, toIsoDate } from '../calendar/uk-date.js';
import type { IsoDate } from '../calendar/working-days.js';

export type Period = { kind: 'quarter'; startYear: number; quarter: 1 | 2 | 3 | 4 } | { kind: 'year'; startYear: number };

export const PERIOD_FORMS = 'a financial quarter such as "Q3 2026/27" (Q1 = April–June … Q4 = January–March) or a financial year such as "2026/27"';

const fyText = (startYear: number) => `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;

/** "Q3 2026/27" or "2026/27". */
export function formatPeriod(p: Period): string {
  return p.kind === 'quarter' ? `Q${p.quarter} ${fyText(p.startYear)}` : fyText(p.startYear);
}

/** "Oct–Dec 2026" / "Apr 2026–Mar 2027": what the period covers, for people who do not think in quarters. */
export function describePeriod(p: Period): string {
  if (p.kind === 'year') return `Apr ${p.startYear}–Mar ${p.startYear + 1}`;
  const months = [['Apr', 'Jun'], ['Jul', 'Sep'], ['Oct', 'Dec'], ['Jan', 'Mar']][p.quarter - 1]!;
  return `${months[0]}–${months[1]} ${p.quarter === 4 ? p.startYear + 1 : p.startYear}`;
}

function fullYear(y: string): number {
  return y.length <= 2 ? 2000 + Number(y) : Number(y);
}

/** The start year of "2026/27", "26/27", "2026-27", "2026/2027"; undefined unless the years are consecutive. */
function fyStart(a: string, b: string): number | undefined {
  const start = fullYear(a);
  const end = b.length === 2 ? Math.floor(start / 100) * 100 + Number(b) : Number(b);
  if (end !== start + 1 || start < 2000 || start > 2199) return undefined;
  return start;
}

export type PeriodResult = { ok: true; value: Period } | { ok: false; error: string };

export function parsePeriod(input: string): PeriodResult {
  const text = String(input ?? '').trim();
  const t = text.toLowerCase().replace(/\s+/g, ' ').replace(/^fy ?/, '');
  const bad = (why?: string): PeriodResult => ({
    ok: false,
    error: `"${text.length > 30 ? `${text.slice(0, 30)}…` : text}" is not a reporting period${why ? ` (${why})` : ''}: use ${PERIOD_FORMS}.`,
  });
  const fy = '(?:fy ?)?(\\d{2}|\\d{4}) ?[/\\-] ?(\\d{2}|\\d{4})';
  let m = new RegExp(`^q([1-4])[ ,]*${fy}$`).exec(t);
  let q: string | undefined;
  let a: string | undefined;
  let b: string | undefined;
  if (m) [q, a, b] = [m[1], m[2], m[3]];
  else if ((m = new RegExp(`^${fy}[ ,]*q([1-4])$`).exec(t))) [a, b, q] = [m[1], m[2], m[3]];
  else if ((m = new RegExp(`^${fy}$`).exec(t))) [a, b] = [m[1], m[2]];
  else if (/^q[^1-4]/.test(t) || /^q\d/.test(t)) return bad('quarters are Q1 to Q4');
  else return bad();
  const start = fyStart(a!, b!);
  if (start === undefined) return bad('a financial year runs over two consecutive years, e.g. 2026/27');
  return { ok: true, value: q ? { kind: 'quarter', startYear: start, quarter: Number(q) as 1 | 2 | 3 | 4 } : { kind: 'year', startYear: start } };
}

/** The first day of the period. */
export function periodStart(p: Period): IsoDate {
  if (p.kind === 'year') return `${p.startYear}-04-01`;
  return [`${p.startYear}-04-01`, `${p.startYear}-07-01`, `${p.startYear}-10-01`, `${p.startYear + 1}-01-01`][p.quarter - 1]!;
}

/** The last day of the period (31 Dec 2026 for Q3 2026/27; 31 Mar 2027 for 2026/27). */
export function periodEnd(p: Period): IsoDate {
  return toIsoDate(financialQuarterEnd(p.startYear, p.kind === 'year' ? 4 : p.quarter));
}

/** The financial quarter containing a day. */
export function quarterOf(day: IsoDate): Period {
  const y = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  if (month >= 4) return { kind: 'quarter', startYear: y, quarter: (Math.floor((month - 4) / 3) + 1) as 1 | 2 | 3 };
  return { kind: 'quarter', startYear: y - 1, quarter: 4 };
}

/** The financial year containing a day. */
export function yearOf(day: IsoDate): Period {
  const y = Number(day.slice(0, 4));
  return { kind: 'year', startYear: Number(day.slice(5, 7)) >= 4 ? y : y - 1 };
}

/** The period n steps later (n < 0: earlier), in the period's own unit. */
export function shiftPeriod(p: Period, n: number): Period {
  if (p.kind === 'year') return { kind: 'year', startYear: p.startYear + n };
  const index = p.startYear * 4 + (p.quarter - 1) + n;
  return { kind: 'quarter', startYear: Math.floor(index / 4), quarter: ((index % 4) + 1) as 1 | 2 | 3 | 4 };
}

/** The n periods ending with p, oldest first. */
export function periodsEndingWith(p: Period, n: number): Period[] {
  return Array.from({ length: n }, (_, i) => shiftPeriod(p, i - n + 1));
}

/** The last period of this kind that has ended on or before `day` (for "the last four quarters"). */
export function lastCompleted(kind: Period['kind'], day: IsoDate): Period {
  const current = kind === 'quarter' ? quarterOf(day) : yearOf(day);
  return periodEnd(current) <= day ? current : shiftPeriod(current, -1);
}

/** The period of this kind containing another (the year of a quarter, or the quarter itself). */
export function periodOfKind(kind: Period['kind'], p: Period): Period {
  if (kind === p.kind) return p;
  if (kind === 'year') return { kind: 'year', startYear: p.startYear };
  return { kind: 'quarter', startYear: p.startYear, quarter: 4 };
}

export const samePeriod = (a: Period, b: Period) => formatPeriod(a) === formatPeriod(b);

/** Ascending by end day; a year sorts after its last quarter. */
export function comparePeriods(a: Period, b: Period): number {
  return periodEnd(a).localeCompare(periodEnd(b)) || (a.kind === b.kind ? 0 : a.kind === 'quarter' ? -1 : 1);
}
