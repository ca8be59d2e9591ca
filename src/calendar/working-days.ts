// Calendar days as ISO strings (YYYY-MM-DD) and working days: Monday to Friday, not a bank
// holiday in England and Wales (SPEC §4). Pure date arithmetic in UTC on calendar days, so no
// time zone or clock change can shift a day; see ./zone.ts for "what day is it in London".
import { isBankHoliday } from './bank-holidays.js';

export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

// Sweeps over tens of thousands of actions ask about the same few hundred days again and
// again: day numbers, ISO strings and working-day answers are memoised (bounded maps).
const MEMO_LIMIT = 20_000;

const epochDays = new Map<string, number>();
/** Days since 1970-01-01 of an ISO date. */
function dayNumber(iso: IsoDate): number {
  let n = epochDays.get(iso);
  if (n === undefined) {
    const m = ISO.exec(iso);
    if (!m) throw new Error(`not an ISO date: ${iso}`);
    n = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
    if (epochDays.size >= MEMO_LIMIT) epochDays.clear();
    epochDays.set(iso, n);
  }
  return n;
}

const isoOfDays = new Map<number, IsoDate>();
/** The ISO date of a day number (days since 1970-01-01), memoised. */
export function isoOfDay(n: number): IsoDate {
  let iso = isoOfDays.get(n);
  if (iso === undefined) {
    if (isoOfDays.size >= MEMO_LIMIT) isoOfDays.clear();
    iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
    isoOfDays.set(n, iso);
  }
  return iso;
}
const toUtc = (iso: IsoDate): Date => new Date(dayNumber(iso) * 86_400_000);
const fromUtc = (d: Date): IsoDate => d.toISOString().slice(0, 10);

/** The calendar day of a DB `@db.Date` value (a Date at 00:00 UTC). */
export const isoOfDbDate = (d: Date): IsoDate => isoOfDay(Math.floor(d.getTime() / 86_400_000));

/** A calendar day as a Date at 00:00 UTC (for `@db.Date` columns). */
export const dbDateOf = (iso: IsoDate): Date => toUtc(iso);

export function isIsoDate(s: string): boolean {
  const m = ISO.exec(s);
  return !!m && fromUtc(toUtc(s)) === s;
}

export function addDays(iso: IsoDate, n: number): IsoDate {
  return n === 0 ? iso : isoOfDay(dayNumber(iso) + n);
}

/** Adds calendar months, clamping to the month's last day (31 Aug − 6 months → 28/29 Feb). */
export function addMonths(iso: IsoDate, n: number): IsoDate {
  const d = toUtc(iso);
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, last));
  return fromUtc(target);
}

/** Calendar days from a to b (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (iso: IsoDate): number => (((dayNumber(iso) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday

const workingMemo = new Map<string, boolean>();
export function isWorkingDay(iso: IsoDate): boolean {
  let yes = workingMemo.get(iso);
  if (yes === undefined) {
    const wd = weekday(iso);
    yes = wd !== 0 && wd !== 6 && !isBankHoliday(iso);
    if (workingMemo.size >= MEMO_LIMIT) workingMemo.clear();
    workingMemo.set(iso, yes);
  }
  return yes;
}

/** The first working day strictly after the given day. */
export function nextWorkingDay(iso: IsoDate): IsoDate {
  let d = addDays(iso, 1);
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** The last working day strictly before the given day. */
export function previousWorkingDay(iso: IsoDate): IsoDate {
  let d = addDays(iso, -1);
  while (!isWorkingDay(d)) d = addDays(d, -1);
  return d;
}

/** The day itself when it is a working day, otherwise the next working day: when a nudge due that day goes out. */
const onOrAfterMemo = new Map<string, IsoDate>();
export function workingDayOnOrAfter(iso: IsoDate): IsoDate {
  let day = onOrAfterMemo.get(iso);
  if (day === undefined) {
    day = isWorkingDay(iso) ? iso : nextWorkingDay(iso);
    if (onOrAfterMemo.size >= MEMO_LIMIT) onOrAfterMemo.clear();
    onOrAfterMemo.set(iso, day);
  }
  return day;
}

/** Moves n working days forward (n > 0) or back (n < 0); n = 0 gives workingDayOnOrAfter. */
export function addWorkingDays(iso: IsoDate, n: number): IsoDate {
  if (n === 0) return workingDayOnOrAfter(iso);
  let d = iso;
  for (let i = 0; i < Math.abs(n); i++) d = n > 0 ? nextWorkingDay(d) : previousWorkingDay(d);
  return d;
}

/** Working days after `from` up to and including `to` (negative when `to` is earlier). */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  if (to < from) return -workingDaysBetween(to, from);
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}
