// Teams has no threads (SPEC §10): a lead answers a reminder by typing in the personal chat.
// Over HTTP through the adapter and the connector double: the daily reminder is sent by the
// real job and dispatcher; "on track - all hubs now running checks" then updates the one action
// it was about; when the latest reminder named several, the bot asks which, with a button per
// ref that applies the same reply. The reminder itself is worded for Teams.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReminders } from '../../src/jobs/index.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import { enqueue } from '../../src/outbox/enqueue.js';
import { buildNudgeMessage } from '../../src/nudges/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { cardOf, cardText, executeActions } from './harness.js';
import { startE2E, type E2E } from './e2e-setup.js';

describe('Teams: a reply without a ref answers the latest reminder', () => {
  let e: E2E;
  const drain = (at = e.now) =>
    createDispatcher({ db: e.db, ports: [e.h.teams.port], logger: silentLogger(), clock: () => at, settings: { sleep: async () => {}, random: () => 0.5 } }).drain({ maxRounds: 3 });

  beforeAll(async () => {
    e = await startE2E();
    await e.say('alex', 'whoami'); // Alex has opened the bot once: his chat is stored
    e.h.connector.reset();
  });
  afterAll(() => e.close());

  it('sends the reminder about TRS-07 alone, worded for Teams', async () => {
    // 17 Nov 2026 is 14 days before TRS-07 is due: Alex's message that day is about it alone.
    const r = await runReminders(e.db, { now: new Date('2026-11-17T09:30:00Z') });
    const alex = r.people.find((p) => p.personId === e.fx.people.alex)!;
    expect(alex.actionRefs).toEqual(['TRS-07']);
    expect((await drain()).sent).toBeGreaterThan(0);
    const call = e.h.connector.sent.find((c) => c.path === '/v3/conversations/a:personal-alex/activities')!;
    const text = cardText(cardOf(call));
    expect(text).toContain('Reply to me with e.g. "on track - pathway launched", or use the buttons.');
    expect(text).not.toMatch(/in Slack|thread|`/);
  });

  it('"on track - all hubs now running checks" updates TRS-07, with the note', async () => {
    const r = await e.say('alex', 'on track - all hubs now running checks');
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/Alex Wilber set TRS-07 to On track \(was At risk\) and added a note/);
    expect(r.text).not.toMatch(/not a command I know|What you can ask me/);
    const row = await e.db.prisma.statusUpdate.findFirstOrThrow({ where: { actionId: e.fx.actions['TRS-07']! }, orderBy: { createdAt: 'desc' } });
    expect(row).toMatchObject({ via: 'teams', oldStatus: 'at_risk', newStatus: 'on_track', note: 'all hubs now running checks' });
  });

  it('a misspelt status in a reply gets "did you mean" and changes nothing', async () => {
    const before = await e.db.prisma.statusUpdate.count();
    const r = await e.say('alex', 'ambr - waiting on the hub in Poplar');
    expect(r.text).toMatch(/Did you mean "amber" \(At risk\)\? Nothing was saved\./);
    expect(await e.db.prisma.statusUpdate.count()).toBe(before);
  });

  it('when the latest reminder named several actions, asks which, with a button per ref', async () => {
    const built = buildNudgeMessage('2026-11-23', [
      { key: 'k1', kind: 'overdue', partnershipId: e.fx.partnership.id, localDate: '2026-11-23', personIds: [e.fx.people.alex], reason: 'overdue by 13 days', subject: { type: 'action', id: e.fx.actions['TRS-01']!, ref: 'TRS-01', title: 'Naloxone training for hostel staff', status: 'on_track', dueDate: '2026-11-10', leadAgency: 'LBTH', subgroup: null } },
      { key: 'k2', kind: 'due_soon', partnershipId: e.fx.partnership.id, localDate: '2026-11-23', personIds: [e.fx.people.alex], reason: 'due in 8 days', subject: { type: 'action', id: e.fx.actions['TRS-07']!, ref: 'TRS-07', title: 'Launch the prison release pathway', status: 'on_track', dueDate: '2026-12-01', leadAgency: 'LBTH', subgroup: null } },
    ]);
    await enqueue(e.db.prisma, [{ partnershipId: e.fx.partnership.id, kind: 'nudges', dedupeKey: 'batch:alex:2026-11-23', recipient: { kind: 'person', personId: e.fx.people.alex }, message: built.message, about: { actionRefs: ['TRS-01', 'TRS-07'], contractRefs: [] } }], e.now);
    await drain(new Date(e.now.getTime() + 60_000)); // a minute after the first: the latest
    const r = await e.say('alex', 'done - trained all three hostels');
    expect(r.text).toMatch(/Your latest reminder is about 2 actions \(TRS-01, TRS-07\)\. Which one is Complete — “trained all three hostels” for\? Nothing was changed yet\./);
    const buttons = executeActions(r.card);
    expect(buttons.map((b) => b.title)).toEqual(['TRS-01', 'TRS-07']);
    expect((await e.db.prisma.action.findUniqueOrThrow({ where: { id: e.fx.actions['TRS-01']! } })).status).toBe('on_track');
    const press = e.activity('invoke-action-execute', 'alex', (a) => {
      a.id = 'f:which-1';
      a.value.action = { type: 'Action.Execute', title: buttons[0]!.title, verb: buttons[0]!.verb, data: buttons[0]!.data };
    });
    const res = await e.h.post(press);
    expect(res.status).toBe(200);
    expect(cardText(res.body.value)).toMatch(/Alex Wilber set TRS-01 to Complete \(was On track\) and added a note/);
    const row = await e.db.prisma.statusUpdate.findFirstOrThrow({ where: { actionId: e.fx.actions['TRS-01']! }, orderBy: { createdAt: 'desc' } });
    expect(row).toMatchObject({ via: 'teams', newStatus: 'complete', note: 'trained all three hostels' });
  });

  it('a mistyped command gets a one-line hint, not the whole help', async () => {
    const r = await e.say('alex', 'udpate TRS-07 green');
    expect(r.text).toMatch(/"udpate" is not a command I know\. Did you mean "update"\?/);
    expect(r.text).not.toMatch(/What you can ask me/);
    expect(r.text).not.toContain('`');
  });
});
