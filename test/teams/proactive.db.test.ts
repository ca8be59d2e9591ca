// Proactive delivery in Teams from the outbox: DMs in the stored personal chat and posts in a
// bound channel, as new messages; people the bot cannot reach are recorded with what to do;
// and a 500-action digest stays under the Teams payload limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import { enqueue } from '../../src/outbox/enqueue.js';
import { silentLogger } from '../../src/log/logger.js';
import { message } from '../../src/message/model.js';
import { cardOf, cardText } from './harness.js';
import { startE2E, type E2E } from './e2e-setup.js';

const CHANNEL = '19:c2b1e4a0d7f84a5c9c4b8b2f8a1d3e77@thread.tacv2';

describe('Teams proactive delivery through the outbox', () => {
  let e: E2E;
  let n = 0;
  const drain = () =>
    createDispatcher({ db: e.db, ports: [e.h.teams.port], logger: silentLogger(), clock: () => e.now, settings: { sleep: async () => {}, random: () => 0.5 } }).drain({ maxRounds: 3 });
  const nudge = (personId: string, text: string) => {
    n += 1;
    return enqueue(e.db.prisma, [{ partnershipId: e.fx.partnership.id, kind: 'nudges', dedupeKey: `test-nudge-${n}`, recipient: { kind: 'person', personId }, message: message(text) }], e.now);
  };

  beforeAll(async () => {
    e = await startE2E();
    await e.say('alex', 'whoami'); // Alex has opened the bot once: his chat is stored
    await e.h.post(e.activity('message-channel-mention', 'adele', (a) => (a.text = '<at>cdp-bot</at> bind treatment')));
    e.h.connector.reset();
  });
  afterAll(() => e.close());

  it('sends a DM into the stored personal chat as a new message', async () => {
    await nudge(e.fx.people.alex, 'TRS-07 is due in 9 days');
    const report = await drain();
    expect(report.sent).toBe(1);
    const call = e.h.connector.sent.at(-1)!;
    expect(call.path).toBe('/v3/conversations/a:personal-alex/activities');
    expect(call.body?.replyToId).toBeUndefined();
    expect(cardText(cardOf(call))).toContain('TRS-07 is due in 9 days');
    const row = await e.db.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: `test-nudge-${n}` } });
    expect(row.state).toBe('sent');
  });

  it('posts to the channel bound with "bind", as a new post (not in the thread where bind was typed)', async () => {
    await enqueue(e.db.prisma, [{
      partnershipId: e.fx.partnership.id, kind: 'digest', dedupeKey: 'test-digest-1',
      recipient: { kind: 'channel', platform: 'teams', channelId: CHANNEL, subgroupId: e.fx.subgroups.treatment },
      message: message('Treatment & Recovery digest'),
    }], e.now);
    const report = await drain();
    expect(report.sent).toBe(1);
    const call = e.h.connector.sent.at(-1)!;
    expect(call.path).toBe(`/v3/conversations/${CHANNEL}/activities`);
    expect(cardText(cardOf(call))).toContain('Treatment & Recovery digest');
  });

  it('records a person who removed the app (403) as unreachable with what to do, and stops retrying', async () => {
    e.h.connector.fail(403, { match: (c) => c.path.includes('personal-alex') });
    await nudge(e.fx.people.alex, 'TRS-01 is overdue');
    await drain();
    const row = await e.db.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: `test-nudge-${n}` } });
    expect(row.state).toBe('failed');
    expect(row.lastError).toMatch(/not installed the app or has removed it[\s\S]*open the bot/);
    const conv = await e.db.prisma.conversation.findFirstOrThrow({ where: { externalId: 'a:personal-alex' } });
    expect(conv.unreachableSince).not.toBeNull();
    // Alex opens the bot again: reachable again.
    await e.say('alex', 'whoami');
    const again = await e.db.prisma.conversation.findFirstOrThrow({ where: { externalId: 'a:personal-alex' } });
    expect(again.unreachableSince).toBeNull();
  });

  it('records a person who never opened the bot as unreachable, without calling Teams', async () => {
    const calls = e.h.connector.calls.length;
    await nudge(e.fx.people.olu, 'TRS-99 is due');
    await drain();
    const row = await e.db.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: `test-nudge-${n}` } });
    expect(row.state).toBe('failed');
    expect(row.lastError).toMatch(/unreachable/);
    expect(e.h.connector.calls.length).toBe(calls);
  });

  it('retries a 429 later, honouring Retry-After, and delivers it', async () => {
    e.h.connector.fail(429, { headers: { 'Retry-After': '30' } });
    await nudge(e.fx.people.alex, 'Weekly reminder');
    const first = await drain();
    expect(first.sent).toBe(0);
    const row = await e.db.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: `test-nudge-${n}` } });
    expect(row.state).toBe('pending');
    expect(row.nextAttemptAt.getTime() - e.now.getTime()).toBeGreaterThanOrEqual(30_000);
  });
});

describe('Teams digest of a 500-action register', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ extraActions: 500 });
  });
  afterAll(() => e.close());

  it('keeps the reply under 28 KB and says how many more there are', async () => {
    for (const text of ['digest treatment', 'find generated', 'mine']) {
      const who = text === 'mine' ? 'alex' : 'megan';
      const r = await e.say(who, text);
      expect(r.status, text).toBe(200);
      const bytes = Buffer.byteLength(JSON.stringify(r.call.body));
      expect(bytes, text).toBeLessThan(28 * 1024);
      if (text !== 'digest treatment') expect(r.text, text).toMatch(/and \d+ more/);
    }
  });
});
