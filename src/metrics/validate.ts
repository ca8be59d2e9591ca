// Checking a figure before it is stored, the same way for chat, the CLI and file imports:
// a number (commas and a trailing % allowed), a reporting period the metric is published for,
// not a period that has not begun yet (targets may be set ahead), and in range (0–100 for
// percentages, never negative for counts). Every refusal says what would be accepted.
import type { IsoDate } from '../calendar/working-days.js';
import { describePeriod, formatPeriod, parsePeriod, periodStart, PERIOD_FORMS, type Period } from './period.js';

export interface MetricShape {
  code: string;
  unit: string;
  frequency: string;
}

export type Check<T> = { ok: true; value: T } | { ok: false; error: string };

/** "47", "47.5", "1,234", "48%" → a number; anything else is refused with the reason. */
export function parseFigure(text: string, m: MetricShape, what = 'value'): Check<number> {
  const t = String(text ?? '').trim();
  if (t === '') return { ok: false, error: `The ${what} for ${m.code} is empty: give a number, e.g. ${example(m)}.` };
  const cleaned = t.replace(/,(?=\d{3}\b)/g, '').replace(/\s*%$/, '');
  if (!/^[-+]?(\d+(\.\d+)?|\.\d+)$/.test(cleaned)) {
    return { ok: false, error: `"${t.length > 20 ? `${t.slice(0, 20)}…` : t}" is not a number: give the ${what} for ${m.code} as digits, e.g. ${example(m)}${m.unit === 'percent' ? ' (a percentage, without the % if you like)' : ''}.` };
  }
  if (/%$/.test(t) && m.unit !== 'percent') return { ok: false, error: `${m.code} is a count, not a percentage: give the ${what} without %, e.g. ${example(m)}.` };
  const n = Number(cleaned);
  if (m.unit === 'percent' && (n < 0 || n > 100)) {
    return { ok: false, error: `${t} is out of range: ${m.code} is a percentage, so its ${what} is between 0 and 100.` };
  }
  if (m.unit === 'count' && n < 0) return { ok: false, error: `${t} is out of range: ${m.code} is a count and cannot be negative.` };
  return { ok: true, value: n };
}

const example = (m: MetricShape) => (m.unit === 'percent' ? '47.5' : '1234');

/**
 * A reporting period for this metric. `today` is the partnership's local day: a period that has
 * not begun is refused for a value (`allowFuture` for targets).
 */
export function checkPeriod(text: string, m: MetricShape, today: IsoDate, opts: { allowFuture?: boolean } = {}): Check<Period> {
  const p = parsePeriod(text);
  if (!p.ok) return p;
  const period = p.value;
  if (m.frequency === 'annual' && period.kind === 'quarter') {
    return { ok: false, error: `${m.code} is published once a year: record it for a financial year, e.g. ${formatPeriod({ kind: 'year', startYear: period.startYear })}, not ${formatPeriod(period)}.` };
  }
  if (m.frequency === 'quarterly' && period.kind === 'year') {
    return { ok: false, error: `${m.code} is recorded quarterly: give a quarter, e.g. Q4 ${formatPeriod(period)}, not the whole year ${formatPeriod(period)}.` };
  }
  if (!opts.allowFuture && periodStart(period) > today) {
    return { ok: false, error: `${formatPeriod(period)} is in the future (it covers ${describePeriod(period)}): a figure can be recorded once its period has begun. Targets may be set ahead.` };
  }
  return { ok: true, value: period };
}

export { PERIOD_FORMS };
