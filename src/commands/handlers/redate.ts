// `redate <ref> <date> <reason>`: moves a due date, keeping the original, counting the move,
// with a DueDateChange row and a history note "Due date moved from X to Y: reason".
import { canUpdateAction } from '../../core/permissions.js';
import { errorMessage, type Message } from '../../message/model.js';
import { loadAction, redateAction } from '../../register/actions.js';
import { exampleDates } from '../help.js';
import { cleanNote } from '../hygiene.js';
import { actionItem } from '../views/action.js';
import { formatDay, plural } from '../views/format.js';
import { actionOrReply, isMessage, notifyChange, reply, todayOf, type HandlerDeps, type LinkedContext } from './common.js';
import { refuseAction } from './update.js';

export async function handleRedate(deps: HandlerDeps, ctx: LinkedContext, cmd: { ref: string; date: Date; reason: string }): Promise<Message> {
  const action = await actionOrReply(deps, ctx, cmd.ref);
  if (isMessage(action)) return action;
  if (!canUpdateAction(ctx.person, action)) return refuseAction(deps, ctx, action);
  const reason = cleanNote(cmd.reason, { now: ctx.now, what: 'reason' });
  if (!reason.ok) return errorMessage(reason.error.message, reason.error.hint, reason.error.code);
  if (!reason.value) {
    return errorMessage(`Say why ${action.ref}'s due date moves: boards ask about slippage.`, `For example: redate ${action.ref} ${exampleDates(ctx.now)[0]} waiting for MOPAC funding decision`, 'bad_arguments');
  }
  const today = todayOf(ctx);
  if (cmd.date.getTime() < today.getTime()) {
    return errorMessage(`${formatDay(cmd.date)} is in the past: a new due date must be today (${formatDay(today)}) or later.`, `For example: redate ${action.ref} ${exampleDates(ctx.now)[0]} ${reason.value}`, 'bad_date');
  }
  const out = await redateAction(deps.db.prisma, {
    actionId: action.id, personId: ctx.person.id, via: ctx.via, now: ctx.now, date: cmd.date, reason: reason.value, formatDate: formatDay,
  });
  const after = await loadAction(deps.db, action.id);
  if (!out.changed) {
    const text = `${action.ref} is already due on ${formatDay(cmd.date)} — nothing changed.`;
    return reply(text, [{ type: 'text', text }, actionItem(after, today, true)]);
  }
  const from = out.from ? formatDay(out.from) : 'no date';
  const text = `${ctx.person.name} moved ${action.ref}'s due date from ${from} to ${formatDay(out.to)}: ${reason.value}`;
  const slip = `Originally due ${out.original ? formatDay(out.original) : 'with no date'}; moved ${plural(out.dueMoves, 'time')}.`;
  await notifyChange(deps, ctx, [after]);
  return reply(text, [{ type: 'text', text }, actionItem(after, today, true), { type: 'context', text: slip }], { meta: { changedRefs: [action.ref] } });
}
