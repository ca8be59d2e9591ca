// The person's home view (Slack App Home): open actions, due soon first, with buttons.
import type { CommandContext } from '../../core/api.js';
import type { Message } from '../../message/model.js';
import { notLinkedMessage, type HandlerDeps } from './common.js';
import { myOpenActionsView } from './mine.js';

export async function handleHome(deps: HandlerDeps, ctx: CommandContext): Promise<Message> {
  if (!ctx.person) return notLinkedMessage(deps, ctx);
  const m = await myOpenActionsView(deps, { ...ctx, person: ctx.person }, `${ctx.partnership.name}: your actions`, 'home');
  return { ...m, ephemeral: false };
}
