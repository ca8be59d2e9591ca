// Teams roster reach: when the bot is added to a team it reads the roster (paged), links the
// members who are people of the partnership, and can then open a personal chat with one who
// never opened the bot (POST /v3/conversations) to deliver a reminder; when Teams refuses, the
// reminder goes by email instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailAdapter } from '../../adapters/email/app.js';
import { silentLogger } from '../../src/log/logger.js';
import { message } from '../../src/message/model.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import { enqueue } from '../../src/outbox/enqueue.js';
import { startSmtp, type SmtpDouble } from '../support/smtp.js';
import { cardOf, cardText } from './harness.js';
import { startE2E, TENANT, USERS, type E2E } from './e2e-setup.js';

const TEAM = '19:9a8b7c6d5e4f@thread.tacv2';
const PRIYA = { id: '29:1a2b3c4d-priya', aadObjectId: '6d3b1e0c-0000-4000-8000-0000000091a0', name: 'Priya Patel', email: 'Priya.Patel@example.com' };

describe('Teams roster reach', () => {
  let e: E2E;
  let smtp: SmtpDouble;
  let n = 0;
  const nudge = (personId: string, text: string) =>
    enqueue(e.db.prisma, [{ partnershipId: e.fx.partnership.id, kind: 'nudges', dedupeKey: `roster-nudge-${++n}`, recipient: { kind: 'person', personId }, message: message(text, [{ type: 'item', ref: 'TRS-07', title: 'Launch the prison release pathway', status: 'at_risk' }]) }], e.now);
  const drain = () => {
    const email = createEmailAdapter({
      config: { smtpUrl: smtp.url, from: 'cdp-bot@council.example', publicUrl: 'https://cdp-bot.council.example' },
      dataDir: '/nonexistent', core: e.core, logger: silentLogger(), clock: () => e.now, fallbackUrl: () => '',
    });
    return createDispatcher({ db: e.db, ports: [e.h.teams.port, email.port], logger: silentLogger(), clock: () => e.now, settings: { sleep: async () => {}, random: () => 0.5 } }).drain({ maxRounds: 3 });
  };

  beforeAll(async () => {
    e = await startE2E();
    smtp = await startSmtp();
    // 650 members: two pages of 500. Megan, Olu (UPN only) and Priya are people of the partnership.
    const filler = Array.from({ length: 647 }, (_, i) => ({ id: `29:guest-${i}`, aadObjectId: `guest-${i}`, name: `Guest ${i}`, email: `guest${i}@elsewhere.example` }));
    e.h.connector.setRoster(TEAM, [USERS.megan, ...filler.slice(0, 400), USERS.olu, ...filler.slice(400), PRIYA]);
    e.h.connector.reset();
    const res = await e.h.post(e.activity('conversation-update-members-added', 'megan'));
    expect(res.status).toBeLessThan(300);
  });
  afterAll(async () => {
    await smtp?.stop();
    await e?.close();
  });

  it('reads the whole roster page by page and links the members who are people of the partnership', async () => {
    const pages = e.h.connector.calls.filter((c) => c.method === 'GET' && c.path === `/v3/conversations/${TEAM}/pagedmembers`);
    expect(pages).toHaveLength(2);
    const roster = await e.db.prisma.conversation.findMany({ where: { partnershipId: e.fx.partnership.id, kind: 'roster' }, include: { person: true } });
    expect(roster.map((c) => c.person?.email).sort()).toEqual(['meganb@example.com', 'olu.ade@example.com', 'priya.patel@example.com']);
    const olu = await e.db.prisma.chatIdentity.findFirst({ where: { personId: e.fx.people.olu, platform: 'teams' } });
    expect(olu?.externalId).toBe(USERS.olu.aadObjectId);
  });

  it('opens a personal chat with a member who never opened the bot and delivers the reminder there', async () => {
    e.h.connector.reset();
    await nudge(e.fx.people.olu, 'TRS-07 needs an update');
    const report = await drain();
    expect(report.sent).toBe(1);
    expect(report.outcomes[0]?.platform).toBe('teams');
    const created = e.h.connector.created;
    expect(created).toHaveLength(1);
    expect(created[0]!.body).toMatchObject({ isGroup: false, members: [{ id: USERS.olu.id }], tenantId: TENANT });
    const sent = e.h.connector.sent.at(-1)!;
    expect(sent.conversationId).toMatch(/^a:personal-/);
    expect(cardText(cardOf(sent))).toContain('TRS-07');
    // The chat is remembered: the next reminder goes straight there, with no new conversation.
    const chat = await e.db.prisma.conversation.findFirstOrThrow({ where: { personId: e.fx.people.olu, kind: 'person', platform: 'teams' } });
    expect(chat.externalId).toBe(sent.conversationId);
    await nudge(e.fx.people.olu, 'TRS-07 again');
    await drain();
    expect(e.h.connector.created).toHaveLength(1);
    expect(e.h.connector.sent.at(-1)!.conversationId).toBe(chat.externalId);
    expect(smtp.received).toHaveLength(0);
  });

  it('falls back to email when Teams refuses to open the chat, and records why', async () => {
    e.h.connector.reset();
    e.h.connector.fail(403, { match: (c) => c.method === 'POST' && c.path.replace(/\/$/, '') === '/v3/conversations' });
    await nudge(e.fx.people.priya, 'TRS-07 needs an update');
    const report = await drain();
    expect(report.sent).toBe(1);
    expect(report.outcomes[0]?.platform).toBe('email');
    expect(smtp.received.map((r) => r.to)).toEqual([['priya.patel@example.com']]);
    const roster = await e.db.prisma.conversation.findFirstOrThrow({ where: { personId: e.fx.people.priya, kind: 'roster' } });
    expect(roster.unreachableSince).not.toBeNull();
    expect(roster.unreachableReason).toMatch(/403/);
  });
});
