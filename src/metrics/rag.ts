// RAG against target by the metric's direction, and the trend between two periods.
//
// Higher is better: at or above target → green; below target but within AMBER_BAND of it →
// amber; further below → red. Lower is better: the mirror image. The band is relative to the
// target (10%: a target of 60% makes 54–59.9 amber); a target of 0 has no band. No target → no
// RAG ("no target"), never a guess.
export type Direction = 'higher' | 'lower';
export type Rag = 'green' | 'amber' | 'red';

export const AMBER_BAND = 0.1;

export const RAG_LABEL: Record<Rag, string> = { green: 'Green (on target)', amber: 'Amber (near target)', red: 'Red (off target)' };

/** Hex colours, as the action statuses use them (text on them meets 4.5:1 in white/black as noted). */
export const RAG_COLOUR: Record<Rag, { fill: string; text: string }> = {
  green: { fill: '#1E7B34', text: '#FFFFFF' },
  amber: { fill: '#F2B705', text: '#000000' },
  red: { fill: '#B3261E', text: '#FFFFFF' },
};

export function ragFor(value: number | null | undefined, target: number | null | undefined, direction: Direction): Rag | null {
  if (value === null || value === undefined || target === null || target === undefined) return null;
  const band = Math.abs(target) * AMBER_BAND;
  if (direction === 'higher') {
    if (value >= target) return 'green';
    return value >= target - band && band > 0 ? 'amber' : 'red';
  }
  if (value <= target) return 'green';
  return value <= target + band && band > 0 ? 'amber' : 'red';
}

export type Trend = 'up' | 'down' | 'flat';

export interface TrendInfo {
  trend: Trend;
  /** ↑ ↓ → */
  arrow: string;
  /** Whether the move is the good way for this metric (null when flat). */
  improving: boolean | null;
  /** "↑ improving", "↓ worsening", "→ no change". */
  text: string;
}

/** The trend from the previous figure to the latest; null when either is missing. */
export function trendOf(latest: number | null | undefined, previous: number | null | undefined, direction: Direction): TrendInfo | null {
  if (latest === null || latest === undefined || previous === null || previous === undefined) return null;
  if (latest === previous) return { trend: 'flat', arrow: '→', improving: null, text: '→ no change' };
  const trend: Trend = latest > previous ? 'up' : 'down';
  const improving = (trend === 'up') === (direction === 'higher');
  return { trend, arrow: trend === 'up' ? '↑' : '↓', improving, text: `${trend === 'up' ? '↑' : '↓'} ${improving ? 'improving' : 'worsening'}` };
}

/** A figure as people read it: 48.5%, 1,234, 0.75. */
export function formatValue(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined) return '—';
  const n = Number.isInteger(v) ? v.toLocaleString('en-GB') : v.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  return unit === 'percent' ? `${n}%` : n;
}

export const directionText = (d: Direction) => (d === 'higher' ? 'higher is better' : 'lower is better');
