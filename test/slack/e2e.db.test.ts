// Slack end to end: signed requests over real HTTP → the adapter's router on an Express app →
// the real core on a real database (the Tower Hamlets demo) → replies through response_url and
// the Web API double. Nudges go out through the outbox and the Slack ChatPort.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/create-core.js';
import { silentLogger } from '../../src/log/logger.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import { enqueue } from '../../src/outbox/enqueue.js';
import { buildNudgeMessage } from '../../src/nudges/message.js';
import type { PlannedNudge } from '../../src/nudges/types.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { loadDemo } from '../support/demo.js';
import { eventually, fixture, type Json } from './support/requests.js';
import { startSlackHarness, type SlackHarness } from './support/server.js';

const TEAM = 'T0CDPTEST';
const NOW = new Date('2026-11-23T10:00:00Z'); // a Monday
const TREATMENT = 'Treatment and Recovery subgroup';
let db: TestDatabase;
let h: SlackHarness;
let partnershipId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  ({ partnershipId } = await loadDemo(db, NOW));
  // As src/app/start.ts wires it: a change republishes the App Home of everyone it concerns.
  let onChange: ((e: { partnershipId: string; personIds: string[] }) => void) | undefined;
  const core = createCore({ db, logger: silentLogger(), onChange: (e) => onChange?.(e) });
  h = await startSlackHarness({
    core,
    clock: () => NOW,
    api: {
      teamId: TEAM,
      users: [
        { id: 'U0ALEX', name: 'alexw', realName: 'Alex Wilber', email: 'alexw@example.com' },
        { id: 'U0MEGAN', name: 'meganb', realName: 'Megan Bowen', email: 'meganb@example.com' },
        { id: 'U0ADELE', name: 'adelev', realName: 'Adele Vance', email: 'adelev@example.com' },
        { id: 'U0STRANGER', name: 'stranger', email: 'stranger@example.com' },
      ],
    },
  });
  onChange = (e) => void h.adapter.refreshHomes(e.partnershipId, e.personIds);
  // What the server does at start for a one-partnership install.
  expect(await core.tenancy.autoBind('slack', h.adapter.teamId)).toBe('bound');
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});
beforeEach(() => h.api.reset());

/** Sends `/cdp <text>` as a user and returns the reply posted to its response_url. */
async function cdp(text: string, user = 'U0ALEX', over: Json = {}): Promise<Json> {
  const responseUrl = h.api.newResponseUrl();
  const id = responseUrl.split('/').pop();
  const res = await h.slack.command(fixture('slash-command', { team_id: TEAM, user_id: user, channel_id: 'D0ALEX', channel_name: 'directmessage', text, response_url: responseUrl, ...over }));
  expect(res.status).toBe(200);
  expect(res.text).toBe('');
  const [reply] = await eventually(() => { const r = h.api.callsTo('response_url').filter((c) => c.args.id === id); return r.length > 0 && r; }, `reply to /cdp ${text}`);
  return reply!.args;
}
const allText = (reply: Json) => JSON.stringify(reply.blocks ?? []);
const action = (ref: string) => db.prisma.action.findFirstOrThrow({ where: { partnershipId, ref } });
const updatesOf = async (ref: string) => db.prisma.statusUpdate.findMany({ where: { actionId: (await action(ref)).id }, orderBy: { createdAt: 'asc' } });

