// The board pack's charts as SVG, rendered on the server with Vega-Lite (no browser, no canvas):
// RAG by pillar, slippage over time, contract timeline. Colours come from the status palette.
// Text in the SVGs is drawn in dark grey (#333) on white; marks use the palette's swatches.
import type { TopLevelSpec } from 'vega-lite';
import { OVERDUE_COLOURS, STATUS_PALETTE } from '../../message/palette.js';
import { BOARD_RAG_LABEL, BOARD_RAGS, type BoardPack, type BoardRag } from './pack.js';
import { STAGE_LABEL } from '../../register/status.js';

/** Fits an A4 page's text width (about 180 mm at 96 dpi) with the legend. */
export const CHART_WIDTH = 600;

/** "Deliver a world-class|treatment and recovery system": lines of at most `width` chars for an axis label. */
export function wrapLabel(text: string, width = 24): string {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.slice(0, 3).join('|');
}

const swatch = (r: BoardRag) => (r === 'overdue' ? OVERDUE_COLOURS.swatch : STATUS_PALETTE[r].swatch);

const CONFIG = {
  font: 'Arial, Helvetica, sans-serif',
  axis: { labelColor: '#333333', titleColor: '#333333', labelFontSize: 11, titleFontSize: 11, gridColor: '#e5e5e5' },
  legend: { labelColor: '#333333', titleColor: '#333333', labelFontSize: 11, titleFontSize: 11, orient: 'bottom' as const, columns: 5 },
  title: { color: '#1a1a1a', fontSize: 13, anchor: 'start' as const },
  view: { stroke: null },
  background: '#ffffff',
};

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Loaded on first use: the chart libraries are tens of MB a bot that never draws a chart needs not hold.
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vl.compile({ ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    // Scales with its container (never wider than the page), keeping its aspect ratio.
    return svg.replace(/^<svg([^>]*?) width="([\d.]+)" height="([\d.]+)"/, '<svg$1 width="$2" height="$3" style="max-width:100%;height:auto" role="img"');
  } finally {
    view.finalize();
  }
}

/** Stacked bars: how many actions of each pillar are in each board RAG. */
export function ragByPillarSpec(pack: BoardPack): TopLevelSpec {
  const values = pack.byPillar.flatMap((row) =>
    BOARD_RAGS.filter((r) => r !== 'cancelled' && row.counts[r] > 0).map((r) => ({ pillar: wrapLabel(row.group), name: row.group, rag: BOARD_RAG_LABEL[r], order: BOARD_RAGS.indexOf(r), n: row.counts[r] })));
  const shown = BOARD_RAGS.filter((r) => r !== 'cancelled');
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Actions by pillar and RAG',
    width: CHART_WIDTH - 190,
    height: { step: 44 },
    data: { values },
    mark: { type: 'bar', stroke: '#ffffff', strokeWidth: 1 },
    encoding: {
      y: { field: 'pillar', type: 'nominal', title: null, sort: pack.byPillar.map((r) => wrapLabel(r.group)), axis: { labelLimit: 250, labelExpr: "split(datum.label, '|')" } },
      x: { field: 'n', type: 'quantitative', title: 'Actions', stack: 'zero', axis: { tickMinStep: 1 } },
      color: { field: 'rag', type: 'nominal', title: null, scale: { domain: shown.map((r) => BOARD_RAG_LABEL[r]), range: shown.map(swatch) } },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [{ field: 'name', title: 'Pillar' }, { field: 'rag', title: 'RAG' }, { field: 'n', title: 'Actions' }],
    },
  };
}

/** Due-date moves per month, and the days moved in total. */
export function slippageSpec(pack: BoardPack): TopLevelSpec | undefined {
  if (!pack.slippage.length) return undefined;
  const values = pack.slippage.map((m) => ({ month: m.at.toISOString().slice(0, 7) + '-01', days: Math.max(0, m.daysMoved ?? 0) }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Due dates moved, by month of the move',
    width: CHART_WIDTH,
    height: 150,
    data: { values },
    mark: { type: 'bar', color: STATUS_PALETTE.at_risk.swatch, cornerRadiusEnd: 2, width: { band: 0.6 } },
    encoding: {
      x: { field: 'month', type: 'ordinal', timeUnit: 'yearmonth', title: null, axis: { format: '%b %Y', labelAngle: 0 } },
      y: { aggregate: 'count', type: 'quantitative', title: 'Moves', axis: { tickMinStep: 1 } },
      tooltip: [{ field: 'month', timeUnit: 'yearmonth', title: 'Month' }, { aggregate: 'count', title: 'Moves' }, { field: 'days', aggregate: 'sum', title: 'Days moved' }],
    },
  };
}

/** One bar per contract from start (or today) to expiry, today marked, coloured by stage group. */
export function contractTimelineSpec(pack: BoardPack): TopLevelSpec | undefined {
  const rows = pack.contracts.filter((c) => c.daysLeft > -90);
  if (!rows.length) return undefined;
  const today = pack.data.today;
  const soon = (d: number) => (d < 0 ? 'Expired' : d <= 183 ? 'Within 6 months' : d <= 365 ? 'Within 12 months' : 'Later');
  const values = rows.map((c) => ({
    label: `${c.ref} ${c.service.length > 28 ? `${c.service.slice(0, 27)}…` : c.service}`,
    start: c.startDate ?? today,
    end: c.expiryDate,
    window: soon(c.daysLeft),
    stage: STAGE_LABEL[c.stage],
  }));
  const domain = ['Expired', 'Within 6 months', 'Within 12 months', 'Later'];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Contracts: term and expiry (line = today)',
    width: CHART_WIDTH - 240,
    height: { step: 20 },
    layer: [
      {
        data: { values },
        mark: { type: 'bar', cornerRadius: 2 },
        encoding: {
          y: { field: 'label', type: 'nominal', title: null, sort: null, axis: { labelLimit: 240 } },
          x: { field: 'start', type: 'temporal', title: null, axis: { format: '%b %Y', labelAngle: 0, tickCount: 5 } },
          x2: { field: 'end' },
          color: {
            field: 'window', type: 'nominal', title: 'Expires',
            scale: { domain, range: [OVERDUE_COLOURS.swatch, STATUS_PALETTE.at_risk.swatch, '#f2c94c', STATUS_PALETTE.on_track.swatch] },
          },
          tooltip: [{ field: 'label', title: 'Contract' }, { field: 'start', type: 'temporal', format: '%d/%m/%Y' }, { field: 'end', type: 'temporal', format: '%d/%m/%Y', title: 'Expires' }, { field: 'stage' }],
        },
      },
      { data: { values: [{ today }] }, mark: { type: 'rule', color: '#1a1a1a', strokeDash: [4, 3] }, encoding: { x: { field: 'today', type: 'temporal' } } },
    ],
  };
}

export interface BoardCharts { ragByPillar: string; slippage?: string; contracts?: string }

export async function renderBoardCharts(pack: BoardPack): Promise<BoardCharts> {
  const slip = slippageSpec(pack);
  const contracts = contractTimelineSpec(pack);
  const [ragByPillar, slippage, timeline] = await Promise.all([
    renderSvg(ragByPillarSpec(pack)),
    slip ? renderSvg(slip) : Promise.resolve(undefined),
    contracts ? renderSvg(contracts) : Promise.resolve(undefined),
  ]);
  return { ragByPillar, ...(slippage ? { slippage } : {}), ...(timeline ? { contracts: timeline } : {}) };
}
