// Local day and time in a partnership's time zone (default Europe/London), BST/GMT correct.
// `now` is always passed in; nothing here reads the clock.
import { TZDate, tzOffset } from '@date-fns/tz';
import type { IsoDate } from './working-days.js';

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
// the end of the day agree, it holds all day and the local day is plain arithmetic.
const dayOffsets = new Map<string, number | null>();

function offsetMinutes(now: Date, tz: string): number {
  const day = Math.floor(now.getTime() / 86_400_000);
  const key = `${tz}|${day}`;
  let off = dayOffsets.get(key);
  if (off === undefined) {
    const a = tzOffset(tz, new Date(day * 86_400_000));
    const b = tzOffset(tz, new Date((day + 1) * 86_400_000 - 1));
    off = a === b ? a : null;
    if (dayOffsets.size >= 50_000) dayOffsets.clear();
    dayOffsets.set(key, off);
  }
  return off ?? tzOffset(tz, now);
}

/** The calendar day it is at `now` in the zone. */
export function localDate(now: Date, tz: string): IsoDate {
  return new Date(now.getTime() + offsetMinutes(now, tz) * 60_000).toISOString().slice(0, 10);
}

/** The local wall-clock time at `now` as HH:mm. */
export function localTime(now: Date, tz: string): string {
  const d = new TZDate(now.getTime(), tz);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The instant at which the local clock shows `hhmm` on `date` in the zone. */
export function atLocalTime(date: IsoDate, hhmm: string, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, 0, 0, tz).getTime());
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

/** "24 Nov 2025". */
export function formatDayShort(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTH_NAMES[m - 1]!.slice(0, 3)} ${y}`;
}

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type WeekdayName = (typeof WEEKDAYS)[number];
