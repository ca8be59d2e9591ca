// `mine`: open actions where my agencies lead or partner, soonest due first, overdue marked,
// each with status buttons and a final "Mark all on track". The home view reuses it.
import { attachList } from '../../message/list.js';
import type { ListView, Message } from '../../message/model.js';
import { pageOpenActions } from '../../register/actions.js';
import { canUpdateAction } from '../../core/permissions.js';
import { actionList, LIST_CAP } from '../views/action.js';
import { plural } from '../views/format.js';
import { reply, todayOf, type HandlerDeps, type LinkedContext } from './common.js';

export async function myOpenActionsView(deps: HandlerDeps, ctx: LinkedContext, heading: string, view: ListView = 'mine'): Promise<Message> {
  const person = ctx.person;
  const today = todayOf(ctx);
  const { actions, total, overdue } = await pageOpenActions(deps.db, ctx.partnership.id, { agencyIds: person.agencies.map((a) => a.id), personId: person.id }, { limit: LIST_CAP, today });
  if (person.agencies.length === 0 && actions.length === 0) {
    const chair = person.chairOf.length ? ` As chair, \`digest ${person.chairOf[0]!.name}\` shows your subgroup.` : '';
    const text = `You are not a member of any agency in ${ctx.partnership.name}, so no actions are yours.${chair} \`find <words>\` searches every action.`;
    return reply(heading, [{ type: 'heading', text: heading }, { type: 'text', text }]);
  }
  const agencies = person.agencies.map((a) => a.name).join(', ') || person.name;
  if (actions.length === 0) {
    const text = `No open actions for ${agencies}.`;
    return reply(text, [{ type: 'heading', text: heading }, { type: 'text', text }]);
  }
  const summary = `${plural(total, 'open action')} for ${agencies}${overdue ? `, ${overdue} overdue` : ''}`;
  return reply(summary, attachList([
    { type: 'heading', text: heading },
    { type: 'context', text: `${summary} · soonest due first` },
    ...actionList(actions, today, { buttons: (a) => canUpdateAction(person, a), markAll: true, moreHint: 'use `due` or `find`', total }),
  ], view));
}

export const handleMine = (deps: HandlerDeps, ctx: LinkedContext): Promise<Message> => myOpenActionsView(deps, ctx, 'Your open actions');