describe('slash commands through the real core', () => {
  it('/cdp show TRS-07 gets the action back, ephemeral', async () => {
    const r = await cdp('show TRS-07');
    expect(r.response_type).toBe('ephemeral');
    expect(r.text).toContain('TRS-07');
    expect(allText(r)).toContain('Implement weekly structured treatment checks');
    expect(allText(r)).toContain('🟠 At risk');
  });

  it.each([
    ['help', 'What you can ask me'],
    ['mine', 'Your open actions'],
    ['due 4w', 'TRS-07'],
    ['overdue', 'TRS-08'],
    ['digest', 'digest as of'],
    ['contracts 12m', 'C-01'],
    ['find structured treatment', 'TRS-07'],
    ['whoami', 'Alex Wilber'],
    ['show trs07', 'TRS-07'],
  ])('/cdp %s', async (text, expected) => {
    const r = await cdp(text);
    expect(allText(r)).toContain(expected);
    expect(r.text).not.toMatch(/something went wrong/i);
  });

  it('update records the change via slack, escapes the note when shown, and refreshes the Home tab', async () => {
    const r = await cdp('update TRS-07 on track <!channel> see <http://evil.example|this> & <@U0MEGAN>');
    expect(r.text).not.toMatch(/something went wrong/i);
    const last = (await updatesOf('TRS-07')).at(-1)!;
    expect(last).toMatchObject({ via: 'slack', oldStatus: 'at_risk', newStatus: 'on_track', note: '<!channel> see <http://evil.example|this> & <@U0MEGAN>' });
    const shown = await cdp('show TRS-07');
    const text = allText(shown);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&lt;http://evil.example|this&gt; &amp; &lt;@U0MEGAN&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U0MEGAN>');
    await eventually(() => h.api.callsTo('views.publish').find((c) => c.args.user_id === 'U0ALEX'), 'Home refreshed');
  });

  it('redate and snooze', async () => {
    expect(allText(await cdp('redate TRS-07 31/01/2027 waiting for the new data system'))).toContain('TRS-07');
    expect((await action('TRS-07')).dueDate?.toISOString().slice(0, 10)).toBe('2027-01-31');
    const s = await cdp('snooze TRS-07 7d');
    expect(s.text).not.toMatch(/something went wrong/i);
    expect(allText(s)).toContain('TRS-07');
  });

  it('a commissioner records a contract stage', async () => {
    const r = await cdp('contract C-01 mobilising new provider starts in January', 'U0ADELE');
    expect(r.text).not.toMatch(/something went wrong/i);
    expect((await db.prisma.contract.findFirstOrThrow({ where: { partnershipId, ref: 'C-01' } })).stage).toBe('mobilising');
  });

  it('an unlinked Slack user gets told how to get linked', async () => {
    const r = await cdp('mine', 'U0STRANGER');
    expect(allText(r)).toMatch(/stranger@example\.com|link/i);
  });

  it('an unknown workspace is refused with the command that binds it', async () => {
    const r = await cdp('mine', 'U0ALEX', { team_id: 'T0STRANGER' });
    expect(r.text).toContain('T0STRANGER');
    expect(allText(r)).toContain('cdp partnerships bind');
  });

  it('bind in a channel (admin), then a chair posts the digest there through the outbox', async () => {
    const b = await cdp(`bind ${TREATMENT}`, 'U0ADELE', { channel_id: 'C0TREAT', channel_name: 'treatment-recovery' });
    expect(b.text).not.toMatch(/something went wrong/i);
    expect((await db.prisma.subgroup.findFirstOrThrow({ where: { partnershipId, name: TREATMENT } })).channelId).toBe('C0TREAT');
    const p = await cdp(`digest ${TREATMENT} post`, 'U0MEGAN', { channel_id: 'C0TREAT', channel_name: 'treatment-recovery' });
    expect(p.text).not.toMatch(/something went wrong/i);
    const d = createDispatcher({ db, ports: [h.adapter.port], logger: silentLogger(), clock: () => NOW });
    await d.drain();
    const post = await eventually(() => h.api.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0TREAT'), 'digest posted');
    expect(post.args.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(post.args.blocks)).toContain('digest');
  });
});

describe('buttons and the note modal through the real core', () => {
  const click = (value: Json, over: Json = {}) => {
    const responseUrl = h.api.newResponseUrl();
    const base = fixture('block-actions');
    return {
      id: responseUrl.split('/').pop(),
      payload: fixture('block-actions', {
        team: { id: TEAM }, user: { id: 'U0ALEX', team_id: TEAM }, channel: { id: 'D0ALEX', name: 'directmessage' }, response_url: responseUrl,
        actions: [{ ...base.actions[0], action_id: `cdp:${value.kind}:0`, value: JSON.stringify(value), action_ts: `1795000${Math.floor(Math.random() * 1e6)}.000100` }],
        ...over,
      }),
    };
  };

  it('"Off track…" asks why in a modal, then updates the action and replaces the message naming who did it; a retried submission records once', async () => {
    const before = (await updatesOf('TRS-06')).length;
    const statusBefore = (await action('TRS-06')).status;
    // An old "Off track" button without a reason records nothing and asks why, beside the message.
    const old = click({ kind: 'set_status', ref: 'TRS-06', status: 'off_track' });
    await h.slack.interaction(old.payload);
    const asked = await eventually(() => h.api.callsTo('response_url').find((c) => c.args.id === old.id), 'the question');
    expect(asked.args.replace_original).toBe(false);
    expect(JSON.stringify(asked.args)).toContain('Off track needs a reason');
    expect((await action('TRS-06')).status).toBe(statusBefore);
    // The button on today's messages opens the note input for the reason.
    const { id, payload } = click({ kind: 'add_note', ref: 'TRS-06', status: 'off_track' });
    await h.slack.interaction(payload);
    const open = await eventually(() => h.api.callsTo('views.open').at(-1), 'views.open');
    expect(open.args.view.title.text).toBe('Off track: TRS-06');
    expect(JSON.stringify(open.args.view.blocks)).toContain('Why is TRS-06 off track, and what is being done?');
    const submit = fixture('view-submission', {
      team: { id: TEAM }, user: { id: 'U0ALEX', team_id: TEAM },
      view: { id: 'Vred1', hash: 'h1', private_metadata: open.args.view.private_metadata, state: { values: { note: { note: { type: 'plain_text_input', value: 'provider pulled out; interim cover from outreach' } } } } },
    });
    expect((await h.slack.interaction(submit)).status).toBe(200);
    expect((await h.slack.interaction(submit)).status).toBe(200);
    const replaced = await eventually(() => h.api.callsTo('response_url').find((c) => c.args.id === id), 'replacement');
    expect(replaced.args.replace_original).toBe(true);
    expect(JSON.stringify(replaced.args)).toContain('Alex Wilber');
    expect((await action('TRS-06')).status).toBe('off_track');
    const rows = await updatesOf('TRS-06');
    expect(rows.length).toBe(before + 1);
  });

  it('a press on a `show` card keeps the card: same header, fields and buttons, the new status and who changed what', async () => {
    const shown = await cdp('show TRS-07');
    const buttons = (shown.blocks as Json[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements as Json[]);
    const atRisk = buttons.find((b) => b.text.text === 'At risk')!;
    expect(JSON.parse(atRisk.value)).toEqual({ kind: 'set_status', ref: 'TRS-07', status: 'at_risk', list: ['TRS-07'], view: 'show' });
    const { id, payload } = click(JSON.parse(atRisk.value));
    await h.slack.interaction(payload);
    const replaced = await eventually(() => h.api.callsTo('response_url').find((c) => c.args.id === id), 'the card after the press');
    const blocks = replaced.args.blocks as Json[];
    expect(replaced.args.replace_original).toBe(true);
    // The same card: its heading (ref and title), then the line saying who changed what, then
    // the action, its facts, its buttons.
    expect(blocks[0]).toEqual((shown.blocks as Json[])[0]);
    expect(JSON.stringify(blocks[0])).toContain('TRS-07');
    expect(blocks[1]!.text.text).toMatch(/^Alex Wilber set TRS-07 to At risk \(was [A-Za-z ]+\) · \d\d:\d\d$/);
    expect(JSON.stringify(blocks)).toContain('🟠 At risk');
    expect(blocks.filter((b) => b.type === 'section' && b.fields).length).toBe((shown.blocks as Json[]).filter((b) => b.type === 'section' && b.fields).length);
    expect(blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements as Json[]).map((b) => b.text.text)).toEqual(buttons.map((b) => b.text.text));
  });

  it('Add note… opens a modal; a note with an NHS number is refused inline; a good note is recorded', async () => {
    const { id, payload } = click({ kind: 'add_note', ref: 'TRS-06' });
    await h.slack.interaction(payload);
    const open = await eventually(() => h.api.callsTo('views.open')[0], 'views.open');
    expect(open.args.trigger_id).toBe(payload.trigger_id);
    const submit = (note: string) => fixture('view-submission', {
      team: { id: TEAM }, user: { id: 'U0ALEX', team_id: TEAM },
      view: { id: `V${Math.random()}`, private_metadata: open.args.view.private_metadata, state: { values: { note: { note: { type: 'plain_text_input', value: note } } } } },
    });
    const before = (await updatesOf('TRS-06')).length;
    const bad = await h.slack.interaction(submit('Client John Smith NHS 943 476 5919 missed his appointment'));
    expect(bad.json?.response_action).toBe('errors');
    expect(bad.json?.errors.note).toBeTruthy();
    expect((await updatesOf('TRS-06')).length).toBe(before);

    const good = await h.slack.interaction(submit('Caseload review booked for 2 December <!here>'));
    expect(good.status).toBe(200);
    expect(good.text).toBe('');
    const replaced = await eventually(() => h.api.callsTo('response_url').find((c) => c.args.id === id), 'replacement after note');
    expect(replaced.args.replace_original).toBe(true);
    expect(JSON.stringify(replaced.args.blocks)).not.toContain('<!here>');
    expect((await updatesOf('TRS-06')).at(-1)).toMatchObject({ via: 'slack', note: 'Caseload review booked for 2 December <!here>' });
  });
});

describe('nudge DM, thread reply and App Home', () => {
  it('a reminder DM goes out through the port; a reply in its thread updates the action and is confirmed there', async () => {
    const alex = await db.prisma.person.findFirstOrThrow({ where: { partnershipId, email: 'alexw@example.com' } });
    await enqueue(db.prisma, [{
      partnershipId, kind: 'nudges', dedupeKey: 'e2e-slack-nudge-1', recipient: { kind: 'person', personId: alex.id },
      message: { summary: 'TRS-08 is overdue', blocks: [{ type: 'item', ref: 'TRS-08', title: 'Review data recording', status: 'on_track' }] },
      about: { actionRefs: ['TRS-08'] },
    }], NOW);
    const d = createDispatcher({ db, ports: [h.adapter.port], logger: silentLogger(), clock: () => NOW });
    await d.drain();
    const dm = await eventually(() => h.api.callsTo('chat.postMessage').find((c) => c.args.text === 'TRS-08 is overdue'), 'nudge DM');
    expect(dm.args.channel).toBe('D0ALEX');
    const sent = await db.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: 'e2e-slack-nudge-1' } });
    expect(sent.state).toBe('sent');
    const ref = sent.messageRef as { channelId: string; messageId: string } | null;
    expect(ref?.channelId).toBe('D0ALEX');
    const ts = ref!.messageId;

    await h.slack.event(fixture('message-im-thread', {
      team_id: TEAM, event_id: 'Ev0E2E1',
      event: { user: 'U0ALEX', channel: 'D0ALEX', team: TEAM, text: 'complete — data recording reviewed', ts: '1795100000.000001', thread_ts: ts },
    }));
    const confirm = await eventually(() => h.api.callsTo('chat.postMessage').find((c) => c.args.thread_ts === ts), 'confirmation in thread');
    expect(confirm.args.channel).toBe('D0ALEX');
    expect((await action('TRS-08')).status).toBe('complete');
    expect((await updatesOf('TRS-08')).at(-1)).toMatchObject({ via: 'slack', newStatus: 'complete', note: 'data recording reviewed' });
  });

  it('a thread reply under a message that is not a reminder gets the hint', async () => {
    await h.slack.event(fixture('message-im-thread', {
      team_id: TEAM, event_id: 'Ev0E2E2',
      event: { user: 'U0ALEX', channel: 'D0ALEX', team: TEAM, text: 'on track', ts: '1795100000.000002', thread_ts: '1700000000.000009' },
    }));
    const hint = await eventually(() => h.api.callsTo('chat.postMessage').find((c) => c.args.thread_ts === '1700000000.000009'), 'hint');
    expect(hint.args.text).toMatch(/thread of one of my reminders/);
  });

  it('opening the App Home publishes the person’s open actions with buttons', async () => {
    await h.slack.event(fixture('app-home-opened', { team_id: TEAM, event_id: 'Ev0E2E3', event: { user: 'U0ALEX' } }));
    const pub = await eventually(() => h.api.callsTo('views.publish').find((c) => c.args.user_id === 'U0ALEX'), 'views.publish');
    expect(pub.args.view.type).toBe('home');
    expect(pub.args.view.blocks.length).toBeLessThanOrEqual(100);
    const text = JSON.stringify(pub.args.view.blocks);
    expect(text).toContain('TRS-07');
    expect(text).toContain('cdp:set_status');
  });
});

