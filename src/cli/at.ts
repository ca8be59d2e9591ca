// `--at` for `cdp run` and `cdp chat`, read the same way: ISO with a zone (Z, +01:00) is that
// instant; a date and time without a zone is the partnership's local time; a bare date is 09:30
// local (the default send time).
import { isIsoDate } from '../calendar/working-days.js';
import { atLocalTime } from '../calendar/zone.js';
import { CliError } from './context.js';

export function parseAt(text: string, tz: string): Date {
  const t = text.trim();
  const bare = /^(\d{4}-\d{2}-\d{2})$/.exec(t);
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  let d: Date;
  const day = bare?.[1] ?? local?.[1];
  if (day && !isIsoDate(day)) d = new Date(NaN);
  else if (bare) d = atLocalTime(bare[1]!, '09:30', tz);
  else if (local) d = new Date(atLocalTime(local[1]!, `${local[2]}:${local[3]}`, tz).getTime() + Number(local[4] ?? 0) * 1000);
  else d = /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/i.test(t) ? new Date(t) : new Date(NaN);
  if (Number.isNaN(d.getTime())) {
    throw new CliError(`--at "${text}" is not a date and time. Use ISO form: --at 2026-11-23 (09:30 local), --at 2026-11-23T09:00 (local time, ${tz}) or --at 2026-11-23T09:00Z.`, 2);
  }
  return d;
}
