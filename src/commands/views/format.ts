// Dates and small labels for replies. Due dates are calendar days stored at 00:00 UTC; "today"
// is the partnership's local calendar day of ctx.now.
import { formatUkDate } from '../../calendar/uk-date.js';
import type { Via } from '../../generated/prisma/enums.js';
import type { Duration } from '../types.js';

const DAY_MS = 86_400_000;

/** "31 Dec 2025" for a calendar day stored at 00:00 UTC. */
export const formatDay = (d: Date): string => formatUkDate(d);

/** "12 Nov 2026, 10:30" in the partnership's time zone. */
export function formatWhen(d: Date, timeZone: string): string {
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone });
  return `${formatUkDate(localToday(d, timeZone))}, ${time}`;
}

/** One formatter per zone: making an Intl.DateTimeFormat costs far more than using one. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const dayFormat = (timeZone: string) => {
  let f = dayFormats.get(timeZone);
  if (!f) dayFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f;
};

/** The local calendar day of `now` in `timeZone`, as 00:00 UTC of that day. */
export function localToday(now: Date, timeZone: string): Date {
  const parts = dayFormat(timeZone).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return new Date(Date.UTC(get('year'), get('month') - 1, get('day')));
}

export function addDays(day: Date, n: number): Date {
  return new Date(day.getTime() + n * DAY_MS);
}

/** The last day of a window starting today: 14d → today+14, 4w → +28, 12m → same day 12 months on. */
export function windowEnd(today: Date, w: Duration): Date {
  if (w.unit === 'd') return addDays(today, w.amount);
  if (w.unit === 'w') return addDays(today, w.amount * 7);
  const d = new Date(today);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + w.amount);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export function windowLabel(w: Duration): string {
  const unit = w.unit === 'd' ? 'day' : w.unit === 'w' ? 'week' : 'month';
  return `${w.amount} ${unit}${w.amount === 1 ? '' : 's'}`;
}

/** Whole days from `a` to `b` (calendar days at 00:00 UTC). */
export function daysBetween(a: Date, b: Date): number {
  return Math.round((b.getTime() - a.getTime()) / DAY_MS);
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export const VIA_LABEL: Record<Via, string> = {
  slack: 'Slack',
  teams: 'Teams',
  console: 'console',
  import: 'import',
  cli: 'CLI',
  system: 'the bot',
  email: 'email',
};

/** "in 4 months" / "in 12 days" / "3 days ago" */
export function relativeDays(today: Date, day: Date): string {
  const d = daysBetween(today, day);
  if (d === 0) return 'today';
  if (d < 0) return `${plural(-d, 'day')} ago`;
  if (d < 60) return `in ${plural(d, 'day')}`;
  return `in ${plural(Math.round(d / 30.44), 'month')}`;
}
