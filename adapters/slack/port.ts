// ChatPort for Slack: how the outbox sends DMs, channel posts and message updates.
// The WebClient rejects rate-limited calls at once (rejectRateLimitedCalls, no retries) so the
// outbox owns the retry schedule and honours Retry-After.
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
  type WebClientOptions,
} from '@slack/web-api';
import type { ChannelTarget, ChatPort, MessageRef, PersonTarget, SendFailure, SendResult } from '../../src/chat/port.js';
import type { Logger } from '../../src/log/logger.js';
import type { Message } from '../../src/message/model.js';
import { renderBlocks } from './render.js';

/** Slack errors that mean "this recipient/channel can't be reached this way": retrying won't help. */
const UNREACHABLE = new Set([
  'users_not_found', 'user_not_found', 'channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive',
  'cannot_dm_bot', 'user_disabled', 'restricted_action', 'message_not_found', 'cant_update_message', 'not_authed',
  'invalid_auth', 'token_revoked', 'missing_scope', 'team_access_not_granted', 'no_permission',
]);

/** The WebClient logs failed calls to the console by default; callers that classify failures pass their own. */
const quietLogger: NonNullable<WebClientOptions['logger']> = {
  debug: () => {}, info: () => {}, warn: () => {}, error: () => {},
  setLevel: () => {}, getLevel: () => 'error' as never, setName: () => {},
};

/** A WebClient for senders that own their retries: no internal retries, 429 rejected at once. */
export function createSenderClient(token: string, apiUrl: string | undefined, extra: WebClientOptions = {}): WebClient {
  return new WebClient(token, {
    logger: quietLogger,
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: 10_000,
    ...extra,
  });
}

/** Maps anything a WebClient call throws to the outbox's failure vocabulary. */
export function classifySlackError(e: unknown): SendFailure {
  if (e instanceof WebAPIRateLimitedError) {
    return { kind: 'rate_limited', retryAfterMs: Math.max(1, e.retryAfter) * 1000, detail: `Slack rate limit: retry after ${e.retryAfter}s` };
  }
  if (e instanceof WebAPIPlatformError) {
    const code = e.data.error;
    if (code === 'ratelimited') return { kind: 'rate_limited', retryAfterMs: 60_000, detail: code };
    return UNREACHABLE.has(code) ? { kind: 'unreachable', detail: code } : { kind: 'transient', detail: code };
  }
  if (e instanceof WebAPIHTTPError) return { kind: 'transient', detail: `HTTP ${e.statusCode} ${e.statusMessage}` };
  if (e instanceof WebAPIRequestError) return { kind: 'transient', detail: `network: ${e.original.message}` };
  return { kind: 'transient', detail: e instanceof Error ? e.message : String(e) };
}

export interface SlackPortOptions {
  client: WebClient;
  logger: Logger;
}

export function createSlackPort({ client, logger }: SlackPortOptions): ChatPort {
  const log = logger.child({ component: 'slack-port' });

  async function attempt(what: string, fn: () => Promise<MessageRef>): Promise<SendResult> {
    try {
      return { ok: true, ref: await fn() };
    } catch (e) {
      const failure = classifySlackError(e);
      log.warn({ what, failure }, 'slack send failed');
      return { ok: false, failure };
    }
  }

  async function post(channel: string, message: Message): Promise<MessageRef> {
    const { text, blocks } = renderBlocks(message);
    const res = await client.chat.postMessage({ channel, text, blocks, unfurl_links: false, unfurl_media: false });
    return { platform: 'slack', channelId: res.channel ?? channel, messageId: res.ts ?? '' };
  }

  /** The person's Slack user id: a stored identity, else looked up by email. */
  async function slackUserId(person: PersonTarget): Promise<string> {
    const known = person.identities.find((i) => i.platform === 'slack');
    if (known) return known.externalId;
    const found = await client.users.lookupByEmail({ email: person.email });
    if (!found.user?.id) throw new WebAPIPlatformError({ ok: false, error: 'users_not_found' });
    return found.user.id;
  }

  const dmChannels = new Map<string, string>();

  return {
    platform: 'slack',
    canReach: (person) => person.identities.some((i) => i.platform === 'slack') || Boolean(person.email),
    sendDirect: (person, message) =>
      attempt('sendDirect', async () => {
        const user = await slackUserId(person);
        // A DM channel does not change: open it once, so a retry costs one call, not two.
        let channel = dmChannels.get(user);
        if (!channel) {
          const im = await client.conversations.open({ users: user });
          channel = im.channel?.id;
          if (!channel) throw new WebAPIPlatformError({ ok: false, error: 'channel_not_found' });
          if (dmChannels.size > 10_000) dmChannels.clear();
          dmChannels.set(user, channel);
        }
        return post(channel, message);
      }),
    postToChannel: (target: ChannelTarget, message) => attempt('postToChannel', () => post(target.channelId, message)),
    update: (ref, message) =>
      attempt('update', async () => {
        const { text, blocks } = renderBlocks(message);
        const res = await client.chat.update({ channel: ref.channelId, ts: ref.messageId, text, blocks });
        return { platform: 'slack', channelId: res.channel ?? ref.channelId, messageId: res.ts ?? ref.messageId };
      }),
  };
}
