// The board pack's Metrics section (SPEC §10): every metric with a figure in the last four
// periods up to the last completed quarter — figures, target, RAG by direction, trend — with a
// small trend chart per metric. Plugged into the board pack through BOARD_EXTRA_SECTIONS.
import { localDate } from '../calendar/zone.js';
import { BOARD_EXTRA_SECTIONS, type BoardSectionBuilder } from '../report/board/sections.js';
import { loadQuarterMetrics } from '../report/quarter/data.js';
import { trendSvg } from './chart.js';
import { formatPeriod, lastCompleted } from './period.js';
import { RAG_LABEL, directionText } from './rag.js';
import { periodKindOf } from './summary.js';

export const metricsBoardSection: BoardSectionBuilder = async ({ prisma, partnershipId, now }) => {
  const p = await prisma.partnership.findUniqueOrThrow({ where: { id: partnershipId }, select: { timezone: true } });
  const quarter = lastCompleted('quarter', localDate(now, p.timezone));
  const metrics = await loadQuarterMetrics(prisma, partnershipId, quarter);
  if (!metrics.length) return null;
  const svg = await trendSvg(metrics.filter((m) => m.headline || m.rag).map((m) => ({ code: m.code, unit: m.unit, periods: m.periods })), { columns: 4, width: 120 });
  return {
    id: 'Metrics',
    title: 'Metrics',
    intro: `National Combating Drugs Outcomes Framework and local KPIs: the last four periods up to ${formatPeriod(quarter)} (quarters; financial years for annual metrics), the latest figure's RAG against its target in the metric's direction (amber: within 10% of target), and the trend from the figure before.`,
    ...(svg ? { svg } : {}),
    table: {
      headings: ['Id', 'Metric', 'Better', 'Periods', 'Figures (oldest first)', 'Latest', 'Target', 'RAG', 'Trend'],
      rows: metrics.map((m) => [
        m.code, m.name.length <= 70 ? m.name : `${m.name.slice(0, 69).trimEnd()}…`, directionText(m.direction), `${m.periods[0]!.period} – ${m.periods[m.periods.length - 1]!.period}${periodKindOf(m) === 'year' ? ' (years)' : ''}`,
        m.periods.map((c) => (c.value === null ? '–' : String(c.value))).join(' · '),
        m.latest?.value ?? null, m.target, m.rag ? RAG_LABEL[m.rag] : '', m.trend?.text ?? '',
      ]),
    },
  };
};

BOARD_EXTRA_SECTIONS.push(metricsBoardSection);
