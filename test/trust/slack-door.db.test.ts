// The Slack door and identity links (SPEC §10 "Trust boundaries"), over real HTTP to the one
// server with the Slack Web API double:
// - a request signed more than 5 minutes from now, either way, is refused; a replayed request
//   (same signature) is processed once — commands, events and buttons;
// - "Add note…" checks workspace and person before opening a modal;
// - a Slack email change (user_change) unlinks and relinks the account, a second account with a
//   person's email replaces the first (newest wins), each with a line in the admins' digest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDigestMessage } from '../../src/digest/index.js';
import { eventually, fixture, type Json } from '../slack/support/requests.js';
import { NOW } from '../support/fixtures.js';
import { startTrustSystem, TEAM, type TrustSystem } from './support.js';

let s: TrustSystem;
beforeAll(async () => {
  s = await startTrustSystem({ slack: true, teamsMode: 'off' });
});
afterAll(async () => s?.close());

const updatesOf = async (ref: string) => s.db.prisma.statusUpdate.count({ where: { actionId: s.fx.actions[ref]! } });
const form = (f: Json) => new URLSearchParams(Object.entries(f).map(([k, v]) => [k, String(v)])).toString();
let seq = 0;

function command(user: string, text: string, over: Json = {}) {
  const responseUrl = s.slackApi!.newResponseUrl();
  const fields = fixture('slash-command', {
    team_id: TEAM, user_id: user, channel_id: `D${user.slice(1)}`, channel_name: 'directmessage', text, response_url: responseUrl, trigger_id: `${++seq}.trust`, ...over,
  });
  return { body: form(fields), responseId: responseUrl.split('/').pop()! };
}
const repliesTo = (id: string) => s.slackApi!.callsTo('response_url').filter((c) => c.args.id === id);
async function ask(user: string, text: string): Promise<string> {
  const c = command(user, text);
  expect((await s.slack!.post(c.body, 'application/x-www-form-urlencoded')).status).toBe(200);
  const reply = await eventually(() => repliesTo(c.responseId)[0], `reply to ${text}`);
  return JSON.stringify(reply.args);
}
function click(user: string, value: Json, team = TEAM) {
  const responseUrl = s.slackApi!.newResponseUrl();
  const base = fixture('block-actions');
  const payload = fixture('block-actions', {
    team: { id: team }, user: { id: user, team_id: team }, channel: { id: `D${user.slice(1)}`, name: 'directmessage' }, response_url: responseUrl,
    trigger_id: `${++seq}.trust.trigger`,
    actions: [{ ...base.actions[0], action_id: `cdp:${value.kind}:0`, value: JSON.stringify(value), action_ts: `1795000${++seq}.000100` }],
  });
  return { body: form({ payload: JSON.stringify(payload) }), responseId: responseUrl.split('/').pop()! };
}
const replayLines = () => s.logs.lines.filter((l) => l.event === 'slack.replay_ignored').length;

