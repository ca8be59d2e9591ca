// Local day and time in a partnership's time zone (default Europe/London), BST/GMT correct.
// `now` is always passed in; nothing here reads the clock.
import { TZDate, tzOffset } from '@date-fns/tz';
import { isoOfDay, type IsoDate } from './working-days.js';

export const DEFAULT_TIMEZONE = 'Europe/London';

const pad = (n: number) => String(n).padStart(2, '0');

/** True when the IANA zone name is known to this Node (e.g. "Europe/London"). */
export function isValidTimeZone(tz: string): boolean {
  if (!tz || !/^[A-Za-z_]+(\/[A-Za-z0-9_+\-]+)*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

// Offsets change at most a few times a year: per UTC day, when the offset at the start and at
// the end of the day agree, it holds all day and the local day is plain arithmetic. Memoised
// per zone and UTC day number (sweeps ask about the same few hundred days again and again).
const OFFSET_MEMO_LIMIT = 50_000;
const dayOffsets = new Map<string, Map<number, number | null>>();

function offsetMinutes(now: Date, tz: string): number {
  const ms = now.getTime();
  const day = Math.floor(ms / 86_400_000);
  let days = dayOffsets.get(tz);
  if (!days) dayOffsets.set(tz, (days = new Map()));
  let off = days.get(day);
  if (off === undefined) {
    const a = tzOffset(tz, new Date(day * 86_400_000));
    const b = tzOffset(tz, new Date((day + 1) * 86_400_000 - 1));
    off = a === b ? a : null;
    if (days.size >= OFFSET_MEMO_LIMIT) days.clear();
    days.set(day, off);
  }
  return off ?? tzOffset(tz, now);
}

/** The calendar day it is at `now` in the zone. */
export function localDate(now: Date, tz: string): IsoDate {
  return isoOfDay(Math.floor((now.getTime() + offsetMinutes(now, tz) * 60_000) / 86_400_000));
}

/** The local wall-clock time at `now` as HH:mm. */
export function localTime(now: Date, tz: string): string {
  const d = new TZDate(now.getTime(), tz);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const atLocalMemo = new Map<string, number>();
/** The instant at which the local clock shows `hhmm` on `date` in the zone. */
export function atLocalTime(date: IsoDate, hhmm: string, tz: string): Date {
  const key = `${tz}|${date}|${hhmm}`;
  let t = atLocalMemo.get(key);
  if (t === undefined) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
    t = new TZDate(y, m - 1, d, hh, mm, 0, 0, tz).getTime();
    if (atLocalMemo.size >= 5_000) atLocalMemo.clear();
    atLocalMemo.set(key, t);
  }
  return new Date(t);
}

/** True when the local clock at `now` reads `hhmm` or later. */
export function isAtOrAfterLocalTime(now: Date, tz: string, hhmm: string): boolean {
  return localTime(now, tz) >= hhmm;
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "Monday 24 November" (with the year when `withYear`). */
export function formatDayLong(date: IsoDate, withYear = false): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${DAY_NAMES[wd]} ${d} ${MONTH_NAMES[m - 1]}${withYear ? ` ${y}` : ''}`;
}

const shortDays = new Map<IsoDate, string>();
/** "24 Nov 2025". */
export function formatDayShort(date: IsoDate): string {
  let text = shortDays.get(date);
  if (text === undefined) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    text = `${d} ${MONTH_NAMES[m - 1]!.slice(0, 3)} ${y}`;
    if (shortDays.size >= 20_000) shortDays.clear();
    shortDays.set(date, text);
  }
  return text;
}

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type WeekdayName = (typeof WEEKDAYS)[number];
