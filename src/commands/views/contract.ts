// Shared Message pieces for contracts, as a timeline a commissioner can check: the term (and the
// new term after an award or extension), the route with its regime, the stage with the notice
// date and standstill end, "Next" advice with lateness, the lapse alarm, buttons for the next
// stages of the route, and the detail view with the terms and the history.
import type { Block, Button } from '../../message/model.js';
import type { ContractRecord } from '../../register/contracts.js';
import { ROUTE_LABEL, STAGE_LABEL, type ContractRoute, type ContractStage } from '../../register/status.js';
import { toIsoDate as iso } from '../../calendar/uk-date.js';
import { adviceFor } from '../../contracts/advice.js';
import { nextStagesOn, stageLabelOn, standstillRule } from '../../contracts/regimes.js';
import { VIA_LABEL, formatDay, formatWhen, relativeDays } from './format.js';

/** The facts the advice works from, as calendar days. */
export function contractFacts(c: ContractRecord, today: Date) {
  const latest = c.periods.at(-1);
  return {
    route: c.route, stage: c.stage, expiry: iso(c.expiryDate), today: iso(today),
    extensionNoticeDate: c.extensionNoticeDate ? iso(c.extensionNoticeDate) : null,
    standstillEnd: c.standstillEnd ? iso(c.standstillEnd) : null,
    termRenewed: c.termRenewed, stageDay: iso(c.lastUpdateAt ?? c.createdAt),
    termStart: latest?.startDate ? iso(latest.startDate) : c.startDate ? iso(c.startDate) : null,
  };
}

const stageName = (route: ContractRoute, stage: ContractStage) => stageLabelOn(route, stage, STAGE_LABEL);

/** Buttons for the next stages of the contract's current round on its route (a fresh round after a new term). */
export function stageButtons(c: ContractRecord, today: Date): Button[] {
  const round = adviceFor(contractFacts(c, today));
  return nextStagesOn(round.route, round.stage, 2).map((stage, k) => ({
    label: stageName(round.route, stage),
    action: { kind: 'contract_stage' as const, ref: c.ref, stage },
    ...(k === 0 ? { style: 'primary' as const } : {}),
  }));
}

/** The end of the term running today: the previous term's end while an awarded or extended term has not started. */
export function currentTermEnd(c: ContractRecord, today: Date): Date {
  const latest = c.periods.at(-1);
  const previous = c.periods.at(-2);
  return latest && previous && latest.startDate && latest.startDate > today ? previous.endDate : c.expiryDate;
}

/** The current term and, after an award or extension, the term it replaces. */
function termLines(c: ContractRecord, today: Date): string[] {
  const latest = c.periods.at(-1);
  const previous = c.periods.at(-2);
  const provider = c.provider ? ` · ${c.provider}` : '';
  if (latest && previous && latest.kind !== 'original' && latest.startDate && latest.startDate > today) {
    return [
      `Current term ends ${formatDay(previous.endDate)} (${relativeDays(today, previous.endDate)})${previous.provider ? ` · ${previous.provider}` : ''}`,
      `New term (${latest.kind === 'award' ? 'awarded' : 'extension'}): ${formatDay(latest.startDate)} – ${formatDay(latest.endDate)}${latest.provider ? ` · ${latest.provider}` : ''}`,
    ];
  }
  const how = latest && latest.kind !== 'original' ? ` (${latest.kind === 'award' ? 'new contract' : 'extended'} from ${latest.startDate ? formatDay(latest.startDate) : '?'})` : '';
  return [`Expires ${formatDay(c.expiryDate)} (${relativeDays(today, c.expiryDate)})${how}${provider}`];
}

/** The stage on its route, with the notice date and standstill end where there is one. */
function stageLine(c: ContractRecord): string {
  const parts = [`Route: ${ROUTE_LABEL[c.route]}`, `Stage: ${stageName(c.route, c.stage)}`];
  if (c.noticeDate && ['notice_published', 'standstill', 'awarded'].includes(c.stage)) {
    parts.push(`notice ${formatDay(c.noticeDate)}${c.standstillEnd ? `, standstill ends ${formatDay(c.standstillEnd)}` : ''}`);
  }
  return parts.join(' · ');
}

export function contractLines(c: ContractRecord, today: Date): string[] {
  const advice = adviceFor(contractFacts(c, today));
  return [
    ...(advice.lapse ? [advice.lapse] : []),
    ...termLines(c, today),
    stageLine(c),
    ...(advice.next ? [advice.next] : []),
  ];
}

export function contractItem(c: ContractRecord, today: Date, withButtons: boolean): Block {
  return {
    type: 'item',
    ref: c.ref,
    title: c.service,
    stage: c.stage,
    lines: contractLines(c, today),
    ...(withButtons ? { buttons: stageButtons(c, today) } : {}),
  };
}

