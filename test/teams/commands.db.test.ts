// Teams end to end over HTTP: recorded-shape activities → the adapter → the real core and
// database → Adaptive Card replies on the connector double.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardOf, cardText } from './harness.js';
import { startE2E, TENANT, USERS, type E2E } from './e2e-setup.js';

describe('Teams commands end to end', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
  });
  afterAll(() => e.close());

  it('answers "mine" in a personal chat with a card, links the person by the member email and remembers the chat', async () => {
    const r = await e.say('alex', 'mine');
    expect(r.status).toBe(200);
    expect(r.text).toContain('Your open actions');
    expect(r.text).toContain('TRS-07');
    // A reply in the chat: POST …/activities/{replyToId}, with the summary as the text fallback.
    expect(r.call.path).toMatch(/^\/v3\/conversations\/a:personal-alex\/activities\/\d+$/);
    expect(r.call.body.summary).toMatch(/open actions/);
    expect(r.card.fallbackText).toMatch(/open actions/);
    expect(e.h.connector.calls.some((c) => c.path === `/v3/conversations/a:personal-alex/members/${USERS.alex.id}`)).toBe(true);
    const identity = await e.db.prisma.chatIdentity.findFirst({ where: { platform: 'teams', externalId: USERS.alex.aadObjectId } });
    expect(identity?.personId).toBe(e.fx.people.alex);
    const conv = await e.db.prisma.conversation.findFirst({ where: { platform: 'teams', externalId: 'a:personal-alex' } });
    expect(conv).toMatchObject({ kind: 'person', personId: e.fx.people.alex });
    expect((conv!.reference as any).serviceUrl).toBe(e.h.connector.serviceUrl);
    expect((conv!.reference as any).activityId).toBeUndefined();
  });

  it('runs every command of the language (leading "cdp" optional)', async () => {
    const cases: [keyof typeof USERS, string, RegExp][] = [
      ['alex', 'help', /What you can ask me[\s\S]*mine/],
      ['alex', 'cdp show TRS-07', /Launch the prison release pathway[\s\S]*Objective/],
      ['alex', 'due 30d', /Due in the next 30 days[\s\S]*TRS-07/],
      ['alex', 'overdue', /TRS-01[\s\S]*Overdue by 12 days/],
      ['megan', 'digest treatment', /Treatment & Recovery — digest as of/],
      ['adele', 'contracts 12m', /C-02[\s\S]*Options appraisal/],
      ['adele', 'contract C-01 options', /Adele Vance set C-01 stage to Options appraisal/],
      ['alex', 'redate TRS-02 2027-01-31 waiting for the new contract', /TRS-02/],
      ['alex', 'snooze TRS-02 7d', /TRS-02/],
      ['alex', 'find naloxone', /TRS-01/],
      ['olu', 'whoami', /Olu Ade[\s\S]*Probation Service/],
      ['alex', 'frobnicate', /help/i],
    ];
    for (const [who, text, expected] of cases) {
      const r = await e.say(who, text);
      expect(r.status, text).toBe(200);
      expect(r.text, text).toMatch(expected);
    }
    const c1 = await e.db.prisma.contract.findUniqueOrThrow({ where: { id: e.fx.contracts['C-01']! } });
    expect(c1.stage).toBe('options_appraisal');
    const trs02 = await e.db.prisma.action.findUniqueOrThrow({ where: { id: e.fx.actions['TRS-02']! } });
    expect(trs02.dueDate?.toISOString().slice(0, 10)).toBe('2027-01-31');
  });

  it('answers a chair\'s "report" with the board summary card and how to get the file (no Slack words)', async () => {
    const r = await e.say('megan', 'report');
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/board summary/);
    expect(r.text).toMatch(/By pillar/);
    expect(r.text).toContain('cdp report board --format xlsx');
    expect(r.text).not.toMatch(/\/cdp|Slack|`/);
    const refused = await e.say('alex', 'report');
    expect(refused.text).toContain('The board summary is for subgroup chairs, admins and the SRO.');
  });

  it('records "update" with the note, via Teams, and shows user text literally afterwards', async () => {
    const note = 'launched [click](https://evil.example) **now** <at>everyone</at>';
    const r = await e.say('alex', `update TRS-07 green ${note}`);
    expect(r.text).toMatch(/Alex Wilber set TRS-07 to On track/);
    const row = await e.db.prisma.statusUpdate.findFirstOrThrow({ where: { actionId: e.fx.actions['TRS-07']! }, orderBy: { createdAt: 'desc' } });
    expect(row).toMatchObject({ via: 'teams', newStatus: 'on_track' });
    const show = await e.say('alex', 'show TRS-07');
    const json = JSON.stringify(show.card);
    expect(json).toContain('\\\\[click\\\\]\\\\(https://evil.example\\\\)'); // escaped in the card JSON
    expect(json).not.toMatch(/[^\\]\[click\]\(https/);
    expect(show.text).toContain('[click](https://evil.example) **now**'); // a reader sees what was typed
  });

  it('answers an @mention in a channel in its thread, and ignores channel chatter without one', async () => {
    const before = e.h.connector.sent.length;
    const res = await e.h.post(e.activity('message-channel-mention', 'megan'));
    expect(res.status).toBe(200);
    const reply = e.h.connector.sent.at(-1)!;
    expect(e.h.connector.sent.length).toBe(before + 1);
    expect(reply.conversationId).toBe('19:c2b1e4a0d7f84a5c9c4b8b2f8a1d3e77@thread.tacv2;messageid=1763890999001');
    expect(cardText(cardOf(reply))).toMatch(/Treatment & Recovery — digest as of/);
    const channel = await e.db.prisma.conversation.findFirst({ where: { platform: 'teams', kind: 'channel' } });
    expect(channel?.externalId).toBe('19:c2b1e4a0d7f84a5c9c4b8b2f8a1d3e77@thread.tacv2');

    const chatter = await e.h.post(e.activity('message-channel-mention', 'megan', (a) => {
      a.text = 'see you at the meeting';
      a.entities = [];
    }));
    expect(chatter.status).toBe(200);
    expect(e.h.connector.sent.length).toBe(before + 1);
  });

  it('binds a channel to a subgroup with "bind" (admins only), storing its reference', async () => {
    const mention = (who: 'megan' | 'adele', text: string) =>
      e.activity('message-channel-mention', who, (a) => (a.text = `<at>cdp-bot</at> ${text}`));
    await e.h.post(mention('megan', 'bind treatment'));
    expect(cardText(cardOf(e.h.connector.sent.at(-1)))).toMatch(/admin/i);
    await e.h.post(mention('adele', 'bind treatment'));
    const sg = await e.db.prisma.subgroup.findUniqueOrThrow({ where: { id: e.fx.subgroups.treatment } });
    expect(sg).toMatchObject({ channelPlatform: 'teams', channelId: '19:c2b1e4a0d7f84a5c9c4b8b2f8a1d3e77@thread.tacv2' });
  });

  it('refuses a tenant bound to no partnership, naming the command, and remembers nothing', async () => {
    const other = '11111111-2222-3333-4444-555555555555';
    const before = await e.db.prisma.conversation.count();
    const res = await e.h.post(e.activity('message-personal', 'alex', (a) => {
      a.conversation.tenantId = other;
      a.channelData.tenant.id = other;
      a.conversation.id = 'a:personal-stranger';
    }));
    expect(res.status).toBe(200);
    const text = cardText(cardOf(e.h.connector.sent.at(-1)));
    expect(text).toContain(`cdp partnerships bind <partnership> teams ${other}`);
    expect(await e.db.prisma.conversation.count()).toBe(before);
    expect(TENANT).not.toBe(other);
  });

  it('remembers the conversation on installationUpdate and on conversationUpdate (bot added to a team)', async () => {
    await e.h.post(e.activity('installation-update', 'megan'));
    const personal = await e.db.prisma.conversation.findFirst({ where: { externalId: 'a:personal-megan' } });
    expect(personal).toMatchObject({ kind: 'person', personId: e.fx.people.megan });
    const before = e.h.connector.sent.length;
    await e.h.post(e.activity('conversation-update-members-added', 'megan'));
    expect(e.h.connector.sent.length).toBe(before); // no welcome spam in a team channel
    expect(await e.db.prisma.conversation.count({ where: { kind: 'channel' } })).toBe(1);
  });
});
