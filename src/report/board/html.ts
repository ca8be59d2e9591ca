// The board pack as one self-contained HTML page (inline CSS and SVG charts, no scripts, no
// external files) that reads on screen and prints on A4 portrait (@media print, @page). Page 1
// is what a board member looks at first: the headline figures, RAG by pillar (chart and table)
// and the exceptions count; the detail follows, each section starting on its own page in print.
import { formatUkDate } from '../../calendar/uk-date.js';
import { formatWhen } from '../../commands/views/format.js';
import { OVERDUE_COLOURS, STATUS_PALETTE } from '../../message/palette.js';
import { ROUTE_LABEL, STAGE_LABEL, STATUS_INFO, type ActionStatus } from '../../register/status.js';
import { stageLabelOn } from '../../contracts/regimes.js';
import type { BoardCharts } from './charts.js';
import { BOARD_RAG_LABEL, BOARD_RAGS, EXCEPTION_LABEL, type BoardPack, type BoardRag, type SummaryRow } from './pack.js';
import type { BoardSection } from './sections.js';

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const day = (iso: string | null) => (iso ? formatUkDate(new Date(`${iso}T00:00:00Z`)) : '—');
const gbp = (n: number | null) => (n === null ? '—' : n.toLocaleString('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 }));
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

function chip(rag: BoardRag): string {
  const c = rag === 'overdue' ? { ink: OVERDUE_COLOURS.ink, fill: OVERDUE_COLOURS.fill } : STATUS_PALETTE[rag];
  return `<span class="chip" style="color:${c.ink};background:${c.fill}">${esc(BOARD_RAG_LABEL[rag])}</span>`;
}
const statusChip = (s: ActionStatus) => chip(s);

const SUMMARY_RAGS = BOARD_RAGS.filter((r) => r !== 'cancelled');

function summaryTable(rows: SummaryRow[], total: SummaryRow, first: string, quarter: string): string {
  const head = `<tr><th class="grp">${esc(first)}</th><th>Total</th>${SUMMARY_RAGS.map((r) => `<th>${chip(r)}</th>`).join('')}<th>% done</th><th title="${esc(quarter)}">Due this qtr</th></tr>`;
  const row = (r: SummaryRow, cls = '') =>
    `<tr class="${cls}"><td class="grp">${esc(r.group)}</td><td>${r.total}</td>${SUMMARY_RAGS.map((g) => `<td${r.counts[g] && g === 'overdue' ? ' class="hot"' : ''}>${r.counts[g] || '·'}</td>`).join('')}<td>${r.percentComplete}%</td><td>${r.dueThisQuarter}</td></tr>`;
  return `<table class="num summary"><thead>${head}</thead><tbody>${rows.map((r) => row(r)).join('')}${row(total, 'total')}</tbody></table>`;
}

function tiles(pack: BoardPack): string {
  const t = pack.total;
  const red = t.counts.off_track + t.counts.blocked;
  const tile = (n: string | number, label: string, colour?: string) => `<div class="tile"${colour ? ` style="border-top-color:${colour}"` : ''}><b>${n}</b><span>${esc(label)}</span></div>`;
  return `<div class="tiles">${[
    tile(t.total, 'actions'),
    tile(`${t.percentComplete}%`, 'complete', STATUS_PALETTE.complete.swatch),
    tile(t.counts.overdue, 'overdue (past due, not done)', OVERDUE_COLOURS.swatch),
    tile(red, 'off track or blocked', STATUS_PALETTE.off_track.swatch),
    tile(t.counts.at_risk, 'at risk', STATUS_PALETTE.at_risk.swatch),
    tile(pack.since.dueMoves.length, 'due dates moved since last board', STATUS_PALETTE.at_risk.swatch),
  ].join('')}</div>`;
}

function exceptionsTable(pack: BoardPack): string {
  if (!pack.exceptions.length) return '<p>No action is off track, blocked, at risk or overdue.</p>';
  const rows = pack.exceptions.map((e) => `<tr>
<td>${chip(e.kind === 'overdue' ? 'overdue' : e.action.status)}</td>
<td><b>${esc(e.action.ref)}</b> ${esc(e.action.title)}<div class="muted">${esc(e.action.pillar)}${e.action.subgroup ? ` · ${esc(e.action.subgroup)}` : ''}</div></td>
<td>${esc(e.owner)}</td><td>${day(e.action.dueDate)}</td><td>${esc(e.daysLabel)}</td><td>${esc(e.mitigation)}</td></tr>`);
  return `<table class="wide"><colgroup><col style="width:11%"><col style="width:30%"><col style="width:13%"><col style="width:10%"><col style="width:12%"><col></colgroup>
<thead><tr><th>Exception</th><th>Action</th><th>Owner</th><th>Due</th><th>Days</th><th>Mitigation</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function slippageTable(pack: BoardPack): string {
  if (!pack.slippage.length) return '<p>No due date has been moved.</p>';
  const tz = pack.data.partnership.timezone;
  const rows = pack.slippage.map((m) => `<tr><td><b>${esc(m.ref)}</b> ${esc(m.title)}</td><td>${esc(formatWhen(m.at, tz))}<div class="muted">${esc(m.by ?? 'Not recorded')}</div></td><td>${day(m.from)}</td><td>${day(m.to)}</td><td>${m.daysMoved === null ? '—' : `${m.daysMoved > 0 ? '+' : ''}${m.daysMoved}`}</td><td>${esc(m.reason)}</td></tr>`);
  return `<table class="wide"><colgroup><col style="width:30%"><col style="width:16%"><col style="width:11%"><col style="width:11%"><col style="width:7%"><col></colgroup>
<thead><tr><th>Action</th><th>When, who</th><th>From</th><th>To</th><th>Days</th><th>Why</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function changesSection(pack: BoardPack): string {
  const s = pack.since;
  const tz = pack.data.partnership.timezone;
  const lines = [
    `${plural(s.changes.length, 'status change')}`, `${s.completed.length} completed`, `${s.worse.length} newly at risk, off track or blocked`, `${plural(s.dueMoves.length, 'due date')} moved`,
  ];
  const rows = s.changes.map((c) => `<tr><td><b>${esc(c.ref)}</b> ${esc(c.title)}</td><td>${esc(formatWhen(c.at, tz))}<div class="muted">${esc(c.by ?? 'Not recorded')}</div></td><td>${c.from ? statusChip(c.from) : '—'} → ${statusChip(c.to)}</td><td>${esc(c.note ?? '')}</td></tr>`);
  return `<p>${lines.map(esc).join(' · ')}.</p>${rows.length ? `<table class="wide"><colgroup><col style="width:32%"><col style="width:17%"><col style="width:21%"><col></colgroup>
<thead><tr><th>Action</th><th>When, who</th><th>Change</th><th>Note</th></tr></thead><tbody>${rows.join('')}</tbody></table>` : ''}`;
}

function contractsTable(pack: BoardPack): string {
  if (!pack.contracts.length) return '<p>No contracts in the register.</p>';
  const rows = pack.contracts.map((c) => `<tr><td><b>${esc(c.ref)}</b> ${esc(c.service)}<div class="muted">${esc(c.provider ?? '')}</div></td><td>${day(c.startDate)}</td><td${c.daysLeft <= 183 ? ' class="hot"' : ''}>${day(c.expiryDate)}<div class="muted">${c.daysLeft < 0 ? 'expired' : `${plural(c.daysLeft, 'day')} left`}</div></td><td>${gbp(c.annualValue)}</td><td>${esc(ROUTE_LABEL[c.route])}</td><td>${esc(stageLabelOn(c.route, c.stage, STAGE_LABEL))}</td></tr>`);
  return `<table class="wide"><colgroup><col style="width:34%"><col style="width:12%"><col style="width:14%"><col style="width:11%"><col style="width:16%"><col></colgroup>
<thead><tr><th>Contract</th><th>Start</th><th>Expiry</th><th>Annual value</th><th>Route</th><th>Stage</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function extraSection(s: BoardSection): string {
  const table = s.table
    ? `<table class="wide"><thead><tr>${s.table.headings.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${s.table.rows.map((r) => `<tr>${r.map((c) => `<td>${c instanceof Date ? esc(formatUkDate(c)) : esc(String(c ?? ''))}</td>`).join('')}</tr>`).join('')}</tbody></table>`
    : '';
  return `<section class="page" id="${esc(s.id.toLowerCase())}"><h2>${esc(s.title)}</h2>${s.intro ? `<p>${esc(s.intro)}</p>` : ''}${s.svg ? `<figure>${s.svg}</figure>` : ''}${table}</section>`;
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:10pt/1.4 Arial,Helvetica,sans-serif;color:#1a1a1a;background:#fff}
main{max-width:190mm;margin:0 auto;padding:8mm 6mm}
h1{font-size:17pt;margin:0 0 2pt}h2{font-size:13pt;margin:14pt 0 6pt;border-bottom:2px solid #1f3a5f;padding-bottom:2pt;color:#1f3a5f}
.sub{color:#4d4d4d;margin:0 0 8pt}
.tiles{display:grid;grid-template-columns:repeat(6,1fr);gap:4pt;margin:8pt 0}
.tile{border:1px solid #d0d0d0;border-top:4px solid #1f3a5f;padding:4pt;min-width:0}
.tile b{display:block;font-size:15pt}.tile span{font-size:8pt;color:#4d4d4d}
figure{margin:6pt 0;max-width:100%;overflow:hidden}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:4pt 0 8pt;font-size:8.5pt}
th,td{border-bottom:1px solid #e0e0e0;padding:3pt 4pt;text-align:left;vertical-align:top;overflow-wrap:anywhere;word-break:break-word}
th{background:#f0f3f7;font-weight:bold}
table.num td,table.num th{text-align:center}table.num .grp{text-align:left;width:25%}
table.summary th{font-size:7pt;padding:3pt 1pt;vertical-align:bottom;overflow-wrap:normal;word-break:normal}
table.summary th .chip{padding:1pt 2pt;font-size:6.5pt;white-space:normal;line-height:1.2}
tr.total td{font-weight:bold;border-top:2px solid #1a1a1a}
td.hot{color:${OVERDUE_COLOURS.ink};font-weight:bold;background:${OVERDUE_COLOURS.fill}}
.chip{display:inline-block;padding:1pt 4pt;border-radius:3pt;font-weight:bold;font-size:8pt;white-space:nowrap}
.muted{color:#595959;font-size:8pt}
.note{font-size:8pt;color:#4d4d4d}
@page{size:A4 portrait;margin:12mm 12mm 14mm}
@media print{main{max-width:none;padding:0}section.page{break-before:page}h2{break-after:avoid}tr,figure{break-inside:avoid}thead{display:table-header-group}}
`;

export function boardPackHtml(pack: BoardPack, charts: BoardCharts, extra: BoardSection[] = []): string {
  const d = pack.data;
  const sinceText = `${formatUkDate(d.since)} (${d.sinceSource === 'given' ? 'as asked' : d.sinceSource === 'previous report' ? 'the last board pack' : 'no earlier board pack: the last 3 months'})`;
  const ragKey = SUMMARY_RAGS.map((r) => chip(r)).join(' ');
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(pack.title)} — ${esc(day(d.today))}</title><style>${CSS}</style></head>
<body><main>
<section id="summary">
<h1>${esc(pack.title)}</h1>
<p class="sub">As at ${esc(day(d.today))} · ${esc(pack.quarter.label)} · plan year ${esc(d.partnership.planYear)} · changes since ${esc(sinceText)}</p>
${tiles(pack)}
<figure>${charts.ragByPillar}</figure>
<h2>Summary by pillar</h2>
${summaryTable(pack.byPillar, pack.total, 'Pillar', pack.quarter.label)}
<p class="note">An action past its due date and not complete counts as ${chip('overdue')} whatever status its lead last gave. ${plural(pack.exceptions.length, 'exception')} follow. Key: ${ragKey}</p>
</section>
<section class="page" id="subgroups"><h2>Summary by subgroup</h2>
${summaryTable(pack.bySubgroup, pack.total, 'Subgroup', pack.quarter.label)}
<h2>Exceptions (${pack.exceptions.length})</h2>
<p class="note">Off track, blocked, overdue and at risk — each with its owner, days and mitigation (the note recorded since its status changed).</p>
${exceptionsTable(pack)}</section>
<section class="page" id="slippage"><h2>Slippage: every due-date move (${pack.slippage.length})</h2>
${charts.slippage ? `<figure>${charts.slippage}</figure>` : ''}
${slippageTable(pack)}</section>
<section class="page" id="changes"><h2>Changes since the last board (${esc(formatUkDate(d.since))})</h2>
${changesSection(pack)}</section>
<section class="page" id="contracts"><h2>Contracts timeline (${pack.contracts.length})</h2>
${charts.contracts ? `<figure>${charts.contracts}</figure>` : ''}
${contractsTable(pack)}</section>
${extra.map(extraSection).join('\n')}
<p class="note">Produced by cdp-bot on ${esc(formatWhen(d.now, d.partnership.timezone))}. Statuses: ${(['on_track', 'at_risk', 'off_track', 'blocked', 'not_started', 'ongoing', 'complete'] as const).map((s) => `${STATUS_INFO[s].label}`).join(', ')}.</p>
</main></body></html>
`;
}