interface ContractHistoryRow {
  createdAt: Date;
  via: keyof typeof VIA_LABEL;
  oldStage: ContractStage | null;
  newStage: ContractStage | null;
  oldRoute: ContractRoute | null;
  newRoute: ContractRoute | null;
  detail?: string | null;
  note: string | null;
  person: { name: string } | null;
}

export function contractHistoryLine(h: ContractHistoryRow, timeZone: string): string {
  const parts: string[] = [];
  if (h.newStage) parts.push(`${h.oldStage ? `${STAGE_LABEL[h.oldStage]} → ` : ''}${STAGE_LABEL[h.newStage]}`);
  if (h.newRoute) parts.push(`route ${h.oldRoute ? `${ROUTE_LABEL[h.oldRoute]} → ` : ''}${ROUTE_LABEL[h.newRoute]}`);
  if (h.detail) parts.push(h.detail);
  if (h.note) parts.push(`“${h.note}”`);
  return `${formatWhen(h.createdAt, timeZone)} · ${h.person?.name ?? 'Someone'} via ${VIA_LABEL[h.via]}: ${parts.join(' — ') || 'update'}`;
}

export function contractDetail(c: ContractRecord, history: ContractHistoryRow[], today: Date, timeZone: string, canUpdate: boolean): Block[] {
  const commissioner = [c.commissioner?.name, c.commissionerAgency?.name].filter(Boolean).join(', ') || 'Not recorded';
  const fields = [
    { label: 'Service', value: c.service },
    { label: 'Provider', value: c.provider ?? 'Not recorded' },
    { label: 'Commissioner', value: commissioner },
    { label: 'Expiry', value: `${formatDay(c.expiryDate)} (${relativeDays(today, c.expiryDate)})` },
    { label: 'Route', value: ROUTE_LABEL[c.route] },
    { label: 'Stage', value: stageName(c.route, c.stage) },
  ];
  if (c.noticeDate) fields.push({ label: 'Notice published', value: formatDay(c.noticeDate) });
  if (c.standstillEnd) fields.push({ label: 'Standstill ends', value: `${formatDay(c.standstillEnd)} (${standstillRule(c.route) ?? 'as recorded'})` });
  if (c.startDate) fields.push({ label: 'Start', value: formatDay(c.startDate) });
  if (c.extensionOptions) fields.push({ label: 'Extension options', value: `${c.extensionOptions}${c.extensionOptionsUsed ? ` (${c.extensionOptionsUsed} used)` : ''}` });
  if (c.extensionNoticeDate) fields.push({ label: 'Extension notice by', value: formatDay(c.extensionNoticeDate) });
  if (c.annualValue !== null) fields.push({ label: 'Annual value', value: `£${Number(c.annualValue).toLocaleString('en-GB')}` });
  if (c.subgroup) fields.push({ label: 'Subgroup', value: c.subgroup.name });
  if (c.action) fields.push({ label: 'Action', value: `${c.action.ref} (tracked with this contract: one nudge for both)` });
  const blocks: Block[] = [
    { type: 'heading', text: `${c.ref} · ${c.service}` },
    { type: 'fields', fields },
  ];
  const advice = adviceFor(contractFacts(c, today));
  if (advice.lapse) blocks.push({ type: 'text', text: advice.lapse, style: 'strong' });
  if (advice.next) blocks.push({ type: 'text', text: advice.next });
  if (c.periods.length > 1) {
    blocks.push({ type: 'text', text: 'Terms', style: 'strong' });
    for (const p of c.periods) {
      const kind = p.kind === 'original' ? 'original term' : p.kind === 'award' ? `new contract${p.route ? ` (${ROUTE_LABEL[p.route]})` : ''}` : 'extension';
      blocks.push({ type: 'context', text: `${p.startDate ? formatDay(p.startDate) : '?'} – ${formatDay(p.endDate)} · ${p.provider ?? 'provider not recorded'} · ${kind}` });
    }
  }
  if (c.notes) blocks.push({ type: 'text', text: `Notes: ${c.notes}` });
  blocks.push({ type: 'divider' });
  if (history.length) {
    blocks.push({ type: 'text', text: 'Last updates', style: 'strong' });
    for (const h of history) blocks.push({ type: 'context', text: contractHistoryLine(h, timeZone) });
  } else {
    blocks.push({ type: 'context', text: 'No updates recorded yet.' });
  }
  const buttons = canUpdate ? stageButtons(c, today) : [];
  if (buttons.length) blocks.push({ type: 'buttons', buttons });
  return blocks;
}
