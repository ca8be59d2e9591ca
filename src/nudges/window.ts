// When a policy fires. A trigger day (e.g. 14 days before the due date) goes out on the first
// working day on or after it, at the partnership's send time. A sweep on local day D sends the
// triggers whose send day falls in (from, D], where `from` is the previous working day by
// default — so a trigger on a Saturday, a bank holiday or over Christmas goes out on the next
// working day, exactly once. The scheduler may pass `catchUpFrom` (the last day a sweep ran)
// to include working days it missed while down; the dedupe keys keep this idempotent.
import { addDays, daysBetween, isWorkingDay, previousWorkingDay, workingDayOnOrAfter, type IsoDate } from '../calendar/working-days.js';
import { isAtOrAfterLocalTime, localDate } from '../calendar/zone.js';

/** A catch-up never reaches back further than this. */
export const MAX_CATCH_UP_DAYS = 31;

export interface SendWindow {
  /** The local day of this sweep. */
  today: IsoDate;
  /** Exclusive lower bound of send days covered by this sweep. */
  from: IsoDate;
}

/**
 * The sweep's window, or null when nothing goes out now: not a working day, or before the
 * send time. `catchUpFrom` is the last local day a sweep completed.
 */
export function sendWindow(now: Date, tz: string, sendTime: string, catchUpFrom?: IsoDate): SendWindow | null {
  const today = localDate(now, tz);
  if (!isWorkingDay(today) || !isAtOrAfterLocalTime(now, tz, sendTime)) return null;
  let from = previousWorkingDay(today);
  if (catchUpFrom && catchUpFrom < from) {
    from = daysBetween(catchUpFrom, today) > MAX_CATCH_UP_DAYS ? addDays(today, -MAX_CATCH_UP_DAYS) : catchUpFrom;
  }
  return { today, from };
}

/** True when a trigger on `trigger` goes out in this window. */
export function firesIn(w: SendWindow, trigger: IsoDate): boolean {
  const send = workingDayOnOrAfter(trigger);
  return send > w.from && send <= w.today;
}
