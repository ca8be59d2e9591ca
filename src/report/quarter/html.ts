// The quarterly report as one HTML page that prints on A4: the headline figures, actions by
// pillar and by subgroup at quarter end, the metrics with their last four periods, target, RAG and
// trend (with small SVG trend charts), and the exceptions with their mitigation. All user text is
// escaped.
import { formatUkDate } from '../../calendar/uk-date.js';
import { dbDateOf } from '../../calendar/working-days.js';
import { ACTION_STATUSES, STATUS_INFO, type ActionStatus } from '../../register/status.js';
import { describePeriod } from '../../metrics/period.js';
import { formatValue, RAG_COLOUR, directionText, type Rag } from '../../metrics/rag.js';
import { periodKindOf } from '../../metrics/summary.js';
import type { QuarterMetric, QuarterReport, StatusCounts } from './data.js';

const esc = (s: string | number | null | undefined) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Status colours on the page (text on each meets 4.5:1). */
const STATUS_COLOUR: Record<ActionStatus, { bg: string; fg: string }> = {
  not_started: { bg: '#E0E0E0', fg: '#1A1A1A' },
  on_track: { bg: '#1E7B34', fg: '#FFFFFF' },
  at_risk: { bg: '#F2B705', fg: '#000000' },
  off_track: { bg: '#B3261E', fg: '#FFFFFF' },
  blocked: { bg: '#6B1A14', fg: '#FFFFFF' },
  ongoing: { bg: '#00695C', fg: '#FFFFFF' },
  complete: { bg: '#1F4E79', fg: '#FFFFFF' },
  cancelled: { bg: '#9E9E9E', fg: '#000000' },
};

const chip = (text: string, c: { bg: string; fg: string }) => `<span class="chip" style="background:${c.bg};color:${c.fg}">${esc(text)}</span>`;
const ragChip = (rag: Rag | null, text?: string) => (rag ? chip(text ?? rag.toUpperCase(), { bg: RAG_COLOUR[rag].fill, fg: RAG_COLOUR[rag].text }) : '<span class="muted">no target</span>');

function countsTable(title: string, first: string, rows: StatusCounts[], total?: StatusCounts): string {
  const head = ACTION_STATUSES.map((s) => `<th>${chip(STATUS_INFO[s].label, STATUS_COLOUR[s])}</th>`).join('');
  const line = (r: StatusCounts, cls = '') =>
    `<tr class="${cls}"><td class="name">${esc(r.group)}</td><td>${r.total}</td>${ACTION_STATUSES.map((s) => `<td>${r.counts[s] || '<span class="muted">–</span>'}</td>`).join('')}<td>${r.percentComplete}%</td><td>${r.completedInQuarter}</td><td>${r.updatesInQuarter}</td></tr>`;
  return `<h2>${esc(title)}</h2><table class="counts"><thead><tr><th class="name">${esc(first)}</th><th>Actions</th>${head}<th>% done</th><th>Done in qtr</th><th>Updates in qtr</th></tr></thead><tbody>${rows.map((r) => line(r)).join('')}${total ? line(total, 'total') : ''}</tbody></table>`;
}

