// Exactly once after a crash (SPEC §10): rows a killed process left claimed are taken over at the
// next start (not after the 5-minute lease); rows it may have been sending ("sendingAt" set) are
// looked up with conversations.history — found → recorded as sent, not posted again; not found →
// posted once. A live dispatcher's rows are left alone. Over real HTTP to the Slack Web API double.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatPort, SendOptions } from '../../src/chat/port.js';
import { createSenderClient, createSlackPort, OUTBOX_EVENT_TYPE } from '../../adapters/slack/port.js';
import { silentLogger } from '../../src/log/logger.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import { enqueue } from '../../src/outbox/enqueue.js';
import { heartbeat, newWorkerIdentity } from '../../src/outbox/workers.js';
import { startSlackApiDouble, type SlackApiDouble } from '../doubles/slack-api.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createFakeClock } from '../support/fake-clock.js';
import { createOutboxFixture } from '../support/outbox-fixture.js';

let db: TestDatabase;
let api: SlackApiDouble;
beforeAll(async () => {
  db = await createTestDatabase();
  api = await startSlackApiDouble();
});
afterAll(async () => {
  await api?.close();
  await db?.drop();
});

const message = (text: string) => ({ summary: text, blocks: [{ type: 'text' as const, text }] });

describe('outbox: exactly once after a crash', () => {
  it('reconciles a dead process’s rows at start: looked up before any resend, never posted twice', async () => {
    const fx = await createOutboxFixture(db, 'Exactly Once CDP', 4);
    const ids = await Promise.all(fx.people.map((p) => db.prisma.chatIdentity.findFirstOrThrow({ where: { personId: p.id } })));
    ids.forEach((id, i) => api.addUser({ id: id.externalId, name: `p${i}`, email: fx.people[i]!.email }));
    const clock = createFakeClock('2026-11-23T09:30:00Z');
    const keys = fx.people.map((_, i) => `exactly-once:${i}`);
    await enqueue(db.prisma, fx.people.map((p, i) => ({
      partnershipId: fx.partnershipId, kind: 'nudges', dedupeKey: keys[i]!, recipient: { kind: 'person' as const, personId: p.id }, message: message(`Reminder ${i}`),
    })), clock.now());

    // The state a kill -9 leaves: rows claimed (leased for 5 more minutes) by a process now gone.
    const dead = { id: 'this-host:4242:dead', host: newWorkerIdentity().host, pid: 4242 };
    await heartbeat(db.prisma, dead);
    const other = { id: 'other-host:7:alive', host: 'other-host', pid: 7 };
    await heartbeat(db.prisma, other); // another live instance (fresh heartbeat, another machine)
    const lease = new Date(clock.now().getTime() + 5 * 60_000);
    const mark = (i: number, data: Record<string, unknown>) => db.prisma.notification.update({ where: { dedupeKey: keys[i]! }, data: { nextAttemptAt: lease, ...data } });
    await mark(0, { claimedBy: dead.id, sendingAt: clock.now() }); // Slack accepted it; the answer never came back
    await mark(1, { claimedBy: dead.id, sendingAt: clock.now() }); // killed before Slack got it
    await mark(2, { claimedBy: dead.id }); // claimed, not sending yet
    await mark(3, { claimedBy: other.id, sendingAt: clock.now() }); // in flight in a live process
    // Row 0 reached Slack before the crash, carrying its dedupe key as metadata (as the port sends it).
    const sender = createSenderClient(api.token, api.apiUrl);
    const earlier = await sender.chat.postMessage({ channel: ids[0]!.externalId, text: 'Reminder 0', metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { dedupe_key: keys[0]! } } });
    api.reset();

    const port = createSlackPort({ client: sender, logger: silentLogger() });
    const d = createDispatcher({
      db, ports: [port], logger: silentLogger(), clock: () => clock.now(),
      settings: { sleep: (ms) => clock.sleep(ms), random: () => 0.5 },
      isAlive: (pid) => pid !== dead.pid,
    });
    const report = await d.runOnce(); // at once: no waiting for the lease
    await d.stop();

    const rows = await db.prisma.notification.findMany({ where: { dedupeKey: { in: keys } }, orderBy: { dedupeKey: 'asc' } });
    expect(rows.map((r) => r.state)).toEqual(['sent', 'sent', 'sent', 'pending']);
    expect(report.outcomes.find((o) => o.dedupeKey === keys[0])?.detail).toMatch(/already delivered/);
    expect((rows[0]!.messageRef as { messageId: string }).messageId).toBe(earlier.ts);
    // Looked up: the two that may have been sent. Posted: the one that was not, and the unsent one.
    expect(api.callsTo('conversations.history').map((c) => c.args.channel).sort()).toEqual([`D${ids[0]!.externalId.slice(1)}`, `D${ids[1]!.externalId.slice(1)}`].sort());
    expect(api.callsTo('conversations.history').every((c) => c.args.include_all_metadata === true || c.args.include_all_metadata === 'true')).toBe(true);
    const posts = api.callsTo('chat.postMessage');
    expect(posts.map((p) => p.args.metadata?.event_payload?.dedupe_key).sort()).toEqual([keys[1], keys[2]]);
    for (const [i, id] of ids.slice(0, 3).entries()) expect({ i, messages: api.messagesIn(`D${id.externalId.slice(1)}`).length }).toEqual({ i, messages: 1 });
    // The live instance's row is still its own; the dead worker is forgotten.
    expect(rows[3]!.claimedBy).toBe(other.id);
    expect(rows[3]!.nextAttemptAt.getTime()).toBe(lease.getTime());
    expect(await db.prisma.outboxWorker.count({ where: { id: dead.id } })).toBe(0);
    expect(await db.prisma.outboxWorker.count({ where: { id: other.id } })).toBe(1);
  });

  it('a look-up that fails is never taken for "not sent": the row waits and looks again', async () => {
    const fx = await createOutboxFixture(db, 'Lookup Fails CDP', 1);
    const id = await db.prisma.chatIdentity.findFirstOrThrow({ where: { personId: fx.people[0]!.id } });
    api.addUser({ id: id.externalId, name: 'lf', email: fx.people[0]!.email });
    const clock = createFakeClock('2026-11-23T10:00:00Z');
    await enqueue(db.prisma, [{ partnershipId: fx.partnershipId, kind: 'nudges', dedupeKey: 'lookup-fails', recipient: { kind: 'person', personId: fx.people[0]!.id }, message: message('Once') }], clock.now());
    await db.prisma.notification.update({ where: { dedupeKey: 'lookup-fails' }, data: { sendingAt: clock.now() } });
    api.reset();
    api.inject('conversations.history', { status: 503 });
    const port = createSlackPort({ client: createSenderClient(api.token, api.apiUrl), logger: silentLogger() });
    const d = createDispatcher({ db, ports: [port], logger: silentLogger(), clock: () => clock.now(), settings: { sleep: (ms) => clock.sleep(ms), random: () => 0.5 } });
    expect((await d.runOnce(['lookup-fails'])).outcomes.map((o) => o.result)).toEqual(['retry']);
    expect(api.callsTo('chat.postMessage')).toHaveLength(0);
    const row = await db.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: 'lookup-fails' } });
    expect(row.sendingAt).not.toBeNull();
    clock.set(row.nextAttemptAt);
    expect((await d.runOnce(['lookup-fails'])).outcomes.map((o) => o.result)).toEqual(['sent']);
    expect(api.callsTo('chat.postMessage')).toHaveLength(1);
    await d.stop();
  });

  it('a platform that cannot be asked (Teams) is sent again once: at most one duplicate per message in flight', async () => {
    const fx = await createOutboxFixture(db, 'Teams Bound CDP', 1);
    const clock = createFakeClock('2026-11-23T11:00:00Z');
    await enqueue(db.prisma, [{ partnershipId: fx.partnershipId, kind: 'nudges', dedupeKey: 'teams-bound', recipient: { kind: 'person', personId: fx.people[0]!.id }, message: message('Maybe twice') }], clock.now());
    await db.prisma.notification.update({ where: { dedupeKey: 'teams-bound' }, data: { sendingAt: clock.now() } });
    const sends: (SendOptions | undefined)[] = [];
    const teamsLike: ChatPort = {
      platform: 'teams',
      canReach: () => true,
      sendDirect: async (_p, _m, o) => { sends.push(o); return { ok: true, ref: { platform: 'teams', channelId: 'a:1', messageId: `m${sends.length}` } }; },
      postToChannel: async () => ({ ok: false, failure: { kind: 'unreachable', detail: 'n/a' } }),
      update: async () => ({ ok: false, failure: { kind: 'unreachable', detail: 'n/a' } }),
    };
    const d = createDispatcher({ db, ports: [teamsLike], logger: silentLogger(), clock: () => clock.now(), settings: { sleep: (ms) => clock.sleep(ms) } });
    expect((await d.runOnce(['teams-bound'])).sent).toBe(1);
    expect((await d.runOnce(['teams-bound'])).claimed).toBe(0);
    expect(sends).toEqual([{ dedupeKey: 'teams-bound' }]);
    await d.stop();
  });
});
