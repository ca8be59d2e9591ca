// Pressed buttons call the same use cases as typed commands. Idempotent under retries (Teams
// retries slow card actions): pressing "On track" on an action already on track records nothing.
// The reply is the new state to put in place of the original message, naming who did what:
// when the button sat in a list (action.list), the whole list again with the item updated.
import type { CommandContext } from '../../core/api.js';
import { canUpdateAction, whoCanUpdateAction } from '../../core/permissions.js';
import { listOf } from '../../message/list.js';
import { errorMessage, type Block, type ButtonAction, type Message } from '../../message/model.js';
import { findActionByRef, updateAction, type ActionRecord } from '../../register/actions.js';
import { findContractByRef } from '../../register/contracts.js';
import { adminNames } from '../../register/people.js';
import { actionItem } from '../views/action.js';
import { plural } from '../views/format.js';
import { actionOrReply, isMessage, notLinkedMessage, notifyChange, reply, todayOf, type HandlerDeps, type LinkedContext } from './common.js';
import { applyStage } from './contract.js';
import { relist } from './relist.js';
import { handleShow } from './show.js';
import { applySnooze } from './snooze.js';
import { handleEscalationStep } from './escalation.js';
import { afterUpdate, applyUpdate, reasonPrompt, refuseAction } from './update.js';
import { toIsoDate } from '../../calendar/uk-date.js';
import { coveredByMarkAll } from '../../message/buttons.js';
import { STATUS_INFO } from '../../register/status.js';
import { REASON_REQUIRED } from '../parse/status-check.js';

export async function handleButton(deps: HandlerDeps, ctx: CommandContext, action: ButtonAction, input?: { note?: string }): Promise<Message> {
  if (!ctx.person) return notLinkedMessage(deps, ctx);
  const lctx: LinkedContext = { ...ctx, person: ctx.person };
  const outcome = await pressed(deps, lctx, action, input);
  const where = listOf(action);
  return where ? relist(deps, lctx, where, outcome) : outcome;
}

/** The press itself, answered about the one item (or, for "Mark all", the items) it changed. */
async function pressed(deps: HandlerDeps, lctx: LinkedContext, action: ButtonAction, input?: { note?: string }): Promise<Message> {
  const ctx = lctx;
  switch (action.kind) {
    case 'set_status': {
      const a = await actionOrReply(deps, lctx, action.ref);
      return isMessage(a) ? a : applyUpdate(deps, lctx, a, action.status, input?.note ?? action.note);
    }
    case 'add_note': {
      const a = await actionOrReply(deps, lctx, action.ref);
      if (isMessage(a)) return a;
      const note = input?.note ?? action.note;
      if (note !== undefined && note.trim() !== '') return applyUpdate(deps, lctx, a, action.status, note);
      if (!canUpdateAction(lctx.person, a)) return refuseAction(deps, lctx, a);
      if (action.status && REASON_REQUIRED.has(action.status)) return reasonPrompt(lctx, a, action.status);
      const text = `What's the latest on ${a.ref}? Write your note (at most 2,000 characters, no service users' personal data).`;
      return reply(`Add a note to ${a.ref}`, [
        { type: 'heading', text: `Add a note to ${a.ref}` },
        actionItem(a, todayOf(lctx), false),
        { type: 'text', text },
        { type: 'context', text: `Or type: update ${a.ref} <your note>` },
      ], { meta: { error: 'needs_note' } });
    }
    case 'snooze': {
      const a = await actionOrReply(deps, lctx, action.ref);
      return isMessage(a) ? a : applySnooze(deps, lctx, a, action.days);
    }
    case 'all_on_track':
      return markAllOnTrack(deps, lctx, action.refs);
    case 'contract_stage': {
      const c = await findContractByRef(deps.db.prisma, ctx.partnership.id, action.ref);
      if (!c.ok) return errorMessage(c.error.message, c.error.hint, c.error.code);
      return applyStage(deps, lctx, c.value, { stage: action.stage, ...(action.route ? { route: action.route } : {}) });
    }
    case 'show':
      return handleShow(deps, lctx, action.ref);
    case 'escalation':
      return handleEscalationStep(deps, lctx, action.ref, action.step, input?.note);
  }
}

/** Marks each listed action the person may update on track; says which were refused and why. */
export async function markAllOnTrack(deps: HandlerDeps, ctx: LinkedContext, refs: string[]): Promise<Message> {
  const prisma = deps.db.prisma;
  const changed: ActionRecord[] = [];
  const already: string[] = [];
  const refused: ActionRecord[] = [];
  const missing: string[] = [];
  const skipped: ActionRecord[] = [];
  const seen: ActionRecord[] = [];
  for (const ref of [...new Set(refs.map((r) => r.trim().toUpperCase()))].slice(0, 50)) {
    const found = await findActionByRef(deps.db, ctx.partnership.id, ref);
    if (!found.ok) { missing.push(ref); continue; }
    const a = found.value;
    if (!canUpdateAction(ctx.person, a)) { refused.push(a); seen.push(a); continue; }
    // Never turns a problem green: only on-track / not-started actions that are not overdue.
    if (!coveredByMarkAll(a.status, a.dueDate ? toIsoDate(a.dueDate) : null, toIsoDate(todayOf(ctx)))) { skipped.push(a); seen.push(a); continue; }
    const out = await updateAction(deps.db, { actionId: a.id, personId: ctx.person.id, via: ctx.via, now: ctx.now, status: 'on_track' });
    const after = afterUpdate(a, out, ctx.now);
    seen.push(after);
    if (out.changed) changed.push(after);
    else already.push(a.ref);
  }
  const lines: Block[] = [];
  const summary = changed.length
    ? `${ctx.person.name} marked ${plural(changed.length, 'action')} on track: ${changed.map((a) => a.ref).join(', ')}.`
    : 'Nothing changed.';
  lines.push({ type: 'text', text: summary });
  if (already.length) lines.push({ type: 'context', text: `Already on track: ${already.join(', ')}.` });
  if (refused.length) {
    const admins = await adminNames(prisma, ctx.partnership.id);
    for (const a of refused) lines.push({ type: 'context', text: `Not changed — you can't update ${a.ref}. ${whoCanUpdateAction(a, admins)}` });
  }
  if (missing.length) lines.push({ type: 'context', text: `Not found: ${missing.join(', ')}.` });
  for (const a of skipped) {
    const why = STATUS_INFO[a.status].open && (a.status === 'on_track' || a.status === 'not_started') ? 'it is overdue' : `it is ${STATUS_INFO[a.status].label}`;
    lines.push({ type: 'context', text: `Not changed — ${a.ref}: ${why}; update it on its own (e.g. update ${a.ref} on track - <what changed>).` });
  }
  const today = todayOf(ctx);
  for (const a of seen) lines.push(actionItem(a, today, canUpdateAction(ctx.person, a)));
  if (changed.length) await notifyChange(deps, ctx, changed);
  return reply(summary, lines, { meta: { changedRefs: changed.map((a) => a.ref) } });
}
