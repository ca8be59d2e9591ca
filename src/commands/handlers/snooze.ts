// `snooze <ref> <days>` and the snooze button: pauses reminders (1–30 days). The snooze stays
// until it expires, whatever updates come in.
import { canUpdateAction } from '../../core/permissions.js';
import { errorMessage, type Message } from '../../message/model.js';
import { loadAction, snoozeAction, type ActionRecord } from '../../register/actions.js';
import { actionItem } from '../views/action.js';
import { addDays, formatDay, plural } from '../views/format.js';
import { actionOrReply, isMessage, notifyChange, reply, todayOf, type HandlerDeps, type LinkedContext } from './common.js';
import { refuseAction } from './update.js';

export const MAX_SNOOZE_DAYS = 30;

export async function handleSnooze(deps: HandlerDeps, ctx: LinkedContext, cmd: { ref: string; days: number; reason?: string }): Promise<Message> {
  const action = await actionOrReply(deps, ctx, cmd.ref);
  if (isMessage(action)) return action;
  return applySnooze(deps, ctx, action, cmd.days, cmd.reason);
}

export async function applySnooze(deps: HandlerDeps, ctx: LinkedContext, action: ActionRecord, days: number, reason?: string): Promise<Message> {
  if (!Number.isInteger(days) || days < 1 || days > MAX_SNOOZE_DAYS) {
    return errorMessage(
      `Reminders can be snoozed for 1 to ${MAX_SNOOZE_DAYS} days, not ${days}.`,
      `For example: snooze ${action.ref} 7d (or 2w). For longer, move the due date: redate ${action.ref} <date> <reason>`,
      'bad_duration',
    );
  }
  if (!canUpdateAction(ctx.person, action)) return refuseAction(deps, ctx, action);
  const today = todayOf(ctx);
  // Reminders resume on the morning of the day after the snooze: until = local day + days (00:00 UTC).
  const until = addDays(today, days);
  const out = await snoozeAction(deps.db.prisma, {
    actionId: action.id, personId: ctx.person.id, via: ctx.via, now: ctx.now, until,
    note: `Reminders snoozed for ${plural(days, 'day')}, until ${formatDay(until)}${reason ? `: ${reason}` : ''}`,
  });
  const after = await loadAction(deps.db, action.id);
  if (!out.changed) {
    const text = `${action.ref}'s reminders are already snoozed until ${formatDay(until)} — nothing changed.`;
    return reply(text, [{ type: 'text', text }, actionItem(after, today, true)]);
  }
  const text = `${ctx.person.name} snoozed reminders for ${action.ref} until ${formatDay(until)}.`;
  await notifyChange(deps, ctx, [after]);
  return reply(text, [
    { type: 'text', text },
    actionItem(after, today, true),
    { type: 'context', text: `Updates do not end a snooze; it runs out by itself. The digest still lists the action, and escalations to the chair are never snoozed${reason ? ' (they say why you snoozed it)' : ' — add why: snooze ' + action.ref + ' ' + days + 'd <reason>'}.` },
  ], { meta: { changedRefs: [action.ref] } });
}
