// The one daily message a person gets: a line (item) per action or contract with why and its
// buttons, "Mark all on track" when there are two or more actions, and how to reply in thread.
import { attachList } from '../message/list.js';
import { coveredByMarkAll, markAllButton, replyHint, statusButtons } from '../message/buttons.js';
import type { Block, Button, Message } from '../message/model.js';
import { formatDayLong, formatDayShort } from '../calendar/zone.js';
import { ROUTE_LABEL, STAGE_LABEL, type ContractRoute, type ContractStage } from '../register/status.js';
import { stageLabelOn } from '../contracts/regimes.js';
import type { IsoDate } from '../calendar/working-days.js';
import { KIND_RANK, type NudgeSubject, type PlannedNudge } from './types.js';
import { nextStages } from './policies/contracts.js';
import { escalationButtons, escalationIntro, escalationLines } from './escalation-message.js';

/** Items shown in one message; the rest are named in an "and N more" line (Slack: 50 blocks). */
export const MAX_ITEMS_PER_MESSAGE = 15;
export const MAX_TITLE_CHARS = 150;

export const truncate = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1).trimEnd()}…`);
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);


export function contractButtons(subject: { ref: string; route: ContractRoute; stage: ContractStage; roundRoute?: ContractRoute; roundStage?: ContractStage }): Button[] {
  const route = subject.roundRoute ?? subject.route;
  return [
    ...nextStages(route, subject.roundStage ?? subject.stage).map((stage): Button => ({ label: stageLabelOn(route, stage, STAGE_LABEL), action: { kind: 'contract_stage', ref: subject.ref, stage } })),
    { label: 'Show', action: { kind: 'show', ref: subject.ref } },
  ];
}

const REFS = new Intl.Collator('en', { numeric: true });

interface ItemGroup {
  subject: NudgeSubject;
  nudges: PlannedNudge[];
  rank: number;
}

/** Groups one person's nudges by action/contract: most pressing kind first, then soonest due. */
export function groupBySubject(nudges: PlannedNudge[]): ItemGroup[] {
  const groups = new Map<string, ItemGroup>();
  for (const n of nudges) {
    const id = `${n.subject.type}:${n.subject.id}`;
    const g = groups.get(id) ?? { subject: n.subject, nudges: [], rank: 99 };
    if (!g.nudges.some((m) => m.key === n.key)) g.nudges.push(n);
    g.rank = Math.min(g.rank, KIND_RANK[n.kind]);
    groups.set(id, g);
  }
  for (const g of groups.values()) g.nudges.sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind]);
  const when = (g: ItemGroup) => (g.subject.type === 'action' ? g.subject.dueDate ?? '9999-12-31' : g.subject.deadline);
  return [...groups.values()].sort(
    (a, b) => a.rank - b.rank || when(a).localeCompare(when(b)) || REFS.compare(a.subject.ref, b.subject.ref),
  );
}

function itemBlock(g: ItemGroup): Block {
  const s = g.subject;
  // An escalation already says "escalation: overdue by 16 days …": drop the plain reminder's copy.
  const reasons = g.nudges.map((n) => n.reason);
  const why = cap(reasons.filter((r) => !reasons.includes(`escalation: ${r}`)).join(' · '));
  const notes = [...new Set(g.nudges.map((n) => n.recipientNote).filter((x): x is string => !!x))];
  const esc = g.nudges.find((n) => n.escalation);
  if (s.type === 'action' && esc?.escalation) {
    // The SRO rung wins when both are due the same day (it says what the chair was told).
    const top = g.nudges.find((n) => n.escalation?.rung === 'sro') ?? esc;
    return { type: 'item', ref: s.ref, title: truncate(s.title, MAX_TITLE_CHARS), status: s.status, lines: [...escalationLines(s, top.escalation!, top), ...notes], buttons: escalationButtons(s.ref, top.escalation!.rung) };
  }
  if (s.type === 'action') {
    const meta = [s.dueDate ? `Due ${formatDayShort(s.dueDate)}` : 'No due date', `Lead: ${s.leadAgency ?? 'none recorded'}`, ...(s.subgroup ? [s.subgroup] : [])].join(' · ');
    return { type: 'item', ref: s.ref, title: truncate(s.title, MAX_TITLE_CHARS), status: s.status, lines: [why, meta, ...notes], buttons: statusButtons(s.ref) };
  }
  if (s.type === 'metric') {
    const how = `Record it with: metric ${s.ref} ${s.period} <value>`;
    return { type: 'item', ref: s.ref, title: truncate(s.title, MAX_TITLE_CHARS), lines: [why, how, ...notes], buttons: [] };
  }
  const meta = [`Route: ${ROUTE_LABEL[s.route]}`, ...(s.provider ? [`Provider: ${s.provider}`] : []), ...(s.actionRef ? [`Tracks action ${s.actionRef}`] : [])].join(' · ');
  return { type: 'item', ref: s.ref, title: truncate(s.title, MAX_TITLE_CHARS), stage: s.stage, lines: [why, ...(s.advice ? [s.advice] : []), meta, ...notes], buttons: contractButtons(s) };
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The batched daily message for one person. */
export function buildNudgeMessage(localDay: IsoDate, nudges: PlannedNudge[]): { message: Message; shownActionRefs: string[] } {
  const groups = groupBySubject(nudges);
  const actions = groups.filter((g) => g.subject.type === 'action');
  const contracts = groups.filter((g) => g.subject.type === 'contract');
  const metrics = groups.filter((g) => g.subject.type === 'metric');
  const shown = groups.slice(0, MAX_ITEMS_PER_MESSAGE);
  const hidden = groups.slice(MAX_ITEMS_PER_MESSAGE);
  const shownActionRefs = shown.filter((g) => g.subject.type === 'action').map((g) => g.subject.ref);

  const parts = [
    ...(actions.length ? [count(actions.length, 'action needs', 'actions need') + ' an update'] : []),
    ...(contracts.length ? [count(contracts.length, 'contract needs', 'contracts need') + ' a decision'] : []),
    ...(metrics.length ? [count(metrics.length, 'metric needs', 'metrics need') + ' a figure'] : []),
  ];
  const headingWord = actions.length ? 'actions' : contracts.length ? 'contracts' : 'metrics';
  const day = formatDayLong(localDay);
  const summary = `CDP ${day}: ${parts.join(' and ')}`;
  const blocks: Block[] = [
    { type: 'heading', text: `Your CDP ${headingWord} — ${day}` },
    { type: 'text', text: `${cap(parts.join(' and '))}.` },
  ];
  const escalated = shown.filter((g) => g.nudges.some((n) => n.escalation)).length;
  shown.forEach((g, i) => {
    if (i === 0 && escalated) blocks.push(escalationIntro(escalated));
    if (i === escalated && escalated) blocks.push({ type: 'text', style: 'strong', text: 'Your reminders:' });
    blocks.push(itemBlock(g));
  });
  if (hidden.length) {
    blocks.push({ type: 'context', text: `And ${hidden.length} more: ${hidden.map((g) => g.subject.ref).join(', ')}. Type "mine" to see them all.` });
  }
  // Never over an escalation, an overdue or an off-track item (SPEC §10).
  const covered = shown
    .filter((g) => g.subject.type === 'action' && !g.nudges.some((n) => n.kind === 'escalation') && coveredByMarkAll(g.subject.status, g.subject.dueDate, localDay))
    .map((g) => g.subject.ref);
  const markAll = markAllButton(covered, shownActionRefs.length, true);
  if (markAll) blocks.push({ type: 'buttons', buttons: [markAll] });
  const exampleRef = actions[0]?.subject.ref;
  const single = groups.length === 1;
  if (exampleRef) {
    blocks.push(replyHint(exampleRef, 'on track - pathway launched', single));
  } else if (contracts.length) {
    blocks.push(replyHint(contracts[0]!.subject.ref, 'route decided - direct award C', single));
  }
  return { message: { summary, blocks: attachList(blocks, 'nudge', localDay), ephemeral: false }, shownActionRefs };
}
