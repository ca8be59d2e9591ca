// A press on one item of a list message (the daily nudge — even of one item —, `mine`, `due`,
// `overdue`, the App Home, `find`, `contracts`) answers with the WHOLE list again: the view's heading, a line
// saying who did what and when, then every listed item in its current state with the same
// buttons (still tagged with the list), so the other items stay in the person's DM or card.
// Items the press completed stay, marked Complete. Refusals are returned as they are: the
// adapters show them beside the list, never in its place. A press on a `show` card answers with
// the same card, updated, under a line saying who changed what.
import { formatDayLong, localTime } from '../../calendar/zone.js';
import { canUpdateAction, canUpdateContract } from '../../core/permissions.js';
import { replyHint } from '../../message/buttons.js';
import { LIST_REFS_CAP, attachList } from '../../message/list.js';
import type { Block, InList, ListView, Message } from '../../message/model.js';
import { contractButtons } from '../../nudges/message.js';
import { actionInclude, type ActionRecord } from '../../register/actions.js';
import { contractInclude, type ContractRecord } from '../../register/contracts.js';
import { PLAUSIBLE_REF } from '../../register/refs.js';
import { STATUS_INFO } from '../../register/status.js';
import { actionItem } from '../views/action.js';
import { contractItem } from '../views/contract.js';
import { todayOf, type HandlerDeps, type LinkedContext } from './common.js';
import { handleShow } from './show.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const WITH_MARK_ALL = new Set<ListView | undefined>(['mine', 'home', 'due', 'overdue', 'nudge']);

/** The heading the list had when it was sent (as near as the view and day tell). */
export function listHeading(ctx: LinkedContext, where: InList, hasActions: boolean): string {
  switch (where.view) {
    case 'nudge': {
      const what = hasActions ? 'actions' : 'contracts';
      return where.day && DAY.test(where.day) ? `Your CDP ${what} — ${formatDayLong(where.day)}` : `Your CDP ${what}`;
    }
    case 'mine':
      return 'Your open actions';
    case 'home':
      return `${ctx.partnership.name}: your actions`;
    case 'due':
      return 'Due soon';
    case 'overdue':
      return 'Overdue';
    case 'digest':
      return 'Digest';
    case 'find':
      return 'Actions found';
    case 'contracts':
      return 'Contracts expiring soon';
    case 'show':
      return 'Action';
    default:
      return 'Your actions';
  }
}

/** "Alex Wilber set TRS-07 to On track (was At risk) · 20:31" and the lines that go with it. */
function confirmation(outcome: Message, ctx: LinkedContext): { line: string; details: string[] } {
  const firstItem = outcome.blocks.findIndex((b) => b.type === 'item');
  const head = firstItem < 0 ? outcome.blocks : outcome.blocks.slice(0, firstItem);
  const text = head.find((b): b is Extract<Block, { type: 'text' }> => b.type === 'text')?.text ?? outcome.summary;
  const details = head.filter((b): b is Extract<Block, { type: 'context' }> => b.type === 'context').map((b) => b.text);
  return { line: `${text.replace(/\.$/, '')} · ${localTime(ctx.now, ctx.partnership.timezone)}`, details };
}

/** The `show` card again, after the press, with the line saying who changed what at its head. */
async function reshow(deps: HandlerDeps, ctx: LinkedContext, ref: string, outcome: Message): Promise<Message> {
  const card = await handleShow(deps, ctx, ref);
  if (card.meta?.error) return outcome;
  const { line, details } = confirmation(outcome, ctx);
  // Under the card's heading if it has one, else on top.
  const head = card.blocks[0]?.type === 'heading' ? card.blocks.slice(0, 1) : [];
  const rest = card.blocks.slice(head.length);
  return {
    ...card,
    summary: line,
    blocks: [...head, { type: 'text', text: line }, ...details.map((text): Block => ({ type: 'context', text })), ...rest],
    ...(outcome.ephemeral !== undefined ? { ephemeral: outcome.ephemeral } : {}),
    ...(outcome.meta ? { meta: outcome.meta } : {}),
  };
}

/** The list `where` names, re-rendered after `outcome` (the one-item reply of the press). */
export async function relist(deps: HandlerDeps, ctx: LinkedContext, where: InList, outcome: Message): Promise<Message> {
  if (outcome.meta?.error) return outcome;
  if (where.view === 'show' && where.list?.length === 1 && PLAUSIBLE_REF.test(where.list[0]!.trim())) return reshow(deps, ctx, where.list[0]!.trim(), outcome);
  // Refs from a payload: only plausible ones reach a query (PostgreSQL text holds no NUL).
  const refs = [...new Set((where.list ?? []).filter((r) => typeof r === 'string' && PLAUSIBLE_REF.test(r.trim())).map((r) => r.trim().toUpperCase()))].slice(0, LIST_REFS_CAP);
  if (refs.length === 0) return outcome;
  const prisma = deps.db.prisma;
  const partnershipId = ctx.partnership.id;
  const [actions, contracts] = await Promise.all([
    prisma.action.findMany({ where: { partnershipId, ref: { in: refs } }, include: actionInclude }),
    prisma.contract.findMany({ where: { partnershipId, ref: { in: refs } }, include: contractInclude }),
  ]);
  const actionBy = new Map<string, ActionRecord>(actions.map((a) => [a.ref, a]));
  const contractBy = new Map<string, ContractRecord>(contracts.map((c) => [c.ref, c]));
  const today = todayOf(ctx);
  const nudge = where.view === 'nudge';

  const { line, details } = confirmation(outcome, ctx);
  const blocks: Block[] = [
    { type: 'heading', text: listHeading(ctx, where, actions.length > 0 || contracts.length === 0) },
    { type: 'text', text: line },
    ...details.map((text): Block => ({ type: 'context', text })),
  ];
  const missing: string[] = [];
  const markable: string[] = [];
  for (const ref of refs) {
    const a = actionBy.get(ref);
    if (a) {
      const may = canUpdateAction(ctx.person, a);
      blocks.push(actionItem(a, today, may));
      if (may && STATUS_INFO[a.status].open && a.status !== 'on_track') markable.push(a.ref);
      continue;
    }
    const c = contractBy.get(ref);
    if (c) {
      const may = canUpdateContract(ctx.person, c);
      const nudgeButtons = contractButtons(c).filter((b) => may || b.action.kind === 'show');
      const item = contractItem(c, today, !nudge && may);
      blocks.push(nudge && item.type === 'item' ? { ...item, buttons: nudgeButtons } : item);
      continue;
    }
    missing.push(ref);
  }
  if (missing.length) blocks.push({ type: 'context', text: `No longer in the register: ${missing.join(', ')}.` });
  if (WITH_MARK_ALL.has(where.view) && markable.length > 1) {
    blocks.push({ type: 'buttons', buttons: [{ label: 'Mark all on track', action: { kind: 'all_on_track', refs: markable }, ...(nudge ? { style: 'primary' as const } : {}) }] });
  }
  if (nudge) {
    const example = actions.length ? `${refs.find((r) => actionBy.has(r))} on track — pathway launched` : `${refs.find((r) => contractBy.has(r))} route decided — direct award C`;
    blocks.push({ type: 'context', text: replyHint(example) });
  }
  return {
    summary: line,
    blocks: attachList(blocks, where.view, where.day),
    ...(outcome.ephemeral !== undefined ? { ephemeral: outcome.ephemeral } : {}),
    ...(outcome.meta ? { meta: outcome.meta } : {}),
  };
}
