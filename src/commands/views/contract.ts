// Shared Message pieces for contracts: an item with stage and next decision, stage buttons, and
// the detail view with its history.
import type { Block, Button } from '../../message/model.js';
import type { ContractRecord } from '../../register/contracts.js';
import { ROUTE_LABEL, STAGE_LABEL, type ContractRoute, type ContractStage } from '../../register/status.js';
import { VIA_LABEL, formatDay, formatWhen, relativeDays } from './format.js';

const LIFECYCLE: ContractStage[] = ['not_started', 'options_appraisal', 'route_decided', 'notice_published', 'standstill', 'awarded', 'mobilising', 'live'];

/** The next stages after the current one (up to three), then Extended and Decommissioned. */
export function stageButtons(c: { ref: string; stage: ContractStage }): Button[] {
  const i = LIFECYCLE.indexOf(c.stage);
  const next = i >= 0 ? LIFECYCLE.slice(i + 1, i + 4) : [];
  const ends: ContractStage[] = (['extended', 'decommissioned'] as ContractStage[]).filter((s) => s !== c.stage);
  return [...next, ...ends].map((stage, k) => ({
    label: STAGE_LABEL[stage],
    action: { kind: 'contract_stage' as const, ref: c.ref, stage },
    ...(k === 0 && next.length ? { style: 'primary' as const } : {}),
  }));
}

/** What has to happen next for a contract at this stage (PSR: route ~13–15 months ahead, market ~9). */
export function nextDecision(stage: ContractStage, route: ContractRoute): string | undefined {
  switch (stage) {
    case 'not_started':
    case 'options_appraisal':
      return 'Next: decide the reprocurement route (usually 13–15 months before expiry)';
    case 'route_decided':
      return route === 'extension'
        ? 'Next: give notice of the extension'
        : route === 'decommission'
          ? 'Next: plan the decommissioning'
          : 'Next: publish the notice / go to market (about 9 months before expiry)';
    case 'notice_published':
      return 'Next: standstill (8 working days) and award';
    case 'standstill':
      return 'Next: award at the end of the standstill';
    case 'awarded':
      return 'Next: mobilise the new contract';
    case 'mobilising':
      return 'Next: go live before the current contract expires';
    default:
      return undefined;
  }
}

export function contractLines(c: ContractRecord, today: Date): string[] {
  const head = [`Expires ${formatDay(c.expiryDate)} (${relativeDays(today, c.expiryDate)})`];
  if (c.provider) head.push(c.provider);
  head.push(`Route: ${ROUTE_LABEL[c.route]}`);
  const lines = [head.join(' · ')];
  const next = nextDecision(c.stage, c.route);
  if (next) lines.push(next);
  return lines;
}

export function contractItem(c: ContractRecord, today: Date, withButtons: boolean): Block {
  return {
    type: 'item',
    ref: c.ref,
    title: c.service,
    stage: c.stage,
    lines: contractLines(c, today),
    ...(withButtons ? { buttons: stageButtons(c) } : {}),
  };
}

interface ContractHistoryRow {
  createdAt: Date;
  via: keyof typeof VIA_LABEL;
  oldStage: ContractStage | null;
  newStage: ContractStage | null;
  oldRoute: ContractRoute | null;
  newRoute: ContractRoute | null;
  note: string | null;
  person: { name: string } | null;
}

export function contractHistoryLine(h: ContractHistoryRow, timeZone: string): string {
  const parts: string[] = [];
  if (h.newStage) parts.push(`${h.oldStage ? `${STAGE_LABEL[h.oldStage]} → ` : ''}${STAGE_LABEL[h.newStage]}`);
  if (h.newRoute) parts.push(`route ${h.oldRoute ? `${ROUTE_LABEL[h.oldRoute]} → ` : ''}${ROUTE_LABEL[h.newRoute]}`);
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
    { label: 'Stage', value: STAGE_LABEL[c.stage] },
  ];
  if (c.startDate) fields.push({ label: 'Start', value: formatDay(c.startDate) });
  if (c.extensionOptions) fields.push({ label: 'Extension options', value: c.extensionOptions });
  if (c.extensionNoticeDate) fields.push({ label: 'Extension notice by', value: formatDay(c.extensionNoticeDate) });
  if (c.annualValue !== null) fields.push({ label: 'Annual value', value: `£${Number(c.annualValue).toLocaleString('en-GB')}` });
  if (c.subgroup) fields.push({ label: 'Subgroup', value: c.subgroup.name });
  if (c.action) fields.push({ label: 'Action', value: c.action.ref });
  const blocks: Block[] = [
    { type: 'heading', text: `${c.ref} · ${c.service}` },
    { type: 'fields', fields },
  ];
  const next = nextDecision(c.stage, c.route);
  if (next) blocks.push({ type: 'text', text: next });
  if (c.notes) blocks.push({ type: 'text', text: `Notes: ${c.notes}` });
  blocks.push({ type: 'divider' });
  if (history.length) {
    blocks.push({ type: 'text', text: 'Last updates', style: 'strong' });
    for (const h of history) blocks.push({ type: 'context', text: contractHistoryLine(h, timeZone) });
  } else {
    blocks.push({ type: 'context', text: 'No updates recorded yet.' });
  }
  if (canUpdate) blocks.push({ type: 'buttons', buttons: stageButtons(c) });
  return blocks;
}
