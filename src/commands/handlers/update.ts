// `update <ref> [status] [note]` and the status buttons: permission, note hygiene, one history row
// in the same transaction, idempotent when nothing would change (a retried button press).
import type { CommandContext } from '../../core/api.js';
import { canUpdateAction, whoCanUpdateAction } from '../../core/permissions.js';
import { errorMessage, type Message } from '../../message/model.js';
import { updateAction, type ActionRecord, type UpdateOutcome } from '../../register/actions.js';
import { adminNames } from '../../register/people.js';
import { STATUS_INFO, type ActionStatus } from '../../register/status.js';
import { cleanNote } from '../hygiene.js';
import { REASON_ASKED, REASON_REQUIRED, reasonQuestion } from '../parse/status-check.js';
import { actionItem } from '../views/action.js';
import { VIA_LABEL } from '../views/format.js';
import { actionOrReply, isMessage, notifyChange, reply, todayOf, type HandlerDeps, type LinkedContext } from './common.js';

/** The refusal that names who may update the action. */
export async function refuseAction(deps: HandlerDeps, ctx: CommandContext, action: ActionRecord): Promise<Message> {
  const admins = await adminNames(deps.db.prisma, ctx.partnership.id);
  return errorMessage(`You can't update ${action.ref}. ${whoCanUpdateAction(action, admins)}`, undefined, 'forbidden');
}

export async function handleUpdate(deps: HandlerDeps, ctx: LinkedContext, cmd: { ref: string; status?: ActionStatus; note?: string }): Promise<Message> {
  const found = await actionOrReply(deps, ctx, cmd.ref);
  if (isMessage(found)) return found;
  return applyUpdate(deps, ctx, found, cmd.status, cmd.note);
}

/** Records status and/or note on a found action, as `ctx.person`; the reply is the action's new state. */
export async function applyUpdate(deps: HandlerDeps, ctx: LinkedContext, action: ActionRecord, status?: ActionStatus, rawNote?: string): Promise<Message> {
  if (!canUpdateAction(ctx.person, action)) return refuseAction(deps, ctx, action);
  let note: string | undefined;
  if (rawNote !== undefined) {
    const cleaned = cleanNote(rawNote, { now: ctx.now });
    if (!cleaned.ok) return errorMessage(cleaned.error.message, cleaned.error.hint, cleaned.error.code);
    note = cleaned.value || undefined;
  }
  if (status === undefined && note === undefined) {
    return errorMessage(`Nothing to record for ${action.ref}: give a status, a note or both.`, `For example: update ${action.ref} on track — pathway launched`, 'bad_arguments');
  }
  if (status && REASON_REQUIRED.has(status) && !note && action.status !== status) return reasonPrompt(ctx, action, status);
  const out = await updateAction(deps.db, { actionId: action.id, personId: ctx.person.id, via: ctx.via, now: ctx.now, status, note });
  const after = afterUpdate(action, out, ctx.now);
  const today = todayOf(ctx);
  if (!out.changed) {
    const text = `${action.ref} is already ${STATUS_INFO[out.newStatus].label} — nothing changed.`;
    return reply(text, [{ type: 'text', text }, actionItem(after, today, true)]);
  }
  const who = ctx.person.name;
  const statusChanged = out.oldStatus !== out.newStatus;
  const text = statusChanged
    ? `${who} set ${action.ref} to ${STATUS_INFO[out.newStatus].label} (was ${STATUS_INFO[out.oldStatus].label})${note ? ' and added a note' : ''}.`
    : `${who} added a note to ${action.ref}${status ? ` (status stays ${STATUS_INFO[out.newStatus].label})` : ''}.`;
  await notifyChange(deps, ctx, [after]);
  // At risk is taken without a reason, and the reply asks for one (SPEC §10).
  const ask = statusChanged && !note && REASON_ASKED.has(out.newStatus);
  return reply(text, [
    { type: 'text', text },
    ...(note ? [{ type: 'context' as const, text: `Note: ${note}` }] : []),
    actionItem(after, today, true),
    ...(ask
      ? [
          { type: 'text' as const, text: `What is the risk, and what is being done about it? Add it as a note: update ${action.ref} <what and the mitigation>` },
          { type: 'buttons' as const, buttons: [{ label: 'Add the mitigation…', action: { kind: 'add_note' as const, ref: action.ref } }] },
        ]
      : []),
    { type: 'context', text: `Recorded in the history via ${VIA_LABEL[ctx.via]}.` },
  ], { meta: { changedRefs: [action.ref] } });
}

/** Off track, blocked, cancelled without a note: nothing saved; the note input, asking why. */
export function reasonPrompt(ctx: LinkedContext, action: ActionRecord, status: ActionStatus): Message {
  const label = STATUS_INFO[status].label;
  const text = `${label} needs a reason: ${reasonQuestion(status).toLowerCase()} Nothing was saved yet.`;
  return reply(`${action.ref}: ${label} needs a reason`, [
    { type: 'text', text },
    actionItem(action, todayOf(ctx), false),
    { type: 'buttons', buttons: [{ label: `${label} — say why…`, action: { kind: 'add_note', ref: action.ref, status }, style: 'danger' }] },
    { type: 'context', text: `Or type: update ${action.ref} ${label.toLowerCase()} - <why, and what is being done>` },
  ], { meta: { error: 'needs_note' } });
}

/** The action as it is after the update (from the locked row's outcome), without reloading it. */
export function afterUpdate(action: ActionRecord, out: UpdateOutcome, now: Date): ActionRecord {
  if (!out.changed) return { ...action, status: out.newStatus };
  return {
    ...action,
    status: out.newStatus,
    statusSince: out.oldStatus !== out.newStatus ? now : action.statusSince,
    lastUpdateAt: now,
  };
}
