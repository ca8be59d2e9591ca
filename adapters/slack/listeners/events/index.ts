// Events API: replies in the thread of a bot DM (a nudge) are updates to the action(s) it names;
// a top-level DM is a command, like in Teams; the App Home tab is published when opened.
// Bot messages and message subtypes (edits, joins, deletions) are ignored.
import type { App } from '@slack/bolt';
import type { MessageRef } from '../../../../src/chat/port.js';
import { buildContext, failureMessage, type SlackDeps } from '../../context.js';
import { renderBlocks } from '../../render.js';
import { publishHome, refreshHomeIfChanged } from '../../reply.js';

export const THREAD_HINT =
  'I can only take updates in the thread of one of my reminders. Try `/cdp update TRS-07 on track pathway launched`, or `/cdp help`.';

/** The parts of a `message` event we use (message.im). */
export interface DirectMessageEvent {
  type: 'message';
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  channel_type?: string;
  team?: string;
  client_msg_id?: string;
}

export type DmOutcome = 'ignored' | 'duplicate' | 'thread_update' | 'hint' | 'command' | 'refused' | 'failed';

export async function handleDirectMessage(deps: SlackDeps, event: DirectMessageEvent, teamId: string | undefined): Promise<DmOutcome> {
  if (event.subtype || event.bot_id || !event.user || event.user === deps.botUserId) return 'ignored';
  if (event.channel_type !== undefined && event.channel_type !== 'im') return 'ignored';
  if (!deps.dedupe.first(`msg:${event.channel}:${event.ts}`)) return 'duplicate';
  const log = deps.logger.child({ slack: 'dm', user: event.user });
  const inThread = Boolean(event.thread_ts && event.thread_ts !== event.ts);
  const threadTs = inThread ? event.thread_ts : undefined;
  const say = async (m: Parameters<typeof renderBlocks>[0]) => {
    const { text, blocks } = renderBlocks(m);
    await deps.client.chat.postMessage({ channel: event.channel, text, blocks, ...(threadTs ? { thread_ts: threadTs } : {}) });
  };
  try {
    const built = await buildContext(deps, { teamId: event.team ?? teamId, userId: event.user, channelId: event.channel, isDirect: true });
    if (!built.ok) {
      await say(built.message);
      return 'refused';
    }
    const text = (event.text ?? '').trim();
    if (threadTs) {
      const thread: MessageRef = { platform: 'slack', channelId: event.channel, messageId: threadTs };
      const reply = await deps.core.commands.threadReply(built.ctx, thread, text);
      if (!reply) {
        await deps.client.chat.postMessage({ channel: event.channel, thread_ts: threadTs, text: THREAD_HINT });
        return 'hint';
      }
      await say(reply);
      await refreshHomeIfChanged(deps, built.ctx, event.user, reply);
      return 'thread_update';
    }
    const reply = await deps.core.commands.text(built.ctx, text);
    await say(reply);
    await refreshHomeIfChanged(deps, built.ctx, event.user, reply);
    return 'command';
  } catch (e) {
    log.error({ err: e instanceof Error ? { message: e.message, stack: e.stack } : String(e) }, 'direct message failed');
    await say(failureMessage()).catch(() => {});
    return 'failed';
  }
}

export async function handleHomeOpened(deps: SlackDeps, userId: string, teamId: string | undefined, tab: string | undefined): Promise<boolean> {
  if (tab !== undefined && tab !== 'home') return false;
  const built = await buildContext(deps, { teamId, userId, isDirect: true });
  if (!built.ok) {
    // Unknown workspace: still show why, on the Home tab itself.
    try {
      await deps.client.views.publish({ user_id: userId, view: { type: 'home', blocks: renderBlocks(built.message, { maxBlocks: 100 }).blocks } });
    } catch (e) {
      deps.logger.warn({ err: String(e) }, 'views.publish failed');
    }
    return false;
  }
  return publishHome(deps, built.ctx, userId);
}

/** The parts of a `user_change` event we use: the user's id, workspace, email and whether deactivated. */
export interface UserChangeEvent {
  type: 'user_change';
  user: { id: string; team_id?: string; deleted?: boolean; profile?: { email?: string } };
}

/**
 * A profile changed (`user_change`, scope users:read / users:read.email): the chat account's link
 * follows the email it now shows (moved, removed, or linked; each change listed for the admins).
 */
export async function handleUserChange(deps: SlackDeps, event: UserChangeEvent, teamId: string | undefined): Promise<'ignored' | 'checked'> {
  const user = event.user;
  const team = user?.team_id ?? teamId;
  if (!user?.id || !team) return 'ignored';
  const tenancy = await deps.core.tenancy.resolve('slack', team);
  if (!tenancy.ok) return 'ignored';
  await deps.core.identity.profileChanged(tenancy.value, {
    platform: 'slack',
    userId: user.id,
    email: user.profile?.email,
    ...(user.deleted ? { deleted: true } : {}),
    now: deps.clock(),
  });
  return 'checked';
}

export function register(app: App, deps: SlackDeps): void {
  app.event('user_change', async ({ event, body }) => {
    await handleUserChange(deps, event as unknown as UserChangeEvent, (body as { team_id?: string }).team_id).catch((e: unknown) =>
      deps.logger.error({ err: e instanceof Error ? e.message : String(e) }, 'user_change could not be applied'),
    );
  });
  app.event('message', async ({ event, body }) => {
    await handleDirectMessage(deps, event as unknown as DirectMessageEvent, (body as { team_id?: string }).team_id);
  });
  app.event('app_home_opened', async ({ event, body }) => {
    await handleHomeOpened(deps, event.user, (body as { team_id?: string }).team_id, event.tab);
  });
}
