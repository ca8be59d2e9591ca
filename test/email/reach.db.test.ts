// Email reaches the people no chat can: a reminder run over the demo plan sends each of them one
// email (text + HTML like the cards, with a signed link to their items) through a real SMTP
// server; 4xx replies are retried with backoff, 5xx replies mark the address unreachable for
// the admins; a person who prefers email gets it even with a chat account.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmailAdapter } from '../../adapters/email/app.js';
import { createCore } from '../../src/core/create-core.js';
import type { CoreApi } from '../../src/core/api.js';
import type { PersonTarget } from '../../src/chat/port.js';
import { loadDigestSnapshot } from '../../src/digest/snapshot.js';
import { buildDigest } from '../../src/digest/build.js';
import { runReminders } from '../../src/jobs/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { loadDemo } from '../support/demo.js';
import { createFakeClock, type FakeClock } from '../support/fake-clock.js';
import { createFlakyPort } from '../support/flaky-port.js';
import { runUntilQuiet } from '../support/outbox-fixture.js';
import { startSmtp, type SmtpDouble } from '../support/smtp.js';

const MONDAY_0930 = new Date('2026-11-23T09:30:00Z');
const PUBLIC_URL = 'https://cdp-bot.council.example';
let db: TestDatabase;
let pid: string;
let core: CoreApi;
let smtp: SmtpDouble;
let clock: FakeClock;

const tokenOf = (text: string) => /https:\/\/cdp-bot\.council\.example\/e\/([A-Za-z0-9_.-]+)/.exec(text)?.[1];

function emailPort() {
  return createEmailAdapter({
    config: { smtpUrl: smtp.url, from: 'CDP bot <cdp-bot@council.example>', publicUrl: PUBLIC_URL },
    dataDir: '/nonexistent',
    core,
    logger: silentLogger(),
    clock: clock.now,
    fallbackUrl: () => 'http://unused',
  }).port;
}

beforeAll(async () => {
  db = await createTestDatabase();
  pid = (await loadDemo(db, new Date('2026-11-22T12:00:00Z'))).partnershipId;
  core = createCore({ db, logger: silentLogger() });
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp?.stop();
  await db?.drop();
});
beforeEach(async () => {
  await db.prisma.sentMessage.deleteMany();
  await db.prisma.notification.deleteMany();
  await db.prisma.conversation.deleteMany({ where: { platform: 'email' } });
  smtp.reset();
  clock = createFakeClock(MONDAY_0930);
});

