// Drill: forged and misdirected requests against the whole server (Slack and Teams on one port,
// Microsoft credentials set). Every one is refused with the right status, nothing reaches the
// core, and the register is unchanged: same history rows, same action version, no reply sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../slack/support/requests.js';
import { startDrillSystem, type DrillSystem } from './support/system.js';

let s: DrillSystem;
beforeAll(async () => {
  s = await startDrillSystem({ teamsCredentials: true });
});
afterAll(async () => s?.close());

const form = (f: Record<string, string>) => new URLSearchParams(f).toString();
const refused = { slack401: 0, teams401: 0, unknownTenant: 0 };

async function snapshot() {
  const [updates, actions, identities, notifications, conversations] = await Promise.all([
    s.db.prisma.statusUpdate.count(),
    s.db.prisma.action.findMany({ select: { ref: true, version: true, status: true }, orderBy: { id: 'asc' } }),
    s.db.prisma.chatIdentity.count(),
    s.db.prisma.notification.count(),
    s.db.prisma.conversation.count(),
  ]);
  return { updates, actions, identities, notifications, conversations };
}

describe('drill: forged requests are refused and change nothing', () => {
  it('Slack: bad signature, stale or missing timestamp, replayed body → 401; nothing answered', async () => {
    const before = await snapshot();
    const { fields } = s.slashCommand('alex', 'update TRS-07 red forged');
    const body = form(fields);
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, Promise<{ status: number }>][] = [
      ['wrong secret', s.slack.post(body, 'application/x-www-form-urlencoded', { signature: sign('not-the-secret', body, now) })],
      ['garbage signature', s.slack.post(body, 'application/x-www-form-urlencoded', { signature: 'v0=deadbeef' })],
      ['stale timestamp (6 min), correctly signed', s.slack.post(body, 'application/x-www-form-urlencoded', { timestamp: now - 360 })],
      ['signed for another body', s.slack.post(body.replace('forged', 'tampered'), 'application/x-www-form-urlencoded', { signature: sign('drill-signing-secret-5c1e', body, now) })],
    ];
    for (const [what, p] of cases) {
      expect({ what, status: (await p).status }).toEqual({ what, status: 401 });
      refused.slack401++;
    }
    const noHeaders = await fetch(`${s.base}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(noHeaders.status).toBe(401);
    refused.slack401++;
    await new Promise((r) => setTimeout(r, 200)); // let any (wrongly) accepted command reach its reply
    expect(s.slackApi.callsTo('response_url')).toHaveLength(0);
    expect(await snapshot()).toEqual(before);
  });

  it('Slack: a correctly signed command from an unknown workspace gets a refusal naming how to connect it; nothing changes', async () => {
    const before = await snapshot();
    const { fields, responseId } = s.slashCommand('alex', 'update TRS-07 red from a stranger workspace', { team_id: 'T0STRANGER' });
    const res = await s.slack.command(fields);
    expect(res.status).toBe(200);
    const reply = await waitFor(() => s.slackApi.callsTo('response_url').find((c) => c.args.id === responseId));
    expect(String(reply.args.text)).toMatch(/not connected to a partnership/);
    expect(await snapshot()).toEqual(before);
    refused.unknownTenant++;
  });

  it('Teams: no token, a token signed by another key, a wrong audience, a malformed header → 401; nothing sent', async () => {
    const before = await snapshot();
    const activity = s.teamsMessage('alex', 'update TRS-07 red forged');
    const forged = await s.teamsToken({ key: 'other' });
    const wrongAudience = await s.teamsToken({ audience: 'some-other-bot' });
    const cases: [string, Record<string, string>][] = [
      ['no token', {}],
      ['signed by an untrusted key', { authorization: `Bearer ${forged}` }],
      ['wrong audience', { authorization: `Bearer ${wrongAudience}` }],
      ['not a bearer token', { authorization: 'Basic YWxhZGRpbjpvcGVuc2VzYW1l' }],
      ['truncated token', { authorization: `Bearer ${(await s.teamsToken()).slice(0, 40)}` }],
    ];
    for (const [what, headers] of cases) {
      expect({ what, status: (await s.postTeams(activity, headers)).status }).toEqual({ what, status: 401 });
      refused.teams401++;
    }
    expect(s.connector.calls).toHaveLength(0);
    expect(await snapshot()).toEqual(before);
  });

  it('Teams: a valid token from a tenant bound to no partnership gets a refusal; nothing changes', async () => {
    const before = await snapshot();
    const stranger = '00000000-dead-beef-0000-000000000000';
    const activity = s.teamsMessage('alex', 'update TRS-07 red from a stranger tenant', (a) => {
      a.conversation.tenantId = stranger;
      a.channelData.tenant.id = stranger;
    });
    const res = await s.postTeams(activity, { authorization: `Bearer ${await s.teamsToken()}` });
    expect(res.status).toBe(200);
    const reply = s.connector.sent.at(-1);
    expect(JSON.stringify(reply?.body)).toMatch(/not connected to a partnership/);
    expect(await snapshot()).toEqual(before);
    refused.unknownTenant++;
  });

  it('the same update with valid credentials is accepted (the refusals above were not for another reason)', async () => {
    const before = await snapshot();
    const res = await s.postTeams(s.teamsMessage('alex', 'update TRS-07 red genuine'), { authorization: `Bearer ${await s.teamsToken()}` });
    expect(res.status).toBe(200);
    const { fields, responseId } = s.slashCommand('alex', 'update TRS-07 amber genuine');
    expect((await s.slack.command(fields)).status).toBe(200);
    await waitFor(() => s.slackApi.callsTo('response_url').find((c) => c.args.id === responseId));
    expect((await snapshot()).updates).toBe(before.updates + 2);
    process.stdout.write(`[drill forged] ${refused.slack401} forged Slack requests → 401, ${refused.teams401} Teams requests without a valid JWT → 401, ${refused.unknownTenant} from an unknown workspace/tenant refused with how to connect it; register unchanged each time; genuine requests accepted\n`);
  });
});

async function waitFor<T>(check: () => T | undefined): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no reply');
}
