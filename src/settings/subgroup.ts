// A subgroup's digest overrides, stored in Subgroup.settings:
// { day?, time?, meetingDates?: ISO dates, daysBeforeMeeting?: working days, weekly?: boolean }.
import { z } from 'zod';
import { WEEKDAYS } from '../calendar/zone.js';
import { isIsoDate } from '../calendar/working-days.js';
import { err, ok, domainError, type Result } from '../result.js';
import { timeSchema } from './schema.js';
import { ACCEPTED_DATE_FORMS, parseUkDate, toIsoDate } from '../calendar/uk-date.js';

/**
 * Meeting dates as people type them: UK forms (14/01/2027, 14 Jan 2027) or ISO, separated by
 * commas or semicolons (or spaces between dates that have none). Stored as YYYY-MM-DD.
 */
export function parseMeetingDates(text: string): Result<string[]> {
  const out: string[] = [];
  for (const part of text.split(/[,;]+/).map((p) => p.trim()).filter(Boolean)) {
    const whole = parseUkDate(part, { excelSerials: false });
    const pieces = whole.ok && whole.value ? [whole] : part.split(/\s+/).map((piece) => parseUkDate(piece, { excelSerials: false }));
    for (const [i, r] of pieces.entries()) {
      if (!r.ok || !r.value) {
        const shown = pieces.length > 1 ? part.split(/\s+/)[i]! : part;
        return err(domainError('subgroup_settings_invalid_value', `"${shown}" is not a meeting date.`, `Dates ${ACCEPTED_DATE_FORMS.replace(/, or Ongoing\/TBC for no date$/, '')}; several separated by commas, e.g. meetingDates 10/12/2026, 14/01/2027.`));
      }
      out.push(toIsoDate(r.value));
    }
  }
  return ok([...new Set(out)].sort());
}

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
    case 'meetingdates': {
      if (t.toLowerCase() === 'none') { candidate = { meetingDates: [] }; break; }
      const dates = parseMeetingDates(t);
      if (!dates.ok) return dates;
      candidate = { meetingDates: dates.value };
      break;
    }
    case 'daysbeforemeeting': candidate = { daysBeforeMeeting: /^\d+$/.test(t) ? Number(t) : (t as never) }; break;
    default:
      return err(domainError('subgroup_settings_unknown_key', `There is no subgroup setting called "${key}".`, 'Subgroup settings: day, time, weekly, meetingDates, daysBeforeMeeting.'));
  }
  const r = subgroupSettingsSchema.safeParse({ ...current, ...candidate });
  if (!r.success) {
    return err(domainError('subgroup_settings_invalid_value', `"${text}" is not a valid ${key}: ${r.error.issues.map((i) => i.message).join('; ')}.`, 'Examples: day monday · time 09:00 · weekly off · meetingDates 10/12/2026, 14/01/2027 · daysBeforeMeeting 2'));
  }
  return ok(r.data);
}
