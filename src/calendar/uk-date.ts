// UK date forms as council spreadsheets write them (SPEC §7): ISO, dd/mm/yyyy, dd/mm/yy,
// "31 March 2025", "Mar-25", "March 2025" (a month alone → its last day), UK financial
// quarters ("Q3 2024/25" → 31 Dec 2024), Excel serial numbers, and "Ongoing"/"TBC" (no date).
// Every date is a calendar day: a Date at 00:00 UTC.

export type UkDateResult = { ok: true; value: Date | null } | { ok: false; error: string };

export const ACCEPTED_DATE_FORMS =
  'accepted: 31/03/2025, 31/03/25, 2025-03-31, 31 March 2025, 31 Mar 25, Mar-25 or March 2025 (the last day of the month), ' +
  'Q3 2024/25 or Q3 24/25 (the last day of that financial quarter), or Ongoing/TBC for no date';

const NO_DATE = new Set(['', 'ongoing', 'tbc', 'tba', 'tbd', 'n/a', 'na', 'none', '-', '--', 'n a', 'not applicable', 'on going', 'ongoing.', 'continuous', 'bau']);

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};

/** A calendar day as a Date at 00:00 UTC, or undefined when the day does not exist. */
export function utcDay(year: number, month: number, day: number): Date | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2200) return undefined;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return d;
}

/** The last day of a month (month 1–12). */
export function lastDayOfMonth(year: number, month: number): Date {
  return new Date(Date.UTC(year, month, 0));
}

function fullYear(y: string): number {
  const n = Number(y);
  return y.length <= 2 ? 2000 + n : n;
}

/** Excel's day number (1900 date system, with its 29 Feb 1900 quirk) → the calendar day. */
export function excelSerialToDate(n: number): Date {
  const whole = Math.floor(n);
  // Serial 60 is Excel's fictional 29/02/1900; below it, day 0 is 31/12/1899, from 61 on 30/12/1899.
  const base = whole < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(base + whole * 86_400_000);
}

/** The last day of quarter q (1–4) of the UK financial year starting 1 April of startYear. */
export function financialQuarterEnd(startYear: number, q: number): Date {
  switch (q) {
    case 1: return new Date(Date.UTC(startYear, 5, 30));
    case 2: return new Date(Date.UTC(startYear, 8, 30));
    case 3: return new Date(Date.UTC(startYear, 11, 31));
    default: return new Date(Date.UTC(startYear + 1, 2, 31));
  }
}

const bad = (text: string, why?: string): UkDateResult => ({
  ok: false,
  error: `"${text.length > 40 ? text.slice(0, 40) + '…' : text}" is not a date${why ? ` (${why})` : ''}; ${ACCEPTED_DATE_FORMS}`,
});

const dayResult = (text: string, y: number, m: number, d: number): UkDateResult => {
  const v = utcDay(y, m, d);
  return v ? { ok: true, value: v } : bad(text, 'no such day');
};

export interface UkDateOptions {
  /**
   * Read a 5-digit number as an Excel serial (a spreadsheet cell that lost its date format).
   * Default true (imports); chat commands pass false: "redate TRS-07 99999" is not a date.
   */
  excelSerials?: boolean;
}

export function parseUkDate(input: string, opts: UkDateOptions = {}): UkDateResult {
  const text = String(input ?? '').trim();
  const t = text.toLowerCase().replace(/\s+/g, ' ');
  if (NO_DATE.has(t)) return { ok: true, value: null };

  // ISO, optionally with a time part (a spreadsheet's date-time): the calendar day written,
  // when the time is a real one ("2027-03-31T25:99" is refused).
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?$/.exec(t);
  if (m) {
    if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return bad(text, 'no such time of day');
    return dayResult(text, Number(m[1]), Number(m[2]), Number(m[3]));
  }

  // yyyy/mm/dd
  m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(t);
  if (m) return dayResult(text, Number(m[1]), Number(m[2]), Number(m[3]));

  // dd/mm/yyyy, dd/mm/yy, d/m/yy, also with - or . separators (UK order: day first).
  m = /^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})$/.exec(t);
  if (m) return dayResult(text, fullYear(m[4]!), Number(m[3]), Number(m[1]));

  // 31 March 2025, 31st Mar 25, 31-Mar-2025, 31 Mar. 2025
  m = /^(\d{1,2})(?:st|nd|rd|th)?[ \-/]([a-z]+)\.?,?[ \-/](\d{4}|\d{2})$/.exec(t);
  if (m) {
    const month = MONTHS[m[2]!];
    if (month === undefined) return bad(text, `unknown month "${m[2]}"`);
    return dayResult(text, fullYear(m[3]!), month, Number(m[1]));
  }

  // March 31, 2025 / March 31 2025
  m = /^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/.exec(t);
  if (m && MONTHS[m[1]!] !== undefined) return dayResult(text, Number(m[3]), MONTHS[m[1]!]!, Number(m[2]));

  // Mar-25, March 2025, Mar 25, March-2025, end of March 2025: the month's last day.
  m = /^(?:end(?: of)? )?([a-z]+)\.?[ \-/'](\d{4}|\d{2})$/.exec(t);
  if (m) {
    const month = MONTHS[m[1]!];
    if (month === undefined) return bad(text, `unknown month "${m[1]}"`);
    return { ok: true, value: lastDayOfMonth(fullYear(m[2]!), month) };
  }

  // 03/2025: month and year only.
  m = /^(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) {
    const month = Number(m[1]);
    if (month < 1 || month > 12) return bad(text, 'no such month');
    return { ok: true, value: lastDayOfMonth(Number(m[2]), month) };
  }

  // Q3 2024/25, Q3 24/25, Q3 2024-25, Q3 2024/2025, 2024/25 Q3, Q3 FY24/25.
  const qa = /^q([1-4])[ ,]*(?:fy ?)?(\d{2}|\d{4}) ?[/\-] ?(\d{2}|\d{4})$/.exec(t);
  const qb = qa ? null : /^(?:fy ?)?(\d{2}|\d{4}) ?[/\-] ?(\d{2}|\d{4})[ ,]*q([1-4])$/.exec(t);
  const quarter = qa ? [qa[1]!, qa[2]!, qa[3]!] : qb ? [qb[3]!, qb[1]!, qb[2]!] : undefined;
  if (quarter) {
    const q = Number(quarter[0]);
    const start = fullYear(quarter[1]!);
    const end = quarter[2]!.length === 2 ? Math.floor(start / 100) * 100 + Number(quarter[2]) : Number(quarter[2]);
    if (end !== start + 1) return bad(text, 'a financial year runs over two consecutive years, e.g. 2024/25');
    return { ok: true, value: financialQuarterEnd(start, q) };
  }

  // An Excel serial number written as text (e.g. "45382"): 1990–2099 only (32874–73415), to
  // avoid taking ids for dates; never in chat (opts.excelSerials false).
  m = /^(\d{5})(?:\.0+)?$/.exec(t);
  if (m && opts.excelSerials !== false) {
    const n = Number(m[1]);
    if (n >= 32874 && n <= 73415) return { ok: true, value: excelSerialToDate(n) };
  }

  return bad(text);
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "31 Mar 2025" (the UTC calendar day). */
export function formatUkDate(d: Date): string {
  return `${d.getUTCDate()} ${SHORT_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "2025-03-31" (the UTC calendar day). */
export function toIsoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
