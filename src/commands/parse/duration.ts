// Windows and snooze lengths: 14d, 2w, 4w, 12m, "14 days", "3 months", "a fortnight", "1y".
import type { Duration } from '../types.js';

export type DurationKind = 'due' | 'contracts' | 'snooze';

interface Rule {
  /** Used when nothing is given. */
  fallback: Duration;
  /** Unit of a bare number ("due 30" = 30 days, "contracts 6" = 6 months). */
  bareUnit: Duration['unit'];
  /** The limit, in days, and how to say it. */
  maxDays: number;
  maxText: string;
}

const RULES: Record<DurationKind, Rule> = {
  due: { fallback: { amount: 14, unit: 'd' }, bareUnit: 'd', maxDays: 365, maxText: '365 days (12 months)' },
  contracts: { fallback: { amount: 12, unit: 'm' }, bareUnit: 'm', maxDays: 36 * (365 / 12), maxText: '36 months' },
  snooze: { fallback: { amount: 7, unit: 'd' }, bareUnit: 'd', maxDays: 30, maxText: '30 days' },
};

const UNITS: Record<string, { unit: Duration['unit']; times: number }> = {
  d: { unit: 'd', times: 1 }, day: { unit: 'd', times: 1 }, days: { unit: 'd', times: 1 },
  w: { unit: 'w', times: 1 }, wk: { unit: 'w', times: 1 }, wks: { unit: 'w', times: 1 }, week: { unit: 'w', times: 1 }, weeks: { unit: 'w', times: 1 },
  fortnight: { unit: 'w', times: 2 }, fortnights: { unit: 'w', times: 2 },
  m: { unit: 'm', times: 1 }, mo: { unit: 'm', times: 1 }, mos: { unit: 'm', times: 1 }, mth: { unit: 'm', times: 1 }, mths: { unit: 'm', times: 1 },
  month: { unit: 'm', times: 1 }, months: { unit: 'm', times: 1 },
  y: { unit: 'm', times: 12 }, yr: { unit: 'm', times: 12 }, yrs: { unit: 'm', times: 12 }, year: { unit: 'm', times: 12 }, years: { unit: 'm', times: 12 },
};

/** Approximate length in days, for limits (a month is 365/12 days). */
export function durationDays(d: Duration): number {
  return d.unit === 'd' ? d.amount : d.unit === 'w' ? d.amount * 7 : d.amount * (365 / 12);
}

export type DurationResult = { ok: true; duration: Duration } | { ok: false; problem: string };

/** Parses the whole text as a duration for `kind`; empty text gives the default. */
export function parseDuration(text: string, kind: DurationKind): DurationResult {
  const rule = RULES[kind];
  const t = text.trim().toLowerCase().replace(/^(?:in|within|for|the next|next)\s+/, '');
  if (t === '') return { ok: true, duration: rule.fallback };
  const m = /^(\d{1,6}|an?|one)\s*-?\s*([a-z]+)?$/.exec(t);
  if (!m) return { ok: false, problem: 'is not a length of time' };
  const amountText = m[1]!;
  const n = /^\d/.test(amountText) ? Number(amountText) : 1;
  let unit: Duration['unit'] = rule.bareUnit;
  let times = 1;
  if (m[2] !== undefined) {
    const u = Object.hasOwn(UNITS, m[2]) ? UNITS[m[2]] : undefined;
    if (!u) return { ok: false, problem: `has a unit I don't know ("${m[2].slice(0, 12)}")` };
    unit = u.unit;
    times = u.times;
  } else if (!/^\d/.test(amountText)) {
    return { ok: false, problem: 'is not a length of time' };
  }
  const duration: Duration = { amount: n * times, unit };
  if (duration.amount < 1) return { ok: false, problem: 'must be at least 1 day' };
  if (durationDays(duration) > rule.maxDays + 1e-9) return { ok: false, problem: `is longer than the limit: at most ${rule.maxText}` };
  return { ok: true, duration };
}

/** A snooze length in whole days (1m = 30 days). */
export function snoozeDays(d: Duration): number {
  return d.unit === 'd' ? d.amount : d.unit === 'w' ? d.amount * 7 : d.amount * 30;
}

export const DURATION_LIMIT_TEXT: Record<DurationKind, string> = {
  due: RULES.due.maxText,
  contracts: RULES.contracts.maxText,
  snooze: RULES.snooze.maxText,
};
