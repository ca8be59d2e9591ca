// Shared ways of answering: a Message as a response_url reply, and the App Home refresh.
import type { RespondArguments } from '@slack/bolt';
import type { CommandContext } from '../../src/core/api.js';
import type { Message } from '../../src/message/model.js';
import type { SlackDeps } from './context.js';
import { renderBlocks, renderHomeView } from './render.js';

export type Respond = (message: RespondArguments) => Promise<unknown>;

/** A Message as a response_url body. Command replies are ephemeral unless the core says otherwise. */
export function asResponse(message: Message, opts: { replaceOriginal?: boolean } = {}): RespondArguments {
  const { text, blocks } = renderBlocks(message);
  if (opts.replaceOriginal) return { replace_original: true, text, blocks };
  return { response_type: message.ephemeral === false ? 'in_channel' : 'ephemeral', replace_original: false, text, blocks };
}

/** Publishes the person's App Home tab (views.publish). Failures are logged, never thrown. */
export async function publishHome(deps: SlackDeps, ctx: CommandContext, userId: string): Promise<boolean> {
  try {
    const home = await deps.core.commands.home(ctx);
    await deps.client.views.publish({ user_id: userId, view: renderHomeView(home) });
    return true;
  } catch (e) {
    deps.logger.warn({ userId, err: e instanceof Error ? e.message : String(e) }, 'views.publish failed');
    return false;
  }
}

/** After a change the core reports (meta.changedRefs), refresh the person's Home tab. */
export async function refreshHomeIfChanged(deps: SlackDeps, ctx: CommandContext, userId: string, reply: Message): Promise<void> {
  if (ctx.person && reply.meta?.changedRefs?.length) await publishHome(deps, ctx, userId);
}