describe('App Home of other people', () => {
  it('an update by the chair republishes the Home tab of the lead who uses Slack, showing the new status', async () => {
    await cdp('whoami', 'U0ALEX'); // Alex is linked to Slack (users.info → email)
    h.api.reset();
    await cdp('update TRS-07 off track provider staffing gap', 'U0MEGAN');
    const pub = await eventually(() => h.api.callsTo('views.publish').find((c) => c.args.user_id === 'U0ALEX'), 'Alex’s Home republished');
    const text = JSON.stringify(pub.args.view.blocks);
    expect(text).toContain('TRS-07');
    expect(text).toMatch(/Off track/);
  });
});

describe('a press on one item of a several-item message keeps the other items', () => {
  const listClick = (value: Json, user = 'U0ALEX', ts?: string) => {
    const responseUrl = h.api.newResponseUrl();
    const base = fixture('block-actions');
    return {
      id: responseUrl.split('/').pop(),
      payload: fixture('block-actions', {
        team: { id: TEAM }, user: { id: user, team_id: TEAM }, channel: { id: 'D0ALEX', name: 'directmessage' }, response_url: responseUrl,
        ...(ts ? { message: { ...base.message, ts }, container: { ...base.container, message_ts: ts, channel_id: 'D0ALEX' } } : {}),
        actions: [{ ...base.actions[0], action_id: `cdp:${value.kind}:0`, value: JSON.stringify(value), action_ts: `1796000${Math.floor(Math.random() * 1e6)}.000100` }],
      }),
    };
  };
  /** Every button value in some Block Kit blocks, decoded. */
  const buttonValues = (blocks: Json[]): Json[] =>
    blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).map((e: Json) => JSON.parse(e.value) as Json);

  let refs: string[] = [];
  let dm: Json;

  it('the batched nudge DM: a status press replaces it with all 3 items, the pressed one updated, under who did what', async () => {
    const alex = await db.prisma.person.findFirstOrThrow({ where: { partnershipId, email: 'alexw@example.com' }, include: { agencies: true } });
    const open = await db.prisma.action.findMany({
      where: {
        partnershipId, status: { in: ['not_started', 'on_track', 'off_track', 'at_risk', 'ongoing'] },
        OR: [{ leadAgencyId: { in: alex.agencies.map((a) => a.agencyId) } }, { partners: { some: { agencyId: { in: alex.agencies.map((a) => a.agencyId) } } } }],
      },
      include: { leadAgency: true }, orderBy: { ref: 'asc' }, take: 3,
    });
    expect(open).toHaveLength(3);
    const nudges: PlannedNudge[] = open.map((a, i) => ({
      key: `e2e-list:${a.id}`, kind: 'due_soon', partnershipId, localDate: '2026-11-23', personIds: [alex.id], reason: `due in ${i + 3} days`,
      subject: { type: 'action', id: a.id, ref: a.ref, title: a.title, status: a.status, dueDate: `2026-11-${26 + i}`, leadAgency: a.leadAgency?.name ?? null, subgroup: null },
    }));
    const { message } = buildNudgeMessage('2026-11-23', nudges);
    refs = open.map((a) => a.ref);
    await enqueue(db.prisma, [{ partnershipId, kind: 'nudges', dedupeKey: 'e2e-slack-list-nudge', recipient: { kind: 'person', personId: alex.id }, message, about: { actionRefs: refs } }], NOW);
    await createDispatcher({ db, ports: [h.adapter.port], logger: silentLogger(), clock: () => NOW }).drain();
    dm = (await eventually(() => h.api.callsTo('chat.postMessage').find((c) => c.args.text === message.summary), 'nudge DM')).args;
    const pressed = refs[1]!;
    const value = buttonValues(dm.blocks).find((v) => v.ref === pressed && v.status === 'complete')!;
    expect(value).toMatchObject({ list: refs, view: 'nudge', day: '2026-11-23' });
    const before = (await updatesOf(pressed)).length;

    const { id, payload } = listClick(value, 'U0ALEX', dm.ts);
    expect((await h.slack.interaction(payload)).status).toBe(200);
    const replaced = (await eventually(() => h.api.callsTo('response_url').find((c) => c.args.id === id), 'the list again')).args;
    expect(replaced.replace_original).toBe(true);
    const text = JSON.stringify(replaced.blocks);
    expect(replaced.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Your CDP actions — Monday 23 November' } });
    expect(text).toMatch(new RegExp(`Alex Wilber set ${pressed} to Complete \\(was [^)]+\\) · 10:00`));
    for (const ref of refs) expect(text).toContain(`*${ref}*`);
    expect(text).toMatch(new RegExp(`\\*${pressed}\\*[^"]*\\\\n✅ Complete`));
    // Every item still has its buttons, still knowing the list.
    const again = buttonValues(replaced.blocks);
    for (const ref of refs) expect(again.filter((v) => v.ref === ref && v.kind === 'set_status')).toHaveLength(3);
    expect(again.every((v) => v.kind !== 'set_status' || (v.view === 'nudge' && v.list.length === 3))).toBe(true);
    expect((await action(pressed)).status).toBe('complete');
    expect((await updatesOf(pressed)).length).toBe(before + 1);
  });

  it('a refused press answers the presser only and leaves the list in place', async () => {
    const { id, payload } = listClick({ kind: 'set_status', ref: 'BSC-02', status: 'off_track', list: [...refs, 'BSC-02'], view: 'nudge', day: '2026-11-23' }, 'U0MEGAN', dm.ts);
    const before = (await action('BSC-02')).status;
    await h.slack.interaction(payload);
    const answer = (await eventually(() => h.api.callsTo('response_url').find((c) => c.args.id === id), 'the refusal')).args;
    expect(answer.replace_original).toBe(false);
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain("You can't update BSC-02");
    expect(h.api.callsTo('chat.update')).toHaveLength(0);
    expect((await action('BSC-02')).status).toBe(before);
  });

  it('"Add note…" from the list: the saved note re-renders the whole list', async () => {
    const value = buttonValues(dm.blocks).find((v) => v.kind === 'add_note' && v.ref === refs[0] && !v.status)!;
    const { id, payload } = listClick(value, 'U0ALEX', dm.ts);
    await h.slack.interaction(payload);
    const open = await eventually(() => h.api.callsTo('views.open')[0], 'views.open');
    expect(JSON.parse(open.args.view.private_metadata)).toMatchObject({ ref: refs[0], list: refs, view: 'nudge', day: '2026-11-23' });
    const res = await h.slack.interaction(fixture('view-submission', {
      team: { id: TEAM }, user: { id: 'U0ALEX', team_id: TEAM },
      view: { id: 'Vlist1', private_metadata: open.args.view.private_metadata, state: { values: { note: { note: { type: 'plain_text_input', value: 'Venue confirmed' } } } } },
    }));
    expect(res.status).toBe(200);
    const replaced = (await eventually(() => h.api.callsTo('response_url').find((c) => c.args.id === id), 'the list after the note')).args;
    expect(replaced.replace_original).toBe(true);
    const text = JSON.stringify(replaced.blocks);
    expect(text).toContain(`Alex Wilber added a note to ${refs[0]}`);
    for (const ref of refs) expect(text).toContain(`*${ref}*`);
  });
});

