// `due [14d|4w]` and `overdue`: my agencies' open actions due in the window / already overdue.
import { canUpdateAction } from '../../core/permissions.js';
import { attachList } from '../../message/list.js';
import type { Message } from '../../message/model.js';
import { pageOpenActions } from '../../register/actions.js';
import type { Duration } from '../types.js';
import { actionList, LIST_CAP } from '../views/action.js';
import { addDays, formatDay, plural, windowEnd, windowLabel } from '../views/format.js';
import { reply, todayOf, type HandlerDeps, type LinkedContext } from './common.js';

function noAgency(ctx: LinkedContext, heading: string): Message | undefined {
  if (ctx.person.agencies.length) return undefined;
  const text = `You are not a member of any agency in ${ctx.partnership.name}, so no actions are yours. \`find <words>\` searches every action.`;
  return reply(heading, [{ type: 'heading', text: heading }, { type: 'text', text }]);
}

export async function handleDue(deps: HandlerDeps, ctx: LinkedContext, window: Duration): Promise<Message> {
  const heading = `Due in the next ${windowLabel(window)}`;
  const none = noAgency(ctx, heading);
  if (none) return none;
  const today = todayOf(ctx);
  const end = windowEnd(today, window);
  const { actions, total } = await pageOpenActions(deps.db, ctx.partnership.id, { agencyIds: ctx.person.agencies.map((a) => a.id), personId: ctx.person.id, dueFrom: today, dueTo: end }, { limit: LIST_CAP, today });
  const span = `${formatDay(today)} – ${formatDay(end)}`;
  if (!actions.length) {
    const text = `Nothing of yours is due between ${span}. \`overdue\` lists what is late; \`due 8w\` looks further ahead.`;
    return reply(text, [{ type: 'heading', text: heading }, { type: 'text', text }]);
  }
  const summary = `${plural(total, 'action')} due ${span}`;
  return reply(summary, attachList([
    { type: 'heading', text: heading },
    { type: 'context', text: summary },
    ...actionList(actions, today, { buttons: (a) => canUpdateAction(ctx.person, a), markAll: true, moreHint: 'narrow the window, e.g. `due 7d`', total }),
  ], 'due'));
}

export async function handleOverdue(deps: HandlerDeps, ctx: LinkedContext): Promise<Message> {
  const heading = 'Overdue';
  const none = noAgency(ctx, heading);
  if (none) return none;
  const today = todayOf(ctx);
  const { actions, total } = await pageOpenActions(deps.db, ctx.partnership.id, { agencyIds: ctx.person.agencies.map((a) => a.id), personId: ctx.person.id, dueBefore: today }, { limit: LIST_CAP, today });
  if (!actions.length) {
    const text = 'Nothing of yours is overdue. 🎉';
    return reply(text, [{ type: 'heading', text: heading }, { type: 'text', text }]);
  }
  const summary = `${plural(total, 'action')} overdue (due before ${formatDay(today)})`;
  return reply(summary, attachList([
    { type: 'heading', text: heading },
    { type: 'context', text: `${summary}. \`redate <ref> <date> <reason>\` moves a due date.` },
    ...actionList(actions, addDays(today, 0), { buttons: (a) => canUpdateAction(ctx.person, a), markAll: true, moreHint: 'use `find` to narrow', total }),
  ], 'overdue'));
}
