// Small trend charts for reports: one small panel per metric (its last periods as a line, the
// target as a dashed line, each point coloured by its RAG), drawn as SVG on the server with
// Vega-Lite (the board pack's renderSvg) — no browser, no canvas. Used by the quarterly report
// and the board pack's Metrics section.
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../report/board/charts.js';
import { RAG_COLOUR, type Rag } from './rag.js';
import type { PeriodCell } from './summary.js';

export interface TrendPanel {
  code: string;
  unit: string;
  periods: PeriodCell[];
}

const NO_RAG = '#5A5A5A';

/** "Q4 2025/26" → "Q4 25/26", "2025/26" → "25/26": labels that fit a small panel. */
const shortPeriod = (p: string) => p.replace(/\b20(\d\d)\//, '$1/');

export function trendSpec(panels: TrendPanel[], opts: { columns?: number; width?: number } = {}): TopLevelSpec {
  const values = panels.flatMap((p) => p.periods.map((c, i) => ({
    metric: `${p.code}${p.unit === 'percent' ? ' (%)' : ''}`, period: shortPeriod(c.period), order: i, value: c.value, target: c.target, rag: c.rag ?? 'none',
  })));
  const rags: (Rag | 'none')[] = ['green', 'amber', 'red', 'none'];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    facet: { field: 'metric', type: 'nominal', title: null, sort: panels.map((p) => `${p.code}${p.unit === 'percent' ? ' (%)' : ''}`) },
    columns: opts.columns ?? 3,
    spec: {
      width: opts.width ?? 165,
      height: 70,
      layer: [
        {
          mark: { type: 'line', color: '#1F4E79', strokeWidth: 2 },
          encoding: { x: { field: 'period', type: 'ordinal', sort: { field: 'order' }, title: null, axis: { labelAngle: 0, labelFontSize: 7, labelOverlap: false } }, y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } } },
        },
        {
          mark: { type: 'line', color: '#5A5A5A', strokeDash: [4, 3], strokeWidth: 1 },
          encoding: { x: { field: 'period', type: 'ordinal', sort: { field: 'order' } }, y: { field: 'target', type: 'quantitative' } },
        },
        {
          mark: { type: 'point', filled: true, size: 40, stroke: '#333333', strokeWidth: 0.5 },
          encoding: {
            x: { field: 'period', type: 'ordinal', sort: { field: 'order' } },
            y: { field: 'value', type: 'quantitative' },
            color: { field: 'rag', type: 'nominal', legend: null, scale: { domain: rags, range: rags.map((r) => (r === 'none' ? NO_RAG : RAG_COLOUR[r].fill)) } },
          },
        },
      ],
    },
    resolve: { scale: { x: 'independent', y: 'independent' }, axis: { x: 'independent' } },
    config: {
      font: 'Arial, Helvetica, sans-serif',
      axis: { labelColor: '#333333', gridColor: '#e5e5e5', labelFontSize: 9 },
      header: { labelFontSize: 11, labelColor: '#1a1a1a', labelFontWeight: 'bold' },
      view: { stroke: '#dddddd' },
      background: '#ffffff',
    },
  } as TopLevelSpec;
}

/** The panels as one SVG (scales with its container). Empty string when there is nothing to draw. */
export async function trendSvg(panels: TrendPanel[], opts: { columns?: number; width?: number } = {}): Promise<string> {
  const drawable = panels.filter((p) => p.periods.some((c) => c.value !== null));
  if (!drawable.length) return '';
  return renderSvg(trendSpec(drawable, opts));
}