describe('Slack: timestamps and replays', () => {
  it('refuses a correctly signed request dated more than 5 minutes ahead or behind; nothing happens', async () => {
    const before = await s.snapshot();
    const now = Math.floor(Date.now() / 1000);
    for (const ts of [now + 6 * 60, now + 60 * 60, now - 6 * 60]) {
      const c = command('U0ALEX', 'update TRS-07 red from the future');
      const res = await s.slack!.post(c.body, 'application/x-www-form-urlencoded', { timestamp: ts });
      expect({ ts: ts - now, status: res.status }).toEqual({ ts: ts - now, status: 401 });
      expect(res.text).toMatch(/at most 5 min either way/);
    }
    // Inside the window (4 minutes ahead: clocks drift) is accepted.
    const ok = command('U0ALEX', 'whoami');
    expect((await s.slack!.post(ok.body, 'application/x-www-form-urlencoded', { timestamp: now + 4 * 60 })).status).toBe(200);
    await eventually(() => repliesTo(ok.responseId)[0], 'reply inside the window');
    await new Promise((r) => setTimeout(r, 200));
    expect(await s.snapshot()).toEqual({ ...(before as object), identities: (await s.db.prisma.chatIdentity.count()) });
    expect(await updatesOf('TRS-07')).toBe(0);
  });

  it('processes a replayed slash command, event and button once', async () => {
    const lines = replayLines();
    const ts = Math.floor(Date.now() / 1000);
    // A slash command (no id of its own to de-duplicate on): recorded once, answered once.
    const c = command('U0ALEX', 'update TRS-07 amber replay test');
    const before = await updatesOf('TRS-07');
    for (let i = 0; i < 3; i++) expect((await s.slack!.post(c.body, 'application/x-www-form-urlencoded', { timestamp: ts })).status).toBe(200);
    await eventually(() => repliesTo(c.responseId)[0], 'command reply');
    expect(JSON.stringify(repliesTo(c.responseId)[0]!.args)).toMatch(/TRS-07/);
    // A button press.
    const b = click('U0ALEX', { kind: 'set_status', ref: 'TRS-07', status: 'on_track' });
    for (let i = 0; i < 2; i++) expect((await s.slack!.post(b.body, 'application/x-www-form-urlencoded', { timestamp: ts })).status).toBe(200);
    await eventually(() => repliesTo(b.responseId)[0], 'button reply');
    // An event (a DM saying a command).
    const e = JSON.stringify(fixture('message-im-thread', {
      team_id: TEAM, event_id: 'Ev0TRUST1', event: { user: 'U0ALEX', channel: 'D0ALEX', team: TEAM, text: 'whoami', ts: '1795200000.000001', thread_ts: undefined },
    }));
    const posts = s.slackApi!.callsTo('chat.postMessage').length;
    for (let i = 0; i < 2; i++) expect((await s.slack!.post(e, 'application/json', { timestamp: ts })).status).toBe(200);
    await eventually(() => s.slackApi!.callsTo('chat.postMessage').length > posts, 'DM answered');
    await new Promise((r) => setTimeout(r, 300)); // a (wrong) second processing would have answered by now

    expect(repliesTo(c.responseId)).toHaveLength(1);
    expect(await updatesOf('TRS-07')).toBe(before + 2); // the command and the button, once each
    expect(repliesTo(b.responseId)).toHaveLength(1);
    expect(s.slackApi!.callsTo('chat.postMessage').length).toBe(posts + 1);
    // The door turned the replays away (2 + 1 + 1), not the handlers.
    expect(replayLines() - lines).toBe(4);
  });
});

describe('Slack: "Add note…" checks workspace and person first', () => {
  it('opens no modal for an unknown workspace or an unlinked person, and one for a linked lead', async () => {
    const opened = () => s.slackApi!.callsTo('views.open').length;
    const start = opened();
    const stranger = click('U0ALEX', { kind: 'add_note', ref: 'TRS-07' }, 'T0STRANGER');
    expect((await s.slack!.post(stranger.body, 'application/x-www-form-urlencoded')).status).toBe(200);
    expect(JSON.stringify((await eventually(() => repliesTo(stranger.responseId)[0], 'refusal')).args)).toMatch(/not connected to a partnership/);
    s.slackApi!.addUser({ id: 'U0NOBODY', name: 'nobody', email: 'nobody@elsewhere.example' });
    const unlinked = click('U0NOBODY', { kind: 'add_note', ref: 'TRS-07' });
    expect((await s.slack!.post(unlinked.body, 'application/x-www-form-urlencoded')).status).toBe(200);
    expect(JSON.stringify((await eventually(() => repliesTo(unlinked.responseId)[0], 'refusal')).args)).toMatch(/nobody@elsewhere\.example|not linked|don.t know/i);
    expect(opened()).toBe(start);
    const linked = click('U0ALEX', { kind: 'add_note', ref: 'TRS-07' });
    expect((await s.slack!.post(linked.body, 'application/x-www-form-urlencoded')).status).toBe(200);
    await eventually(() => opened() > start, 'modal opened for Alex');
  });
});

