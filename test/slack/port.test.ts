// The Slack ChatPort over real HTTP against the Web API double: what the outbox gets back.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSenderClient, createSlackPort } from '../../adapters/slack/port.js';
import type { PersonTarget } from '../../src/chat/port.js';
import { silentLogger } from '../../src/log/logger.js';
import type { Message } from '../../src/message/model.js';
import { startSlackApiDouble, type SlackApiDouble } from '../doubles/slack-api.js';

let api: SlackApiDouble;
const msg: Message = { summary: 'TRS-07 is due in 3 days <!channel>', blocks: [{ type: 'item', ref: 'TRS-07', title: 'Launch', status: 'on_track' }] };
const person = (over: Partial<PersonTarget> = {}): PersonTarget => ({
  personId: 'p1', partnershipId: 'ps1', name: 'Alex Wilber', email: 'alexw@example.com', identities: [], conversations: [], ...over,
});

beforeAll(async () => {
  api = await startSlackApiDouble({ users: [{ id: 'U0ALEX', name: 'alexw', email: 'alexw@example.com' }] });
});
afterAll(() => api.close());
beforeEach(() => api.reset());

const port = () => createSlackPort({ client: createSenderClient(api.token, api.apiUrl), logger: silentLogger() });

describe('Slack ChatPort', () => {
  it('DMs a person found by email: lookupByEmail → conversations.open → chat.postMessage with fallback text and blocks', async () => {
    const res = await port().sendDirect(person(), msg);
    expect(res).toEqual({ ok: true, ref: { platform: 'slack', channelId: 'D0ALEX', messageId: expect.stringMatching(/^\d+\.\d+$/) } });
    expect(api.calls.map((c) => c.method)).toEqual(['users.lookupByEmail', 'conversations.open', 'chat.postMessage']);
    const post = api.callsTo('chat.postMessage')[0]!;
    expect(post.args.channel).toBe('D0ALEX');
    expect(post.args.text).toBe('TRS-07 is due in 3 days &lt;!channel&gt;');
    expect(post.args.blocks[0].text.text).toContain('*TRS-07*');
    expect(post.token).toBe(api.token);
  });

  it('uses a stored Slack identity without looking up the email', async () => {
    const res = await port().sendDirect(person({ identities: [{ platform: 'slack', externalId: 'U0ALEX' }] }), msg);
    expect(res.ok).toBe(true);
    expect(api.calls.map((c) => c.method)).toEqual(['conversations.open', 'chat.postMessage']);
  });

  it('posts to a channel and updates a message', async () => {
    const p = port();
    const posted = await p.postToChannel({ partnershipId: 'ps1', platform: 'slack', channelId: 'C0TREAT' }, msg);
    expect(posted.ok && posted.ref.channelId).toBe('C0TREAT');
    if (!posted.ok) throw new Error('post failed');
    const updated = await p.update(posted.ref, { ...msg, summary: 'updated' });
    expect(updated).toEqual({ ok: true, ref: posted.ref });
    expect(api.callsTo('chat.update')[0]!.args).toMatchObject({ channel: 'C0TREAT', ts: posted.ref.messageId, text: 'updated' });
  });

  it('429 with Retry-After → rate_limited with retryAfterMs, after exactly one call (the outbox owns retries)', async () => {
    api.inject('chat.postMessage', { status: 429, retryAfter: 7 });
    const res = await port().postToChannel({ partnershipId: 'ps1', platform: 'slack', channelId: 'C0TREAT' }, msg);
    expect(res).toEqual({ ok: false, failure: { kind: 'rate_limited', retryAfterMs: 7000, detail: expect.any(String) } });
    expect(api.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('a person Slack does not know → unreachable', async () => {
    const res = await port().sendDirect(person({ email: 'nobody@example.com' }), msg);
    expect(res).toEqual({ ok: false, failure: { kind: 'unreachable', detail: 'users_not_found' } });
  });

  it.each(['channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive'])('%s → unreachable', async (error) => {
    api.inject('chat.postMessage', { error });
    const res = await port().postToChannel({ partnershipId: 'ps1', platform: 'slack', channelId: 'C0GONE' }, msg);
    expect(res).toEqual({ ok: false, failure: { kind: 'unreachable', detail: error } });
  });

  it('a 5xx → transient', async () => {
    api.inject('chat.postMessage', { status: 503 });
    const res = await port().postToChannel({ partnershipId: 'ps1', platform: 'slack', channelId: 'C0TREAT' }, msg);
    expect(res.ok === false && res.failure.kind).toBe('transient');
    expect(api.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('no network → transient', async () => {
    const dead = createSlackPort({ client: createSenderClient(api.token, 'http://127.0.0.1:9/api/'), logger: silentLogger() });
    const res = await dead.postToChannel({ partnershipId: 'ps1', platform: 'slack', channelId: 'C0TREAT' }, msg);
    expect(res.ok === false && res.failure.kind).toBe('transient');
  });

  it('canReach: a Slack identity or an email', () => {
    const p = port();
    expect(p.canReach(person())).toBe(true);
    expect(p.canReach(person({ email: '', identities: [{ platform: 'slack', externalId: 'U1' }] }))).toBe(true);
    expect(p.canReach(person({ email: '', identities: [{ platform: 'teams', externalId: 'aad' }] }))).toBe(false);
  });
});
