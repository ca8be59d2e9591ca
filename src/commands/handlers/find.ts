// `find <words>`: case-insensitive search across ref, title, objective and notes; top 15.
import { canUpdateAction } from '../../core/permissions.js';
import { attachList } from '../../message/list.js';
import { errorMessage, type Message } from '../../message/model.js';
import { searchActions } from '../../register/actions.js';
import { actionList } from '../views/action.js';
import { plural } from '../views/format.js';
import { reply, todayOf, type HandlerDeps, type LinkedContext } from './common.js';

export async function handleFind(deps: HandlerDeps, ctx: LinkedContext, words: string): Promise<Message> {
  const q = words.trim();
  if (!q) return errorMessage('Say what to look for.', 'For example: find naloxone', 'bad_arguments');
  const { total, actions } = await searchActions(deps.db.prisma, ctx.partnership.id, q, 15);
  const heading = `Actions matching “${q}”`;
  if (!total) {
    const text = `No actions match “${q}”. Try fewer or shorter words, e.g. \`find housing\`.`;
    return reply(text, [{ type: 'heading', text: heading }, { type: 'text', text }]);
  }
  const summary = total > actions.length ? `${total} actions match; the first ${actions.length}:` : `${plural(total, 'action')} ${total === 1 ? 'matches' : 'match'}`;
  return reply(`${plural(total, 'action')} match “${q}”`, attachList([
    { type: 'heading', text: heading },
    { type: 'context', text: summary },
    ...actionList(actions, todayOf(ctx), { buttons: (a) => canUpdateAction(ctx.person, a), cap: 15 }),
    ...(total > actions.length ? [{ type: 'context' as const, text: `and ${total - actions.length} more — add a word to narrow the search` }] : []),
  ], 'find'));
}
