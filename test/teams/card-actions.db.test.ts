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
    expect(text).toMatch(/Updated by Alex Wilber/);
    const action = await e.db.prisma.action.findUniqueOrThrow({ where: { id: e.fx.actions['TRS-07']! } });
    expect(action.status).toBe('on_track');
    expect((await historyOf('TRS-07')).at(-1)).toMatchObject({ via: 'teams', oldStatus: 'at_risk', newStatus: 'on_track' });
    // In a personal chat the invoke response is the update: no extra connector call.
    expect(e.h.connector.updates).toHaveLength(0);
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
    const save = executeActions(mine.card).find((a) => a.verb === 'cdp.add_note' && a.data.ref === 'TRS-02')!;
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
