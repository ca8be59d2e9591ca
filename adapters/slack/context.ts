// Who is asking, from which workspace: Slack team → partnership (tenancy), Slack user → person
// (identity, with the email from users.info looked up only when the user is not linked yet).
import type { WebClient } from '@slack/web-api';
import type { CommandContext, CoreApi } from '../../src/core/api.js';
import type { Logger } from '../../src/log/logger.js';
import { errorMessage, type Message } from '../../src/message/model.js';
import type { Dedupe } from './dedupe.js';

/** What every listener needs. Built once in app.ts. */
export interface SlackDeps {
  core: CoreApi;
  logger: Logger;
  clock: () => Date;
  /** The bot token's client (Bolt's), for users.info, views.open/publish and chat.postMessage replies. */
  client: WebClient;
  botUserId: string;
  dedupe: Dedupe;
}

export interface SlackOrigin {
  teamId: string | undefined;
  userId: string;
  channelId?: string;
  channelName?: string;
  isDirect?: boolean;
}

export type ContextResult = { ok: true; ctx: CommandContext } | { ok: false; message: Message };

/** users.info → profile.email (scope users:read.email); undefined when hidden or the call fails. */
export function emailLookup(client: WebClient, userId: string, logger: Logger): () => Promise<string | undefined> {
  return async () => {
    try {
      const res = await client.users.info({ user: userId });
      return res.user?.profile?.email || undefined;
    } catch (e) {
      logger.warn({ userId, err: e instanceof Error ? e.message : String(e) }, 'users.info failed');
      return undefined;
    }
  };
}

export async function buildContext(deps: SlackDeps, origin: SlackOrigin): Promise<ContextResult> {
  if (!origin.teamId) {
    return { ok: false, message: errorMessage('This request did not say which Slack workspace it came from, so I can’t answer it.') };
  }
  const tenancy = await deps.core.tenancy.resolve('slack', origin.teamId);
  if (!tenancy.ok) {
    return { ok: false, message: errorMessage(tenancy.error.message, tenancy.error.hint, tenancy.error.code) };
  }
  const partnership = tenancy.value;
  const person = await deps.core.identity.resolve(partnership, {
    platform: 'slack',
    userId: origin.userId,
    lookupEmail: emailLookup(deps.client, origin.userId, deps.logger),
    now: deps.clock(),
  });
  const ctx: CommandContext = {
    partnership,
    person,
    via: 'slack',
    now: deps.clock(),
    chat: {
      platform: 'slack',
      userId: origin.userId,
      ...(origin.channelId ? { channelId: origin.channelId } : {}),
      ...(origin.channelName ? { channelName: origin.channelName } : {}),
      ...(origin.isDirect !== undefined ? { isDirect: origin.isDirect } : {}),
    },
  };
  return { ok: true, ctx };
}

/** A reply for when something unexpected broke: says so plainly, nothing changed silently. */
export const failureMessage = (): Message =>
  errorMessage('Sorry, something went wrong on my side and nothing was changed.', 'Please try again in a minute; if it keeps happening, tell your partnership coordinator.', 'internal');
