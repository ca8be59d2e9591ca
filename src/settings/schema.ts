// A partnership's reminder policy and digest schedule (SPEC §4, §5), stored as JSON in
// Partnership.settings. Every threshold has the SPEC default; `{}` means "all defaults".
// The time zone lives on Partnership.timezone (see ../calendar/zone.ts isValidTimeZone).
import { z } from 'zod';
import { WEEKDAYS } from '../calendar/zone.js';

/** Local times that node-cron skips on the spring-forward day (ENVIRONMENT.md: Schedules). */
export const FORBIDDEN_TIME_WINDOW = { from: '01:00', to: '02:59' } as const;

export const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

export const timeSchema = z
  .string()
  .regex(TIME_RE, 'a time as HH:mm, 24-hour clock, e.g. 09:30')
  .refine((t) => !(t >= FORBIDDEN_TIME_WINDOW.from && t <= FORBIDDEN_TIME_WINDOW.to), {
    message:
      'times from 01:00 to 02:59 are not accepted: on the day the clocks go forward that hour does not exist in UK time and the scheduler would skip the run',
  });

const days = (max: number) => z.number().int().min(1).max(max);
const sortedDesc = (xs: number[]) => [...new Set(xs)].sort((a, b) => b - a);

export const settingsSchema = z.object({
  /** Days before the due date at which the lead agency is reminded (one nudge per threshold). */
  dueSoonDays: z.array(days(365)).max(10).transform(sortedDesc),
  /** After the first overdue reminder (first working day after the due date), repeat every N days until updated. */
  overdueRepeatDays: days(90),
  /** Overdue by this many days → escalate to the subgroup chair. */
  escalateOverdueDays: days(365),
  /** Off track or blocked for this many days → escalate to the subgroup chair. */
  escalateStuckDays: days(365),
  /** Open with no update for this many days → ask the lead agency for an update. */
  quietDays: days(365),
  /** Months before a contract's deadline at which the commissioner is asked for its stage. */
  contractCheckinMonths: z.array(z.number().int().min(1).max(36)).max(12).transform(sortedDesc),
  contractEscalations: z.object({
    /** This many months before the deadline with the route still undecided → admins. */
    noRouteAtMonths: z.number().int().min(1).max(36),
    /** This many months before the deadline with no award yet → admins. */
    noAwardAtMonths: z.number().int().min(1).max(36),
  }),
  /** Local time at which nudges go out on working days. */
  sendTime: timeSchema,
  /** Weekly digest day and local time (a subgroup may override, see ./subgroup.ts). */
  digestDay: z.enum(WEEKDAYS),
  digestTime: timeSchema,
  /** Longest snooze a person may ask for. */
  snoozeMaxDays: days(90),
  /**
   * The partnership's own status words for imports, e.g. { "in progress": "at_risk" }: read
   * before the built-in synonyms, and never marked as assumed.
   */
  importStatuses: z.record(z.string().min(1).max(40), z.enum(['not_started', 'on_track', 'at_risk', 'off_track', 'blocked', 'ongoing', 'complete', 'cancelled'])).refine((r) => Object.keys(r).length <= 50, 'at most 50 words'),
  /** Outbox delivery policy (src/outbox). */
  outbox: z.object({
    maxAttempts: z.number().int().min(1).max(50),
  }),
});

export type Settings = z.output<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  dueSoonDays: [14, 3],
  overdueRepeatDays: 7,
  escalateOverdueDays: 14,
  escalateStuckDays: 14,
  quietDays: 28,
  contractCheckinMonths: [18, 12, 9, 6, 3, 1],
  contractEscalations: { noRouteAtMonths: 9, noAwardAtMonths: 6 },
  sendTime: '09:30',
  digestDay: 'monday',
  digestTime: '09:00',
  snoozeMaxDays: 30,
  importStatuses: {},
  outbox: { maxAttempts: 8 },
}) as Settings;
