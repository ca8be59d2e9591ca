// The Teams ChatPort against the connector double: proactive messages are NEW messages in the
// stored conversation, updates replace the card, and connector failures come back typed.
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelTarget, PersonTarget } from '../../src/chat/port.js';
import { silentLogger } from '../../src/log/logger.js';
import { message } from '../../src/message/model.js';
import { cardOf, cardText, fixture, startHarness, type Harness } from './harness.js';
import { recordingCore } from './stub-core.js';

describe('TeamsChatPort', () => {
  let h: Harness;
  let person: PersonTarget;
  let channel: ChannelTarget;
  const nudge = message('TRS-07 is due in 3 days', [{ type: 'heading', text: 'Due soon' }, { type: 'text', text: 'TRS-07 is due in 3 days' }]);

  beforeAll(async () => {
    const { core, calls } = recordingCore();
    h = await startHarness({ config: { appType: 'MultiTenant' }, core, logger: silentLogger(), clock: () => new Date('2026-11-23T09:30:00Z') });
    // The app installed for Alex, and in the team's channel: the references are remembered.
    await h.post(fixture('installation-update', h.connector.serviceUrl));
    await h.post(fixture('conversation-update-members-added', h.connector.serviceUrl));
    const [personal, chan] = calls.remembered as { externalId: string; reference: unknown; kind: string }[];
    expect(personal!.kind).toBe('person');
    expect(chan!.kind).toBe('channel');
    person = {
      personId: 'alex',
      partnershipId: 'p1',
      name: 'Alex Wilber',
      email: 'alexw@example.com',
      identities: [{ platform: 'teams', externalId: '6d3b1e0c-0000-4000-8000-00000000a1e4' }],
      conversations: [{ platform: 'teams', externalId: personal!.externalId, reference: personal!.reference }],
    };
    channel = { partnershipId: 'p1', platform: 'teams', channelId: chan!.externalId, reference: chan!.reference, label: 'Treatment & Recovery' };
  });
  afterAll(() => h.close());
  beforeEach(() => h.connector.reset());

  it('sends a DM as a new message in the personal chat (not a reply)', async () => {
    const r = await h.teams.port.sendDirect(person, nudge);
    expect(r.ok).toBe(true);
    const call = h.connector.sent[0]!;
    expect(call.path).toBe('/v3/conversations/a:1Xx9PersonalAlexConversationId/activities');
    expect(call.authorization).toBeUndefined(); // local mode: anonymous
    expect(call.body?.replyToId).toBeUndefined();
    expect(cardText(cardOf(call))).toContain('TRS-07 is due in 3 days');
    expect(call.body?.summary).toBe('TRS-07 is due in 3 days');
    if (r.ok) expect(r.ref).toEqual({ platform: 'teams', channelId: 'a:1Xx9PersonalAlexConversationId', messageId: 'act-' + r.ref.messageId.split('-')[1] });
  });

  it('posts to a channel as a new post, and updates it in place', async () => {
    const r = await h.teams.port.postToChannel(channel, nudge);
    expect(r.ok).toBe(true);
    const call = h.connector.sent[0]!;
    expect(call.conversationId).toBe('19:c2b1e4a0d7f84a5c9c4b8b2f8a1d3e77@thread.tacv2');
    expect(call.activityId).toBeUndefined();
    if (!r.ok) return;
    const u = await h.teams.port.update(r.ref, message('TRS-07 on track'));
    expect(u.ok).toBe(true);
    const put = h.connector.updates[0]!;
    expect(put.path).toBe(`/v3/conversations/${channel.channelId}/activities/${r.ref.messageId}`);
    expect(cardText(cardOf(put))).toContain('TRS-07 on track');
  });

  it('says a person with no stored Teams conversation cannot be reached, and why', async () => {
    const stranger: PersonTarget = { ...person, conversations: [] };
    expect(h.teams.port.canReach(stranger)).toBe(false);
    expect(h.teams.port.canReach(person)).toBe(true);
    const r = await h.teams.port.sendDirect(stranger, nudge);
    expect(r).toMatchObject({ ok: false, failure: { kind: 'unreachable' } });
    if (!r.ok) expect(r.failure.kind === 'unreachable' && r.failure.detail).toMatch(/install cdp-bot for them|open the bot/);
    expect(h.connector.calls).toHaveLength(0);
  });

  it.each([403, 404])('treats %i from the connector as unreachable (app not installed / removed)', async (status) => {
    h.connector.fail(status);
    const r = await h.teams.port.sendDirect(person, nudge);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.failure.kind).toBe('unreachable');
      expect((r.failure as { detail: string }).detail).toMatch(/not installed the app or has removed it/);
    }
  });

  it('treats 429 as rate limited with the Retry-After', async () => {
    h.connector.fail(429, { headers: { 'Retry-After': '7' } });
    const r = await h.teams.port.postToChannel(channel, nudge);
    expect(r).toMatchObject({ ok: false, failure: { kind: 'rate_limited', retryAfterMs: 7000 } });
  });

  it.each([412, 502, 504])('treats %i as transient', async (status) => {
    h.connector.fail(status);
    const r = await h.teams.port.sendDirect(person, nudge);
    expect(r).toMatchObject({ ok: false, failure: { kind: 'transient' } });
  });

  it('treats a refused connection as transient and never messages the user about it', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const dead = { ...(person.conversations[0]!.reference as Record<string, unknown>), serviceUrl: `http://127.0.0.1:${port}/` };
    const r = await h.teams.port.sendDirect({ ...person, conversations: [{ platform: 'teams', externalId: 'x', reference: dead }] }, nudge);
    expect(r).toMatchObject({ ok: false, failure: { kind: 'transient' } });
    if (!r.ok) expect((r.failure as { detail: string }).detail).toMatch(/ECONNREFUSED|fetch failed/);
  });
});
