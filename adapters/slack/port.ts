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
import type { ChannelTarget, ChatPort, FindResult, MessageRef, PersonTarget, SendFailure, SendResult } from '../../src/chat/port.js';
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

/**
 * Requests in flight at once. The outbox paces every send per channel and per workspace before
 * it asks; the WebClient's own queue (100 by default) would hold a fan-out's 101st post until
 * some other channel's post was answered, so it would reach Slack after its slot.
 */
const MAX_REQUESTS_IN_FLIGHT = 1000;

/** A WebClient for senders that own their retries and pacing: no internal retries, 429 rejected at once. */
export function createSenderClient(token: string, apiUrl: string | undefined, extra: WebClientOptions = {}): WebClient {
  return new WebClient(token, {
    logger: quietLogger,
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: 10_000,
    maxRequestConcurrency: MAX_REQUESTS_IN_FLIGHT,
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
  // No answer (timeout, connection dropped): Slack may have posted it.
  if (e instanceof WebAPIRequestError) return { kind: 'transient', detail: `network: ${e.original.message}`, maybeSent: true };
  return { kind: 'transient', detail: e instanceof Error ? e.message : String(e), maybeSent: true };
}

export interface SlackPortOptions {
  client: WebClient;
  logger: Logger;
}

/** Every outbox message carries its dedupe key as message metadata (read back after a crash). */
export const OUTBOX_EVENT_TYPE = 'cdp_outbox';
/** How far back a look-up reads a conversation: 3 pages of 100 messages, newest first. */
const LOOKUP_PAGES = 3;

type HistoryMessage = { ts?: string; bot_id?: string; metadata?: { event_type?: string; event_payload?: { dedupe_key?: unknown } } };

export function createSlackPort({ client, logger }: SlackPortOptions): ChatPort {
  const log = logger.child({ component: 'slack-port' });
  const dmChannels = new Map<string, string>();

  async function attempt(what: string, fn: () => Promise<MessageRef>): Promise<SendResult> {
    try {
      return { ok: true, ref: await fn() };
    } catch (e) {
      const failure = classifySlackError(e);
      log.warn({ what, failure }, 'slack send failed');
      return { ok: false, failure };
    }
  }

  async function post(channel: string, message: Message, dedupeKey: string | undefined): Promise<MessageRef> {
    const { text, blocks } = renderBlocks(message);
    const metadata = dedupeKey ? { metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { dedupe_key: dedupeKey } } } : {};
    const res = await client.chat.postMessage({ channel, text, blocks, unfurl_links: false, unfurl_media: false, ...metadata });
    return { platform: 'slack', channelId: res.channel ?? channel, messageId: res.ts ?? '' };
  }

  /** The latest messages of a conversation (with metadata), newest first, looking for the key. */
  async function lookUp(channel: string, dedupeKey: string): Promise<MessageRef | null> {
    let cursor: string | undefined;
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const res = await client.conversations.history({ channel, limit: 100, include_all_metadata: true, ...(cursor ? { cursor } : {}) });
      const hit = (res.messages as HistoryMessage[] | undefined)?.find(
        (m) => m.metadata?.event_type === OUTBOX_EVENT_TYPE && m.metadata.event_payload?.dedupe_key === dedupeKey,
      );
      if (hit?.ts) return { platform: 'slack', channelId: channel, messageId: hit.ts };
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!res.has_more || !cursor) break;
    }
    return null;
  }

  async function dmChannel(user: string): Promise<string> {
    // A DM channel does not change: open it once, so a retry costs one call, not two.
    let channel = dmChannels.get(user);
    if (!channel) {
      const im = await client.conversations.open({ users: user });
      channel = im.channel?.id;
      if (!channel) throw new WebAPIPlatformError({ ok: false, error: 'channel_not_found' });
      if (dmChannels.size > 10_000) dmChannels.clear();
      dmChannels.set(user, channel);
    }
    return channel;
  }

  /** The person's Slack user id: a stored identity, else looked up by email. */
  async function slackUserId(person: PersonTarget): Promise<string> {
    const known = person.identities.find((i) => i.platform === 'slack');
    if (known) return known.externalId;
    const found = await client.users.lookupByEmail({ email: person.email });
    if (!found.user?.id) throw new WebAPIPlatformError({ ok: false, error: 'users_not_found' });
    return found.user.id;
  }

  return {
    platform: 'slack',
    canReach: (person) => person.identities.some((i) => i.platform === 'slack') || Boolean(person.email),
    sendDirect: (person, message, opts) =>
      attempt('sendDirect', async () => post(await dmChannel(await slackUserId(person)), message, opts?.dedupeKey)),
    postToChannel: (target: ChannelTarget, message, opts) => attempt('postToChannel', () => post(target.channelId, message, opts?.dedupeKey)),
    async findSent(target, dedupeKey): Promise<FindResult> {
      try {
        const channel = target.kind === 'person' ? await dmChannel(await slackUserId(target.person)) : target.channel.channelId;
        return { ok: true, ref: await lookUp(channel, dedupeKey) };
      } catch (e) {
        const failure = classifySlackError(e);
        log.warn({ what: 'findSent', failure }, 'slack look-up of an earlier send failed');
        if (failure.kind === 'unreachable') {
          // Slack will not let us read this conversation (a missing history scope, not in the channel): it cannot tell.
          log.warn({ what: 'findSent', detail: failure.detail }, 'cannot read the conversation to look for an earlier send: sending again (at most one duplicate)');
          return { ok: true, ref: null };
        }
        // A failed look-up is never taken for "not sent": the row waits and looks again.
        return { ok: false, failure: failure.kind === 'transient' ? { kind: 'transient', detail: `look-up: ${failure.detail}`, maybeSent: true } : failure };
      }
    },
    update: (ref, message) =>
      attempt('update', async () => {
        const { text, blocks } = renderBlocks(message);
        const res = await client.chat.update({ channel: ref.channelId, ts: ref.messageId, text, blocks });
        return { platform: 'slack', channelId: res.channel ?? ref.channelId, messageId: res.ts ?? ref.messageId };
      }),
  };
}