describe('a reminder run by email', () => {
  it('emails each person no chat reaches once, with text and HTML parts and a signed link to their items', async () => {
    const run = await runReminders(db, { now: clock.now() });
    expect(run.people.length).toBeGreaterThan(5);
    const d = createDispatcher({ db, ports: [emailPort()], logger: silentLogger(), clock: clock.now, settings: { sleep: clock.sleep } });
    await runUntilQuiet(db, d, clock);

    expect(smtp.received).toHaveLength(run.people.length);
    expect(new Set(smtp.received.flatMap((r) => r.to))).toEqual(new Set(run.people.map((p) => p.email)));
    expect(smtp.logins.length).toBeGreaterThan(0); // SMTP AUTH with the credentials in SMTP_URL

    const alex = run.people.find((p) => p.email === 'alexw@example.com')!;
    const mail = smtp.received.find((r) => r.to.includes('alexw@example.com'))!.mail;
    expect(mail.from?.text).toContain('cdp-bot@council.example');
    expect(mail.subject).toMatch(/^CDP .*: \d+ actions? needs? an update/);
    expect(mail.text).toContain('Hello Alex Wilber');
    for (const ref of alex.actionRefs) {
      expect(mail.text).toContain(ref);
      expect(mail.html).toContain(ref);
    }
    expect(mail.text).not.toMatch(/thread/); // chat-only hints are left out
    // The HTML looks like the cards: status colours, buttons as links to the signed page.
    const html = String(mail.html);
    expect(html).toMatch(/<table role="presentation"/);
    expect(html).toMatch(/background:#(00703c|ffbf47|b10e1e|505a5f)/);
    const token = tokenOf(mail.text ?? '')!;
    expect(token).toBeTruthy();
    expect(html).toContain(`${PUBLIC_URL}/e/${token}?ref=${alex.actionRefs[0]}&amp;status=on_track#item-${alex.actionRefs[0]}`);

    // The link opens a page with exactly Alex's items, with buttons.
    const opened = await core.links.open(token, clock.now());
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.value.person.name).toBe('Alex Wilber');
    const items = opened.value.page.blocks.filter((b) => b.type === 'item');
    expect(items.map((b) => (b.type === 'item' ? b.ref : '')).sort()).toEqual([...alex.actionRefs, ...alex.contractRefs].sort());
    expect(items.every((b) => b.type === 'item' && (b.buttons?.length ?? 0) > 0)).toBe(true);

    // Running the job again the same day sends nothing more.
    await runReminders(db, { now: clock.now() });
    await runUntilQuiet(db, d, clock);
    expect(smtp.received).toHaveLength(run.people.length);
  });

  it('a 4xx reply is retried with backoff and then delivered', async () => {
    smtp.refuse('alexw@example.com', 451, 2);
    await runReminders(db, { now: clock.now() });
    // Unpaced, so the first round tries every row (Alex's included) at once.
    const d = createDispatcher({ db, ports: [emailPort()], logger: silentLogger(), clock: clock.now, settings: { sleep: clock.sleep, pacing: { perChannel: {}, perWorkspace: {} } } });
    await d.runOnce();
    const row = await db.prisma.notification.findFirstOrThrow({ where: { person: { email: 'alexw@example.com' } } });
    expect(row.state).toBe('pending');
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain('451');
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(clock.now().getTime());
    await runUntilQuiet(db, d, clock);
    const after = await db.prisma.notification.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.state).toBe('sent');
    expect(after.attempts).toBe(3);
    expect(smtp.received.filter((r) => r.to.includes('alexw@example.com'))).toHaveLength(1);
  });

  it('a 5xx reply marks the address unreachable, fails the row and shows it to the admins', async () => {
    // Whoever this morning's run emails first (who gets a reminder depends on lead officers and the ladder).
    const run = await runReminders(db, { now: clock.now() });
    const victim = await db.prisma.person.findFirstOrThrow({ where: { partnershipId: pid, email: run.people.find((p) => p.email !== 'alexw@example.com')!.email } });
    smtp.refuse(victim.email, 550);
    const d = createDispatcher({ db, ports: [emailPort()], logger: silentLogger(), clock: clock.now, settings: { sleep: clock.sleep } });
    await runUntilQuiet(db, d, clock);
    const row = await db.prisma.notification.findFirstOrThrow({ where: { personId: victim.id, dedupeKey: { in: run.enqueuedKeys } } });
    expect(row.state).toBe('failed');
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain(`unreachable: the mail server refused email to ${victim.email} (550`);
    const conv = await db.prisma.conversation.findFirstOrThrow({ where: { platform: 'email', externalId: victim.email } });
    expect(conv.unreachableSince).not.toBeNull();

    const digest = buildDigest(await loadDigestSnapshot(db, { partnershipId: pid, subgroupId: null, now: clock.now() }));
    const text = JSON.stringify(digest.blocks);
    expect(text).toContain('People the bot cannot reach');
    expect(text).toContain(victim.name);

    // The next run does not try that address again: nothing can reach her now.
    const port = emailPort();
    const target = { personId: conv.personId!, partnershipId: pid, name: victim.name, email: victim.email, identities: [], conversations: [], unreachable: [{ platform: 'email' as const, externalId: victim.email }] };
    expect(port.canReach(target)).toBe(false);
  });

  it('chat first, email for the rest; `preferredChannel: email` wins over a chat account', async () => {
    const run = await runReminders(db, { now: clock.now() });
    const [alex, adele] = await Promise.all(
      run.people.slice(0, 2).map((p) => db.prisma.person.findFirstOrThrow({ where: { partnershipId: pid, email: p.email } })),
    );
    await db.prisma.chatIdentity.createMany({
      data: [alex!, adele!].map((p) => ({ partnershipId: pid, personId: p.id, platform: 'slack' as const, externalId: `U-${p.id.slice(0, 6)}` })),
    });
    await db.prisma.person.update({ where: { id: adele!.id }, data: { preferredChannel: 'email' } });
    try {
      const slack = createFlakyPort({ now: clock.now });
      const slackPort = { ...slack, canReach: (p: PersonTarget) => p.identities.some((i) => i.platform === 'slack') };
      const d = createDispatcher({ db, ports: [slackPort, emailPort()], logger: silentLogger(), clock: clock.now, settings: { sleep: clock.sleep } });
      await runUntilQuiet(db, d, clock);
      expect(slack.deliveries.map((x) => x.to)).toEqual([`person:${alex!.id}`]);
      const emailed = smtp.received.flatMap((r) => r.to);
      expect(emailed).toContain(adele!.email);
      expect(emailed).not.toContain(alex!.email);
      expect(emailed).toHaveLength(run.people.length - 1);
    } finally {
      await db.prisma.chatIdentity.deleteMany({ where: { partnershipId: pid, platform: 'slack' } });
      await db.prisma.person.update({ where: { id: adele!.id }, data: { preferredChannel: null } });
    }
  });
});
