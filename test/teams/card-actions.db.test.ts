// Card buttons in Teams: Action.Execute (adaptiveCard/action invoke) replaces the card with the
// updated state, channel cards are updated for everyone, Teams' retries change nothing twice,
// Action.Submit values from older clients work, and refusals leave the card alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardOf, cardText, executeActions } from './harness.js';
import { startE2E, type E2E } from './e2e-setup.js';

const CHANNEL = '19:c2b1e4a0d7f84a5c9c4b8b2f8a1d3e77@thread.tacv2';

describe('Teams card actions', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
  });
  afterAll(() => e.close());

  const historyOf = (ref: string) => e.db.prisma.statusUpdate.findMany({ where: { actionId: e.fx.actions[ref]! }, orderBy: { createdAt: 'asc' } });

  it('presses a button from the "mine" card: the card is replaced with the new state and who did it', async () => {
    const mine = await e.say('alex', 'mine');
    const onTrack = executeActions(mine.card).find((a) => a.data.ref === 'TRS-07' && a.data.status === 'on_track')!;
    expect(onTrack.verb).toBe('cdp.set_status');
    const invoke = e.activity('invoke-action-execute', 'alex', (a) => {
      a.id = 'f:press-1';
      a.value.action = { type: 'Action.Execute', title: onTrack.title, verb: onTrack.verb, data: onTrack.data };
    });
    const res = await e.h.post(invoke);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const text = cardText(res.body.value);
    expect(text).toMatch(/TRS-07[\s\S]*On track/);
    // Who did it is said once, by the core's line (no second "Updated by" line from the adapter).
    expect(text).not.toMatch(/Updated by/);
    // The "mine" card listed three actions: the new card still lists all three, under who did what.
    expect(onTrack.data).toMatchObject({ list: ['TRS-01', 'TRS-07', 'TRS-02'], view: 'mine' });
    expect(text).toMatch(/\nYour open actions\nAlex Wilber set TRS-07 to On track \(was At risk\) · 10:00/);
    expect(text).toMatch(/TRS-01[\s\S]*TRS-07[\s\S]*TRS-02/);
    const again = executeActions(res.body.value);
    for (const ref of ['TRS-01', 'TRS-07', 'TRS-02']) {
      expect(again.filter((a) => a.data.ref === ref && a.verb === 'cdp.set_status').map((a) => a.data.list)).toEqual(Array(3).fill(['TRS-01', 'TRS-07', 'TRS-02']));
    }
    const action = await e.db.prisma.action.findUniqueOrThrow({ where: { id: e.fx.actions['TRS-07']! } });
    expect(action.status).toBe('on_track');
    expect((await historyOf('TRS-07')).at(-1)).toMatchObject({ via: 'teams', oldStatus: 'at_risk', newStatus: 'on_track' });
    // In a personal chat the invoke response is the update: no extra connector call.
    expect(e.h.connector.updates).toHaveLength(0);
  });

  it('keeps a `show` card\'s shape after a press: header, facts and buttons, the new status and who changed what', async () => {
    const shown = await e.say('alex', 'show TRS-02');
    const button = executeActions(shown.card).find((a) => a.verb === 'cdp.set_status' && a.data.status === 'at_risk')!;
    expect(button.data).toMatchObject({ ref: 'TRS-02', list: ['TRS-02'], view: 'show' });
    const res = await e.h.post(e.activity('invoke-action-execute', 'alex', (a) => {
      a.id = 'f:show-press-1';
      a.value.action = { type: 'Action.Execute', title: button.title, verb: button.verb, data: button.data };
    }));
    const card = res.body.value;
    const before = shown.card.body as any[];
    const after = card.body as any[];
    // The line saying who changed what heads the same card: the action, its facts, its buttons.
    // The card keeps its heading (ref and title); the line saying who changed what comes under it.
    expect(after[0]).toEqual(before[0]);
    expect(JSON.stringify(after[0])).toContain('TRS-02');
    expect(after[1].text).toMatch(/^Alex Wilber set TRS-02 to At risk \\?\(was [A-Za-z ]+\\?\) · \d\d:\d\d$/);
    expect(after.filter((b) => b.type === 'FactSet').map((b) => b.facts.map((f: any) => f.title))).toEqual(before.filter((b) => b.type === 'FactSet').map((b) => b.facts.map((f: any) => f.title)));
    expect(cardText(card)).toContain('🟠 At risk');
    expect(executeActions(card).map((a) => a.title)).toEqual(executeActions(shown.card).map((a) => a.title));
  });

  it('keeps a one-action reminder\'s heading and reply hint after a press', async () => {
    const res = await e.h.post(e.activity('invoke-action-execute', 'alex', (a) => {
      a.id = 'f:reminder-press-1';
      a.value.action.data = { kind: 'set_status', ref: 'TRS-02', status: 'on_track', list: ['TRS-02'], view: 'nudge', day: '2026-11-23' };
    }));
    const text = cardText(res.body.value);
    expect(text).toMatch(/\nYour CDP actions — Monday 23 November\nAlex Wilber set TRS-02 to On track/);
    // Worded for Teams: a plain reply, no ref needed for a one-action reminder, no Slack thread.
    expect(text).toMatch(/Reply to me with e\.g\. "on track - pathway launched"/);
    expect(text).not.toMatch(/thread|in Slack/);
  });

  it('answers Teams retrying the same invoke with the same card, recording the change once', async () => {
    const invoke = (id: string) =>
      e.activity('invoke-action-execute', 'alex', (a) => {
        a.id = id;
        a.value.action.data = { kind: 'set_status', ref: 'TRS-01', status: 'at_risk' };
      });
    const first = await e.h.post(invoke('f:retry-1'));
    const again = await Promise.all([e.h.post(invoke('f:retry-1')), e.h.post(invoke('f:retry-1'))]);
    expect(again.map((r) => r.body)).toEqual([first.body, first.body]);
    expect((await historyOf('TRS-01')).filter((u) => u.newStatus === 'at_risk')).toHaveLength(1);
  });

  it('saves a note typed into the card ("Add note…" → Input.Text → Action.Execute)', async () => {
    const mine = await e.say('alex', 'mine');
    const save = executeActions(mine.card).find((a) => a.verb === 'cdp.add_note' && a.data.ref === 'TRS-02' && !a.data.status)!;
    const res = await e.h.post(e.activity('invoke-action-execute', 'alex', (a) => {
      a.id = 'f:note-1';
      a.value.action = { type: 'Action.Execute', verb: save.verb, data: { ...save.data, [save.data.noteInput]: 'Peer mentors recruited' } };
    }));
    expect(res.body.statusCode).toBe(200);
    expect((await historyOf('TRS-02')).at(-1)).toMatchObject({ note: 'Peer mentors recruited', via: 'teams' });
  });

  it('tells only the presser when they may not change an action, leaving the card as it was', async () => {
    const res = await e.h.post(e.activity('invoke-action-execute', 'megan', (a) => {
      a.id = 'f:refused-1';
      a.value.action.data = { kind: 'set_status', ref: 'BSC-02', status: 'off_track' };
    }));
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(String(res.body.value)).toMatch(/BSC-02/);
    const bsc = await e.db.prisma.action.findUniqueOrThrow({ where: { id: e.fx.actions['BSC-02']! } });
    expect(bsc.status).toBe('on_track');
  });

  it('a refused press from a list card (no permission; personal data in a note) does not replace the list card', async () => {
    const list = { list: ['BSC-02', 'TRS-07', 'TRS-01'], view: 'nudge', day: '2026-11-23' };
    const updates = e.h.connector.updates.length;
    const sent = e.h.connector.sent.length;
    const refused = await e.h.post(e.activity('invoke-action-execute', 'megan', (a) => {
      a.id = 'f:list-refused-1';
      a.value.action = { type: 'Action.Execute', verb: 'cdp.set_status', data: { kind: 'set_status', ref: 'BSC-02', status: 'off_track', ...list } };
    }));
    expect(refused.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(String(refused.body.value)).toContain("You can't update BSC-02");
    const before = (await historyOf('TRS-07')).length;
    const personal = await e.h.post(e.activity('invoke-action-execute', 'alex', (a) => {
      a.id = 'f:list-refused-2';
      a.value.action = { type: 'Action.Execute', verb: 'cdp.add_note', data: { kind: 'add_note', ref: 'TRS-07', ...list, noteInput: 'note_2', note_2: 'Client John Smith NHS 943 476 5919 missed his appointment' } };
    }));
    expect(personal.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect((await historyOf('TRS-07')).length).toBe(before);
    expect(e.h.connector.updates.length).toBe(updates);
    expect(e.h.connector.sent.length).toBe(sent);
  });

  it('a press on one item of a 3-item nudge card answers with all 3, the pressed one updated', async () => {
    const list = { list: ['TRS-01', 'TRS-07', 'TRS-02'], view: 'nudge', day: '2026-11-23' };
    const res = await e.h.post(e.activity('invoke-action-execute', 'alex', (a) => {
      a.id = 'f:list-nudge-1';
      // "Off track…" opens the note input: the reason comes with the press (SPEC §10).
      a.value.action = { type: 'Action.Execute', verb: 'cdp.add_note', data: { kind: 'add_note', ref: 'TRS-02', status: 'off_track', ...list, noteInput: 'note', note: 'no venue; library as fallback' } };
    }));
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const text = cardText(res.body.value);
    expect(text).toMatch(/\nYour CDP actions — Monday 23 November\nAlex Wilber set TRS-02 to Off track/);
    expect(text).toMatch(/TRS-01[\s\S]*TRS-07[\s\S]*TRS-02[\s\S]*Off track/);
    expect(executeActions(res.body.value).filter((a) => a.verb === 'cdp.set_status' && a.data.view === 'nudge')).toHaveLength(9);
  });

  it('"Show" on a nudge card answers in a new message and leaves the card', async () => {
    const sent = e.h.connector.sent.length;
    const res = await e.h.post(e.activity('invoke-action-execute', 'alex', (a) => {
      a.id = 'f:show-1';
      a.value.action = { type: 'Action.Execute', verb: 'cdp.show', data: { kind: 'show', ref: 'C-01' } };
    }));
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(e.h.connector.sent.length).toBe(sent + 1);
    expect(cardText(cardOf(e.h.connector.sent.at(-1)))).toContain('Adult drug and alcohol treatment');
  });

  it('an old "Off track" button without a reason records nothing and asks why', async () => {
    const before = (await historyOf('TRS-07')).length;
    const res = await e.h.post(e.activity('invoke-action-execute', 'alex', (a) => {
      a.id = 'f:old-red-1';
      a.value.action = { type: 'Action.Execute', verb: 'cdp.set_status', data: { kind: 'set_status', ref: 'TRS-07', status: 'off_track' } };
    }));
    expect(JSON.stringify(res.body)).toMatch(/Off track needs a reason/);
    expect((await historyOf('TRS-07')).length).toBe(before);
  });

  it('rejects a forged or stale payload with a clear error and no change', async () => {
    const res = await e.h.post(e.activity('invoke-action-execute', 'alex', (a) => {
      a.id = 'f:forged-1';
      a.value.action = { type: 'Action.Execute', verb: 'cdp.set_status', data: { kind: 'set_status', ref: 'TRS-07', status: 'exploded' } };
    }));
    expect(res.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
    expect(res.body.value.message).toMatch(/unknown status/);
  });

  it('updates a channel card for everyone (updateActivity) as well as answering the presser', async () => {
    const res = await e.h.post(e.activity('invoke-action-execute', 'alex', (a) => {
      a.id = 'f:channel-1';
      a.replyToId = '1763891000777';
      a.conversation = { isGroup: true, conversationType: 'channel', tenantId: a.conversation.tenantId, id: `${CHANNEL};messageid=1763891000777` };
      a.channelData.channel = { id: CHANNEL };
      a.value.action.data = { kind: 'set_status', ref: 'TRS-07', status: 'complete' };
    }));
    expect(res.body.statusCode).toBe(200);
    const put = e.h.connector.updates.at(-1)!;
    expect(put.path).toBe(`/v3/conversations/${CHANNEL};messageid=1763891000777/activities/1763891000777`);
    expect(cardText(cardOf(put))).toMatch(/TRS-07[\s\S]*Complete/);
  });

  it('handles Action.Submit from older clients (a message carrying the button data)', async () => {
    await e.db.prisma.action.update({ where: { id: e.fx.actions['TRS-07']! }, data: { status: 'on_track' } });
    const before = e.h.connector.updates.length;
    const res = await e.h.post(e.activity('message-submit-value', 'alex'));
    expect(res.status).toBe(200);
    const action = await e.db.prisma.action.findUniqueOrThrow({ where: { id: e.fx.actions['TRS-07']! } });
    expect(action.status).toBe('at_risk');
    const put = e.h.connector.updates.at(-1)!;
    expect(e.h.connector.updates.length).toBe(before + 1);
    expect(put.activityId).toBe('1763890870555');
    expect(cardText(cardOf(put))).toMatch(/At risk/);
  });
});