describe('Slack: identity links follow the email', () => {
  const userChange = (id: string) =>
    JSON.stringify({ token: 't', team_id: TEAM, api_app_id: 'A0CDP', type: 'event_callback', event_id: `Ev0UC${++seq}`, event_time: 1795200000, event: { type: 'user_change', user: s.slackApi!.userObject(id), event_ts: '1795200000.000100' } });
  const identityOf = (id: string) => s.db.prisma.chatIdentity.findFirst({ where: { platform: 'slack', externalId: id }, include: { person: true } });

  it('an email change unlinks the account, changing it back relinks it, each with a line for the admins', async () => {
    await ask('U0ALEX', 'whoami');
    expect((await identityOf('U0ALEX'))?.person.email).toBe('alexw@example.com');

    s.slackApi!.updateUser('U0ALEX', { email: 'alex.w@private.example' });
    expect((await s.slack!.post(userChange('U0ALEX'), 'application/json')).status).toBe(200);
    await waitFor(async () => (await identityOf('U0ALEX')) === null);
    expect(await ask('U0ALEX', 'update TRS-07 red not me any more')).toMatch(/alex\.w@private\.example|not linked|don.t know/i);
    expect(await updatesOf('TRS-07')).toBeGreaterThan(0);

    s.slackApi!.updateUser('U0ALEX', { email: 'alexw@example.com' });
    expect((await s.slack!.post(userChange('U0ALEX'), 'application/json')).status).toBe(200);
    await waitFor(async () => (await identityOf('U0ALEX'))?.person.email === 'alexw@example.com');

    const changes = await s.db.prisma.identityChange.findMany({ where: { externalId: 'U0ALEX' }, orderBy: { at: 'asc' } });
    expect(changes.map((c) => c.kind)).toEqual(['unlinked', 'linked']);
    expect(changes[0]!.summary).toMatch(/Slack account U0ALEX was linked to Alex Wilber <alexw@example.com>; .* now reports alex\.w@private\.example, so it was unlinked/);
    const digest = JSON.stringify(await buildDigestMessage(s.db, { partnershipId: s.fx.partnership.id, subgroupId: null, now: new Date(NOW.getTime() + 60_000) }));
    expect(digest).toContain('Chat accounts moved or unlinked');
    expect(digest).toContain('U0ALEX was linked to Alex Wilber');
    expect(digest).toContain('so it was linked to Alex Wilber');
  });

  it('a second account with the same email replaces the first (newest wins), reported; a deactivated account is unlinked', async () => {
    s.slackApi!.addUser({ id: 'U0ALEX2', name: 'alex-new', email: 'alexw@example.com' });
    expect(await ask('U0ALEX2', 'whoami')).toMatch(/Alex Wilber/);
    const links = await s.db.prisma.chatIdentity.findMany({ where: { platform: 'slack', personId: s.fx.people.alex } });
    expect(links.map((l) => l.externalId)).toEqual(['U0ALEX2']);
    const replaced = await s.db.prisma.identityChange.findFirstOrThrow({ where: { kind: 'replaced', externalId: 'U0ALEX' } });
    expect(replaced.summary).toMatch(/Alex Wilber's older Slack account U0ALEX was unlinked: Slack account U0ALEX2 now has their email/);

    s.slackApi!.updateUser('U0ALEX2', { deleted: true });
    expect((await s.slack!.post(userChange('U0ALEX2'), 'application/json')).status).toBe(200);
    await waitFor(async () => (await identityOf('U0ALEX2')) === null);
    expect((await s.db.prisma.identityChange.findFirstOrThrow({ where: { externalId: 'U0ALEX2', kind: 'unlinked' } })).summary).toMatch(/is deactivated/);
  });
});

async function waitFor(check: () => Promise<boolean>, ceilingMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ceilingMs) throw new Error('condition never met');
    await new Promise((r) => setTimeout(r, 25));
  }
}