describe('/cdp report', () => {
  it('gives a chair the board summary and the board pack as an XLSX file in the conversation', async () => {
    const r = await cdp('report', 'U0MEGAN', { channel_id: 'D0MEGAN' });
    expect(r.response_type).toBe('ephemeral');
    expect(r.text).toMatch(/^Tower Hamlets board summary: 156 actions/);
    expect(allText(r)).toContain('Exceptions (');
    expect(allText(r)).toContain('attached below as a spreadsheet');
    const upload = await eventually(() => h.api.uploads.find((u) => u.completed), 'the XLSX upload');
    expect(upload.filename).toBe('board-pack-tower-hamlets-2026-11-23.xlsx');
    expect(upload.channelId).toBe('D0MEGAN');
    expect(upload.bytes!.subarray(0, 2).toString()).toBe('PK');
    expect(upload.bytes!.length).toBe(upload.length);
    expect(upload.initialComment).toBe('Tower Hamlets board pack');
  });

  it('puts the file in the DM when the bot is not in the channel', async () => {
    h.api.inject('files.completeUploadExternal', { error: 'not_in_channel' });
    await cdp('report', 'U0ADELE', { channel_id: 'C0NOTMEMBER', channel_name: 'general' });
    const upload = await eventually(() => h.api.uploads.find((u) => u.completed), 'the XLSX upload to the DM');
    expect(upload.channelId).toBe('D0ADELE');
    const notes = await eventually(() => { const r = h.api.callsTo('response_url').filter((c) => /direct messages/.test(String(c.args.text))); return r.length > 0 && r; }, 'the note about the DM');
    expect(notes[0]!.args.response_type).toBe('ephemeral');
  });

  it('refuses a lead who is not a chair, admin or SRO, saying who can', async () => {
    const r = await cdp('report');
    expect(r.text).toBe('The board summary is for subgroup chairs, admins and the SRO.');
    expect(h.api.uploads).toEqual([]);
  });
});
