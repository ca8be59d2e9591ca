// The one daily message a person gets: a line (item) per action or contract with why and its
// buttons, "Mark all on track" when there are two or more actions, and how to reply in thread.
import { attachList } from '../message/list.js';
import { replyHint, statusButtons } from '../message/buttons.js';
import type { Block, Button, Message } from '../message/model.js';
import { formatDayLong, formatDayShort } from '../calendar/zone.js';
import { ROUTE_LABEL, STAGE_LABEL, type ContractRoute, type ContractStage } from '../register/status.js';
import { stageLabelOn } from '../contracts/regimes.js';
import type { IsoDate } from '../calendar/working-days.js';
import { KIND_RANK, type NudgeSubject, type PlannedNudge } from './types.js';
import { nextStages } from './policies/contracts.js';

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
  if (s.type === 'action') {
    const meta = [s.dueDate ? `Due ${formatDayShort(s.dueDate)}` : 'No due date', `Lead: ${s.leadAgency ?? 'none recorded'}`, ...(s.subgroup ? [s.subgroup] : [])].join(' · ');
    return { type: 'item', ref: s.ref, title: truncate(s.title, MAX_TITLE_CHARS), status: s.status, lines: [why, meta, ...notes], buttons: statusButtons(s.ref) };
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
  const shown = groups.slice(0, MAX_ITEMS_PER_MESSAGE);
  const hidden = groups.slice(MAX_ITEMS_PER_MESSAGE);
  const shownActionRefs = shown.filter((g) => g.subject.type === 'action').map((g) => g.subject.ref);

  const parts = [
    ...(actions.length ? [count(actions.length, 'action needs', 'actions need') + ' an update'] : []),
    ...(contracts.length ? [count(contracts.length, 'contract needs', 'contracts need') + ' a decision'] : []),
  ];
  const headingWord = actions.length ? 'actions' : 'contracts';
  const day = formatDayLong(localDay);
  const summary = `CDP ${day}: ${parts.join(' and ')}`;
  const blocks: Block[] = [
    { type: 'heading', text: `Your CDP ${headingWord} — ${day}` },
    { type: 'text', text: `${cap(parts.join(' and '))}.` },
  ];
  for (const g of shown) blocks.push(itemBlock(g));
  if (hidden.length) {
    blocks.push({ type: 'context', text: `And ${hidden.length} more: ${hidden.map((g) => g.subject.ref).join(', ')}. Type \`mine\` to see them all.` });
  }
  if (shownActionRefs.length >= 2) {
    blocks.push({ type: 'buttons', buttons: [{ label: 'Mark all on track', action: { kind: 'all_on_track', refs: shownActionRefs }, style: 'primary' }] });
  }
  const exampleRef = actions[0]?.subject.ref;
  if (exampleRef) {
    blocks.push({ type: 'context', text: replyHint(`${exampleRef} on track — pathway launched`) });
  } else {
    blocks.push({ type: 'context', text: replyHint(`${contracts[0]!.subject.ref} route decided — direct award C`) });
  }
  return { message: { summary, blocks: attachList(blocks, 'nudge', localDay), ephemeral: false }, shownActionRefs };
}
