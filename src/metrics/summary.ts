// What people are shown about a metric: its latest figure, the one before (trend), the target
// for the latest period and the RAG against it, and a row of the last N periods for reports.
// Pure over a MetricSeries.
import { comparePeriods, formatPeriod, lastCompleted, periodEnd, periodOfKind, periodsEndingWith, type Period } from './period.js';
import { ragFor, trendOf, type Direction, type Rag, type TrendInfo } from './rag.js';
import { periodOfFigure, type MetricSeries, type PeriodFigure } from './store.js';

export interface MetricLike {
  code: string;
  name: string;
  unit: string;
  frequency: string;
  direction: Direction;
}

export interface MetricSummary {
  latest: PeriodFigure | null;
  previous: PeriodFigure | null;
  /** Target for the latest figure's period. */
  target: number | null;
  rag: Rag | null;
  trend: TrendInfo | null;
}

/** The latest figure on or before `upTo` (default: any), the one before it, its target, RAG and trend. */
export function summarise(m: MetricLike, s: MetricSeries, upTo?: Period): MetricSummary {
  const limit = upTo ? periodEnd(upTo) : '9999-12-31';
  const values = s.values.filter((v) => v.periodEnd <= limit).sort((a, b) => comparePeriods(periodOfFigure(a), periodOfFigure(b)));
  const latest = values[values.length - 1] ?? null;
  const previous = values[values.length - 2] ?? null;
  const target = latest ? s.targets.get(latest.period) ?? null : null;
  return {
    latest,
    previous,
    target,
    rag: latest ? ragFor(latest.value, target, m.direction) : null,
    trend: trendOf(latest?.value, previous?.value, m.direction),
  };
}

/** Quarters for quarterly (and irregular) metrics, financial years for annual ones. */
export const periodKindOf = (m: Pick<MetricLike, 'frequency'>): Period['kind'] => (m.frequency === 'annual' ? 'year' : 'quarter');

export interface PeriodCell {
  period: string;
  value: number | null;
  target: number | null;
  rag: Rag | null;
}

/** The n periods of the metric's kind up to `at` (oldest first), each with value, target and RAG. */
export function lastPeriods(m: MetricLike, s: MetricSeries, at: Period, n = 4): PeriodCell[] {
  const byPeriod = new Map(s.values.map((v) => [v.period, v.value]));
  // Years: the last financial year that has ended by the end of `at` (Q2 2026/27 → 2025/26; Q4 → its own year).
  const kind = periodKindOf(m);
  const last = kind === 'year' && at.kind === 'quarter' ? lastCompleted('year', periodEnd(at)) : periodOfKind(kind, at);
  return periodsEndingWith(last, n).map((p) => {
    const key = formatPeriod(p);
    const value = byPeriod.get(key) ?? null;
    const target = s.targets.get(key) ?? null;
    return { period: key, value, target, rag: ragFor(value, target, m.direction) };
  });
}
