// When digests go out (SPEC §5): weekly on the partnership's digest day and time (a subgroup
// may override day/time or turn the weekly digest off), and optionally N working days before
// each of a subgroup's meetings (which then replaces that day's weekly digest). A slot on a bank
// holiday moves to the next working day.
// The partnership-wide admins' digest follows the partnership's weekly slot.
import { addDays, addWorkingDays, weekday, workingDayOnOrAfter, type IsoDate } from '../calendar/working-days.js';
import { atLocalTime, DEFAULT_TIMEZONE, localDate, WEEKDAYS, type WeekdayName } from '../calendar/zone.js';
import type { Settings } from '../settings/index.js';
import { readSubgroupSettings } from '../settings/subgroup.js';

export interface DigestSlot {
  /** null = the partnership-wide digest to the admins. */
  subgroupId: string | null;
  kind: 'weekly' | 'meeting';
  /** Local day of the slot. */
  localDate: IsoDate;
  at: Date;
  /** Unique per slot: the JobClaim period and the outbox dedupe key's tail. */
  period: string;
  meetingDate?: IsoDate;
}

/** The weekly slot's nominal day (the digest day) in the week containing or before `day`. */
function lastNominalDay(day: IsoDate, dayName: WeekdayName): IsoDate {
  const back = (weekday(day) - WEEKDAYS.indexOf(dayName) + 7) % 7;
  return addDays(day, -back);
}

/** The most recent weekly slot at or before `now` (its actual send day, after a bank-holiday move). */
export function lastWeeklySlot(now: Date, tz: string, dayName: WeekdayName, time: string): { localDate: IsoDate; at: Date } {
  const today = localDate(now, tz);
  for (let nominal = lastNominalDay(today, dayName); ; nominal = addDays(nominal, -7)) {
    const sendDay = workingDayOnOrAfter(nominal);
    const at = atLocalTime(sendDay, time, tz);
    if (at.getTime() <= now.getTime()) return { localDate: sendDay, at };
  }
}

/**
 * The moment "since last digest" counts from: the last weekly slot on a day before today.
 * So the Monday 09:00 digest covers the week since last Monday 09:00, and a digest asked for on
 * Wednesday covers what changed since Monday's.
 */
export function previousDigestTime(now: Date, tz: string, dayName: WeekdayName, time: string): Date {
  const today = localDate(now, tz);
  let probe = now;
  for (let i = 0; i < 4; i++) {
    const slot = lastWeeklySlot(probe, tz, dayName, time);
    if (slot.localDate < today) return slot.at;
    probe = new Date(slot.at.getTime() - 1);
  }
  return new Date(now.getTime() - 7 * 86_400_000);
}

export interface SubgroupScheduleInput {
  id: string;
  /** Subgroup.settings JSON. */
  settings: unknown;
}

/**
 * The digest slots due today at or before `now` (so a run missed while the bot was down still
 * goes out the same day); the caller claims each `period` once. Includes the admins' digest
 * (subgroupId null) on the partnership's weekly slot.
 */
export function digestDueSlots(settings: Settings, subgroups: SubgroupScheduleInput[], now: Date, timezone = DEFAULT_TIMEZONE): DigestSlot[] {
  const today = localDate(now, timezone);
  const out: DigestSlot[] = [];
  const weekly = (subgroupId: string | null, day: WeekdayName, time: string) => {
    const slot = lastWeeklySlot(now, timezone, day, time);
    if (slot.localDate === today) {
      out.push({ subgroupId, kind: 'weekly', localDate: today, at: slot.at, period: `weekly:${subgroupId ?? 'partnership'}:${today}` });
    }
  };
  weekly(null, settings.digestDay, settings.digestTime);
  for (const sg of subgroups) {
    const s = readSubgroupSettings(sg.settings);
    const time = s.time ?? settings.digestTime;
    const before = out.length;
    if (s.daysBeforeMeeting !== undefined) {
      for (const meeting of s.meetingDates) {
        const day = s.daysBeforeMeeting === 0 ? workingDayOnOrAfter(meeting) : addWorkingDays(meeting, -s.daysBeforeMeeting);
        const at = atLocalTime(day, time, timezone);
        if (day === today && at.getTime() <= now.getTime()) {
          out.push({ subgroupId: sg.id, kind: 'meeting', localDate: day, at, meetingDate: meeting, period: `meeting:${sg.id}:${meeting}` });
        }
      }
    }
    // One digest per channel per day: a meeting digest replaces that day's weekly one.
    if (s.weekly && out.length === before) weekly(sg.id, s.day ?? settings.digestDay, time);
  }
  return out;
}
