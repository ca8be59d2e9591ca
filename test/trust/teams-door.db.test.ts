// The Teams door (SPEC §10 "Trust boundaries"), over real HTTP to the one server:
// - a Slack-only deployment has no Teams door: the forged-serviceUrl attack (an activity whose
//   serviceUrl is the attacker's server, which would tell the bot "this is the admin") is refused,
//   the attacker's server is never called, and the register is unchanged;
// - local mode answers only a loopback serviceUrl, checks the tenant before it looks anybody up or
//   remembers anything, keeps its conversation cache within bounds under a flood of unique
//   conversations, and cuts names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_NAME_LENGTH } from '../../adapters/teams/boundary.js';
import { externalAddress, postJson, startAttacker, startTrustSystem, teamsActivity, TENANT, warnLines, type TrustSystem } from './support.js';

describe('Slack-only deployment (Slack credentials, no Microsoft ones)', () => {
  let s: TrustSystem;
  let attacker: Awaited<ReturnType<typeof startAttacker>>;
  beforeAll(async () => {
    s = await startTrustSystem({ slack: true, teamsMode: 'off' });
    attacker = await startAttacker();
  });
  afterAll(async () => {
    await attacker?.close();
    await s?.close();
  });

  it('refuses the forged-serviceUrl attack: 404, no call to the attacker, register unchanged', async () => {
    const before = await s.snapshot();
    const attacks = [
      teamsActivity(attacker.url(), 'update BSC-01 cancelled not needed any more'),
      teamsActivity(attacker.url(), 'bind Supply'),
      teamsActivity(attacker.url(), 'mine', (a) => { a.conversation.tenantId = 'some-other-tenant'; a.channelData.tenant.id = 'some-other-tenant'; }),
    ];
    for (const a of attacks) {
      for (const headers of [{}, { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' }] as Record<string, string>[]) {
        const res = await postJson(`${s.base}/api/messages`, JSON.stringify(a), headers);
        expect(res.status).toBe(404);
        expect(res.text).toMatch(/Teams is not enabled on this server.*MICROSOFT_APP_ID/);
      }
    }
    // Any method, any body: nothing behind the door.
    expect((await fetch(`${s.base}/api/messages`, { method: 'PUT', body: 'x' })).status).toBe(404);
    await new Promise((r) => setTimeout(r, 300)); // anything (wrongly) started in the background would have called by now
    expect(attacker.calls).toEqual([]);
    expect(s.connector.calls).toEqual([]);
    expect(await s.snapshot()).toEqual(before);
    expect(s.teams.port.canReach({ personId: 'x', partnershipId: s.fx.partnership.id, name: 'x', email: 'x@example.com', identities: [], conversations: [{ platform: 'teams', externalId: 'c', reference: { serviceUrl: attacker.url(), conversation: { id: 'c' } } }] })).toBe(false);
  });

  it('answers body errors on /slack/events with 413 / 400 and a warn line, never a stack trace', async () => {
    const before = warnLines(s.logs).length;
    const big = 'x'.repeat(2 * 1024 * 1024);
    expect((await s.slack!.post(big, 'application/json')).status).toBe(413);
    expect((await s.slack!.post('null', 'application/json')).status).toBe(400);
    expect((await s.slack!.post('{"type": "event_callback", ', 'application/json')).status).toBe(400);
    expect((await s.slack!.post('payload=null', 'application/x-www-form-urlencoded')).status).toBe(400);
    const lines = warnLines(s.logs).slice(before);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.every((l) => Number(l.level) === 40)).toBe(true);
    expect(JSON.stringify(lines)).not.toMatch(/stack|\s+at \w/);
  });
});

describe('local mode (no chat credentials: Teams with authentication off)', () => {
  let s: TrustSystem;
  beforeAll(async () => {
    s = await startTrustSystem({ slack: false, teamsMode: 'local', cache: { maxEntries: 30, maxBytes: 30_000 } });
    s.connector.addMember({ id: '29:trust-adele', aadObjectId: 'aa000000-0000-4000-8000-00000000ade1', name: 'Adele Vance', email: 'adelev@example.com' });
  });
  afterAll(async () => s?.close());

  it('works with a loopback serviceUrl (the Agents Playground, the Emulator)', async () => {
    const res = await postJson(`${s.base}/api/messages`, JSON.stringify(teamsActivity(s.connector.serviceUrl, 'whoami')));
    expect(res.status).toBe(200);
    expect(JSON.stringify(s.connector.sent.at(-1)?.body)).toMatch(/Adele Vance/);
  });

  it('refuses a serviceUrl that is not on this machine (403) and calls nothing', async () => {
    const ip = externalAddress();
    const attacker = await startAttacker(ip ? '0.0.0.0' : '127.0.0.1');
    try {
      const before = await s.snapshot();
      const calls = s.connector.calls.length;
      const urls = [ip ? attacker.url(ip) : 'http://attacker.invalid/', 'http://localhost.attacker.example/', 'http://127.0.0.1@attacker.example/', 'file:///etc/passwd'];
      for (const url of urls) {
        const res = await postJson(`${s.base}/api/messages`, JSON.stringify(teamsActivity(url, 'update BSC-01 cancelled')));
        expect({ url, status: res.status }).toEqual({ url, status: 403 });
        expect(res.text).toMatch(/only a serviceUrl on this machine/);
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(attacker.calls).toEqual([]);
      expect(s.connector.calls.length).toBe(calls);
      expect(await s.snapshot()).toEqual(before);
    } finally {
      await attacker.close();
    }
  });

  it('checks the tenant before looking anyone up or remembering the conversation', async () => {
    const before = await s.snapshot();
    const cached = s.teams.teamsPort!.cached.entries;
    const mark = s.connector.calls.length;
    const stranger = 'ffffffff-0000-4000-8000-0000000000ff';
    const res = await postJson(`${s.base}/api/messages`, JSON.stringify(teamsActivity(s.connector.serviceUrl, 'update TRS-07 red', (a) => {
      a.conversation.tenantId = stranger;
      a.channelData.tenant.id = stranger;
      a.conversation.id = 'a:stranger-conversation';
    })));
    expect(res.status).toBe(200);
    const calls = s.connector.calls.slice(mark);
    // One call: the refusal itself. No member look-up (GET …/members/…).
    expect(calls.map((c) => c.method)).toEqual(['POST']);
    expect(JSON.stringify(calls[0]!.body)).toMatch(/not connected to a partnership.*cdp partnerships bind/);
    expect(s.teams.teamsPort!.cached.entries).toBe(cached);
    expect(await s.snapshot()).toEqual(before);
    expect(TENANT).not.toBe(stranger);
  });

  it('keeps the conversation cache within its bounds under a flood of unique conversations, names cut', async () => {
    const long = 'N'.repeat(5000);
    const flood = Array.from({ length: 150 }, (_, i) => teamsActivity(s.connector.serviceUrl, 'help', (a) => {
      a.conversation.id = `a:flood-${i}-${'z'.repeat(200)}`;
      a.conversation.name = long;
      a.from.name = long;
    }));
    const sizes: number[] = [];
    for (let i = 0; i < flood.length; i += 10) {
      const batch = await Promise.all(flood.slice(i, i + 10).map((a) => postJson(`${s.base}/api/messages`, JSON.stringify(a))));
      expect(batch.map((r) => r.status)).toEqual(batch.map(() => 200));
      sizes.push(s.teams.teamsPort!.cached.entries);
    }
    const { entries, bytes } = s.teams.teamsPort!.cached;
    expect(entries).toBeLessThanOrEqual(30);
    expect(bytes).toBeLessThanOrEqual(30_000);
    // Flat once full: the second half of the flood did not grow it.
    expect(new Set(sizes.slice(5)).size).toBe(1);
    const stored = await s.db.prisma.conversation.findFirstOrThrow({ where: { externalId: flood[149]!.conversation.id } });
    const ref = stored.reference as { conversation: { name?: string }; user?: { name?: string } };
    expect(ref.conversation.name?.length).toBe(MAX_NAME_LENGTH);
    expect(ref.user?.name?.length ?? 0).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    // An id no platform would send is refused outright.
    const huge = await postJson(`${s.base}/api/messages`, JSON.stringify(teamsActivity(s.connector.serviceUrl, 'help', (a) => { a.conversation.id = `a:${'y'.repeat(600)}`; })));
    expect(huge.status).toBe(400);
  }, 120_000);

  it('answers body errors on /api/messages with 413 / 400 and a warn line, never a stack trace', async () => {
    const before = warnLines(s.logs).length;
    expect((await postJson(`${s.base}/api/messages`, JSON.stringify({ type: 'message', text: 'x'.repeat(2 * 1024 * 1024) }))).status).toBe(413);
    expect((await postJson(`${s.base}/api/messages`, 'null')).status).toBe(400);
    expect((await postJson(`${s.base}/api/messages`, '{"type": "message",')).status).toBe(400);
    expect((await postJson(`${s.base}/api/messages`, '[]')).status).toBe(400);
    const lines = warnLines(s.logs).slice(before);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.every((l) => Number(l.level) === 40)).toBe(true);
    expect(JSON.stringify(lines)).not.toMatch(/stack|\s+at \w/);
  });
});