function metricsTable(title: string, metrics: QuarterMetric[]): string {
  if (!metrics.length) return '';
  const heads = metrics[0]!.periods.map((c) => `<th>${esc(c.period)}</th>`).join('');
  const rows = metrics.map((m) => {
    const cells = m.periods.map((c) => `<td>${c.value === null ? '<span class="muted">–</span>' : esc(formatValue(c.value, m.unit))}${c.target !== null ? `<div class="tgt">target ${esc(formatValue(c.target, m.unit))}</div>` : ''}</td>`).join('');
    return `<tr><td class="code">${esc(m.code)}${m.headline ? '<span class="star" title="headline metric">★</span>' : ''}</td><td class="name">${esc(m.name)}<div class="muted">${esc(directionText(m.direction))}</div></td>${cells}<td>${ragChip(m.rag)}</td><td>${esc(m.trend?.text ?? '–')}</td></tr>`;
  }).join('');
  return `<h3>${esc(title)}</h3><table class="metrics"><thead><tr><th>Id</th><th class="name">Metric</th>${heads}<th>RAG</th><th>Trend</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function quarterHtml(r: QuarterReport, opts: { chartsSvg?: string } = {}): string {
  const t = r.total;
  const open = t.total - t.counts.complete - t.counts.cancelled;
  const rags = { green: 0, amber: 0, red: 0 };
  for (const m of r.metrics) if (m.rag) rags[m.rag]++;
  const asOf = formatUkDate(dbDateOf(r.asOf));
  const kpis = [
    ['Actions', `${t.total}`, `${open} open · ${t.percentComplete}% complete`],
    ['Completed this quarter', `${t.completedInQuarter}`, `${t.updatesInQuarter} updates recorded`],
    ['Exceptions', `${r.exceptions.length}`, 'at risk, off track or blocked'],
    ['Metrics against target', `${rags.green} / ${rags.amber} / ${rags.red}`, 'green / amber / red'],
  ];
  const exceptions = r.exceptions.length
    ? `<table class="exceptions"><thead><tr><th>Ref</th><th class="name">Action</th><th>Status</th><th>Lead</th><th>Due</th><th class="name">Latest note (mitigation)</th></tr></thead><tbody>${r.exceptions.map((e) =>
        `<tr><td class="code">${esc(e.ref)}</td><td class="name">${esc(e.title)}<div class="muted">${esc(e.subgroup ?? e.pillar)}</div></td><td>${chip(STATUS_INFO[e.status].label, STATUS_COLOUR[e.status])}</td><td>${esc(e.lead ?? '–')}</td><td>${e.dueDate ? esc(formatUkDate(e.dueDate)) : '–'}</td><td class="name">${e.note ? esc(e.note) : '<span class="muted">no note recorded</span>'}${e.noteAt ? `<div class="muted">${esc(formatUkDate(dbDateOf(e.noteAt.toISOString().slice(0, 10))))}</div>` : ''}</td></tr>`).join('')}</tbody></table>`
    : '<p class="muted">No action was at risk, off track or blocked.</p>';
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>${esc(r.partnership.name)} — quarterly performance report ${esc(r.quarterLabel)}</title>
<style>
@page { size: A4; margin: 14mm 12mm; }
body { font-family: Arial, Helvetica, sans-serif; color: #1a1a1a; font-size: 10.5pt; margin: 0 auto; max-width: 186mm; }
h1 { font-size: 17pt; margin: 0 0 2pt; color: #1F4E79; }
h2 { font-size: 12.5pt; margin: 12pt 0 4pt; color: #1F4E79; border-bottom: 1px solid #c8d3e0; padding-bottom: 2pt; }
h3 { font-size: 11pt; margin: 8pt 0 3pt; }
.sub { color: #4a4a4a; margin: 0 0 8pt; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 6pt; margin: 6pt 0; }
.kpi { border: 1px solid #c8d3e0; border-radius: 4pt; padding: 5pt 7pt; }
.kpi .label { font-size: 8.5pt; color: #4a4a4a; } .kpi .value { font-size: 16pt; font-weight: bold; } .kpi .note { font-size: 8pt; color: #4a4a4a; }
table { border-collapse: collapse; width: 100%; margin: 2pt 0 6pt; font-size: 8.5pt; page-break-inside: auto; }
th, td { border-bottom: 1px solid #e0e0e0; padding: 2.5pt 3pt; text-align: center; vertical-align: top; }
th { background: #f2f5f9; font-weight: bold; } th .chip { font-size: 6.5pt; padding: 1pt 2pt; white-space: normal; }
table.counts { table-layout: fixed; } table.counts th.name { width: 24%; } table.counts th { font-size: 7.5pt; }
td.name, th.name { text-align: left; } td.code { font-weight: bold; white-space: nowrap; }
tr.total td { font-weight: bold; border-top: 2px solid #1F4E79; }
tr { page-break-inside: avoid; }
.chip { display: inline-block; padding: 1pt 4pt; border-radius: 3pt; font-weight: bold; font-size: 7.5pt; white-space: nowrap; }
.muted { color: #5a5a5a; font-size: 8pt; } .tgt { color: #4a4a4a; font-size: 7pt; } .star { color: #8a6d00; margin-left: 2pt; }
.charts { margin: 4pt 0; } .legend { font-size: 8pt; color: #4a4a4a; }
.pagebreak { page-break-before: always; }
footer { margin-top: 10pt; font-size: 8pt; color: #5a5a5a; }
</style></head><body>
<h1>${esc(r.partnership.name)} — quarterly performance report</h1>
<p class="sub"><strong>${esc(r.quarterLabel)}</strong> (${esc(describePeriod(r.quarter))}) · actions as at ${esc(asOf)}${r.inProgress ? ' (quarter in progress)' : ''} · measured against the National Combating Drugs Outcomes Framework</p>
<div class="kpis">${kpis.map(([label, value, note]) => `<div class="kpi"><div class="label">${esc(label)}</div><div class="value">${esc(value)}</div><div class="note">${esc(note)}</div></div>`).join('')}</div>
${countsTable('Actions by pillar', 'Pillar', r.byPillar, r.total)}
${countsTable('Actions by subgroup', 'Subgroup', r.bySubgroup)}
<h2>Outcome metrics</h2>
<p class="legend">The last four periods up to ${esc(r.quarterLabel)}; RAG compares the latest figure with its period's target in the metric's direction (amber: within 10% of target). ★ headline metric.</p>
${opts.chartsSvg ? `<div class="charts">${opts.chartsSvg}<div class="legend">Solid line: figures (points coloured by RAG); dashed line: target.</div></div>` : ''}
${metricsTable('Quarterly metrics', r.metrics.filter((m) => periodKindOf(m) === 'quarter'))}
${metricsTable('Annual metrics (financial years)', r.metrics.filter((m) => periodKindOf(m) === 'year'))}
${r.metrics.length ? '' : '<p class="muted">No metric has a figure or target in the last four periods: record them with cdp metrics record or cdp metrics import.</p>'}
<h2>Exceptions (${r.exceptions.length})</h2>
${exceptions}
<footer>Produced by cdp-bot on ${esc(formatUkDate(dbDateOf(r.generatedOn)))}. Figures marked "DEMO VALUE" in their source are illustrative.</footer>
</body></html>
`;
}
