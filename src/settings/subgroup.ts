// A subgroup's digest overrides, stored in Subgroup.settings:
// { day?, time?, meetingDates?: ISO dates, daysBeforeMeeting?: working days, weekly?: boolean }.
import { z } from 'zod';
import { WEEKDAYS } from '../calendar/zone.js';
import { isIsoDate } from '../calendar/working-days.js';
import { err, ok, domainError, type Result } from '../result.js';
import { timeSchema } from './schema.js';

export const subgroupSettingsSchema = z.object({
  /** Overrides the partnership's digestDay. */
  day: z.enum(WEEKDAYS).optional(),
  /** Overrides the partnership's digestTime. */
  time: timeSchema.optional(),
  /** false turns the weekly digest off (meeting digests still go out). */
  weekly: z.boolean().default(true),
  /** Meeting days (YYYY-MM-DD); with daysBeforeMeeting a digest goes out that many working days before each. */
  meetingDates: z.array(z.string().refine(isIsoDate, 'a date as YYYY-MM-DD')).default([]),
  daysBeforeMeeting: z.number().int().min(0).max(20).optional(),
});

export type SubgroupSettings = z.output<typeof subgroupSettingsSchema>;

/** The subgroup's digest settings; invalid stored keys are ignored (the partnership's schedule applies). */
export function readSubgroupSettings(json: unknown): SubgroupSettings {
  const obj = json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, schema] of Object.entries(subgroupSettingsSchema.shape)) {
    const r = (schema as z.ZodType).safeParse(obj[k]);
    if (r.success && r.data !== undefined) out[k] = r.data;
  }
  return subgroupSettingsSchema.parse(out);
}

/** Sets one subgroup digest key from typed text (day, time, weekly, meetingDates, daysBeforeMeeting). */
export function updateSubgroupSettings(current: SubgroupSettings, key: string, text: string): Result<SubgroupSettings> {
  const k = key.trim().toLowerCase().replace(/[\s_\-]+/g, '');
  const t = text.trim();
  let candidate: Partial<SubgroupSettings>;
  switch (k) {
    case 'day': candidate = { day: (WEEKDAYS.find((d) => t.length >= 3 && d.startsWith(t.toLowerCase())) ?? t) as never }; break;
    case 'time': candidate = { time: t.replace(/^(\d):/, '0$1:') }; break;
    case 'weekly': candidate = { weekly: /^(on|yes|true)$/i.test(t) ? true : /^(off|no|false)$/i.test(t) ? false : (t as never) }; break;
    case 'meetingdates': candidate = { meetingDates: t.toLowerCase() === 'none' ? [] : t.split(/[\s,;]+/).filter(Boolean) }; break;
    case 'daysbeforemeeting': candidate = { daysBeforeMeeting: /^\d+$/.test(t) ? Number(t) : (t as never) }; break;
    default:
      return err(domainError('subgroup_settings_unknown_key', `There is no subgroup setting called "${key}".`, 'Subgroup settings: day, time, weekly, meetingDates, daysBeforeMeeting.'));
  }
  const r = subgroupSettingsSchema.safeParse({ ...current, ...candidate });
  if (!r.success) {
    return err(domainError('subgroup_settings_invalid_value', `"${text}" is not a valid ${key}: ${r.error.issues.map((i) => i.message).join('; ')}.`, 'Examples: day monday · time 09:00 · weekly off · meetingDates 2026-12-10,2027-01-14 · daysBeforeMeeting 2'));
  }
  return ok(r.data);
}
