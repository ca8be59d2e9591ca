import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createFakeClock } from '../support/fake-clock.js';
import { createFlakyPort } from '../support/flaky-port.js';
import { createOutboxFixture, runUntilQuiet, type OutboxFixture } from '../support/outbox-fixture.js';
import { enqueue, type NewNotification } from '../../src/outbox/enqueue.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import { message } from '../../src/message/model.js';
import { silentLogger } from '../../src/log/logger.js';

let db: TestDatabase;
let fx: OutboxFixture;
const T0 = '2026-11-23T09:30:00Z';

beforeAll(async () => {
  db = await createTestDatabase();
  fx = await createOutboxFixture(db, 'Dispatch P', 6);
});
afterAll(async () => db?.drop());
beforeEach(async () => {
  await db.prisma.sentMessage.deleteMany();
  await db.prisma.notification.deleteMany();
  await db.prisma.conversation.deleteMany();
});

const dm = (i: number, key: string, summary = key, refs: string[] = []): NewNotification => ({
  partnershipId: fx.partnershipId, kind: 'nudges', dedupeKey: key,
  recipient: { kind: 'person', personId: fx.people[i]!.id }, message: message(summary), about: { actionRefs: refs },
});
const post = (channelId: string, key: string, summary = key): NewNotification => ({
  partnershipId: fx.partnershipId, kind: 'digest', dedupeKey: key,
  recipient: { kind: 'channel', platform: 'slack', channelId }, message: message(summary),
});

describe('dispatcher', () => {
  it('sends pending rows, marks them sent and records what each message was about', async () => {
    const clock = createFakeClock(T0);
    await enqueue(db.prisma, [dm(0, 'a', 'Nudge for 0', ['TRS-07', 'TRS-08']), dm(1, 'b'), post('C1', 'c')], clock.now());
    const port = createFlakyPort({ now: clock.now });
    const d = createDispatcher({ db, ports: [port], logger: silentLogger(), clock: clock.now, settings: { sleep: clock.sleep } });
    const r = await d.runOnce();
    expect(r).toMatchObject({ sent: 3, retried: 0, failed: 0 });
    expect(port.deliveries.map((x) => x.summary).sort()).toEqual(['Nudge for 0', 'b', 'c']);
    const rows = await db.prisma.notification.findMany();
    expect(rows.every((x) => x.state === 'sent' && x.sentAt && x.messageRef)).toBe(true);
    const sm = await db.prisma.sentMessage.findFirstOrThrow({ where: { personId: fx.people[0]!.id } });
    expect(sm.actionRefs).toEqual(['TRS-07', 'TRS-08']);
    expect(sm.channelId).toBe(`D-${fx.people[0]!.id}`);
    // A second round (or a second run of the same job) sends nothing again.
    expect((await d.runOnce()).sent).toBe(0);
    await enqueue(db.prisma, [dm(0, 'a', 'Nudge for 0')], clock.now());
    expect((await d.runOnce()).sent).toBe(0);
    expect(port.deliveries).toHaveLength(3);
  });

  it('picks up rows left pending by a stopped process (restart-safe)', async () => {
    const clock = createFakeClock(T0);
    await enqueue(db.prisma, [dm(0, 'r1'), dm(1, 'r2')], clock.now());
    // "Process 1" claimed a row then died before sending: its lease runs out, then it is sent.
    const dead = createDispatcher({ db, ports: [], logger: silentLogger(), clock: clock.now, settings: { leaseMs: 60_000 } });
    const { claimDue } = await import('../../src/outbox/claim.js');
    expect(await claimDue(db.prisma, clock.now(), new Date(clock.now().getTime() + 60_000), 1)).toHaveLength(1);
    await dead.stop();
    const port = createFlakyPort({ now: clock.now });
    const d = createDispatcher({ db, ports: [port], logger: silentLogger(), clock: clock.now, settings: { sleep: clock.sleep } });
    expect((await d.runOnce()).sent).toBe(1);
    clock.advance(60_000);
    expect((await d.runOnce()).sent).toBe(1);
    expect(port.deliveries.map((x) => x.summary).sort()).toEqual(['r1', 'r2']);
  });

  it('honours Retry-After exactly and does not count it as an attempt', async () => {
    const clock = createFakeClock(T0);
    await enqueue(db.prisma, [dm(0, 'rl')], clock.now());
    const port = createFlakyPort({ now: clock.now, rateLimitRate: 1, retryAfterMs: 7000 });
    const d = createDispatcher({ db, ports: [port], logger: silentLogger(), clock: clock.now, settings: { sleep: clock.sleep } });
    expect(await d.runOnce()).toMatchObject({ retried: 1 });
    const row = await db.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: 'rl' } });
    expect(row.nextAttemptAt.getTime()).toBe(new Date(T0).getTime() + 7000);
    expect(row.attempts).toBe(0);
    expect(row.lastError).toMatch(/rate limited/);
    clock.advance(6999);
    expect((await d.runOnce()).claimed).toBe(0);
    clock.advance(1);
    expect((await d.runOnce()).claimed).toBe(1);
    expect(port.calls).toBe(2);
  });

  it('backs off exponentially on transient failures and gives up after maxAttempts with the last error', async () => {
    const clock = createFakeClock(T0);
    await enqueue(db.prisma, [dm(0, 'tf')], clock.now());
    const port = createFlakyPort({ now: clock.now, failRate: 1 });
    const d = createDispatcher({ db, ports: [port], logger: silentLogger(), clock: clock.now, settings: { sleep: clock.sleep, random: () => 0.5 } });
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const before = clock.now().getTime();
      await d.runOnce();
      const row = await db.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: 'tf' } });
      if (row.state !== 'pending') break;
      delays.push(row.nextAttemptAt.getTime() - before);
      clock.set(row.nextAttemptAt);
    }
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000]);
    const row = await db.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: 'tf' } });
    expect(row).toMatchObject({ state: 'failed', attempts: 8 });
    expect(row.lastError).toMatch(/gave up after 8 attempts: HTTP 502/);
  });

  it('marks an unreachable recipient and fails the row instead of retrying forever', async () => {
    const clock = createFakeClock(T0);
    await enqueue(db.prisma, [post('CGONE', 'u1'), dm(2, 'u2'), dm(3, 'u3')], clock.now());
    const port = createFlakyPort({ now: clock.now, unreachable: ['channel:CGONE'], cannotReach: [fx.people[2]!.id] });
    const d = createDispatcher({ db, ports: [port], logger: silentLogger(), clock: clock.now, settings: { sleep: clock.sleep } });
    const r = await d.runOnce();
    expect(r).toMatchObject({ sent: 1, failed: 2 });
    const conv = await db.prisma.conversation.findFirstOrThrow({ where: { externalId: 'CGONE' } });
    expect(conv.unreachableSince?.toISOString()).toBe(new Date(T0).toISOString());
    expect(conv.unreachableReason).toBe('channel_not_found');
    const u2 = await db.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: 'u2' } });
    expect(u2.state).toBe('failed');
    expect(u2.lastError).toMatch(/no chat account linked for Person 2/);
    clock.advance(3_600_000);
    expect((await d.runOnce()).claimed).toBe(0);
  });

  it('keeps order per recipient: a newer message waits while an older one is in backoff', async () => {
    const clock = createFakeClock(T0);
    await enqueue(db.prisma, [dm(0, 'o1', 'first'), dm(0, 'o2', 'second'), dm(1, 'o3', 'other')], clock.now());
    let failFirst = true;
    const port = createFlakyPort({ now: clock.now });
    const inner = port.sendDirect;
    port.sendDirect = async (p, m) => {
      if (m.summary === 'first' && failFirst) {
        failFirst = false;
        return { ok: false, failure: { kind: 'transient', detail: 'HTTP 504' } };
      }
      return inner(p, m);
    };
    const d = createDispatcher({ db, ports: [port], logger: silentLogger(), clock: clock.now, settings: { sleep: clock.sleep } });
    await runUntilQuiet(db, d, clock);
    expect(port.deliveries.filter((x) => x.to === `person:${fx.people[0]!.id}`).map((x) => x.summary)).toEqual(['first', 'second']);
    expect(port.deliveries.map((x) => x.summary)).toContain('other');
  });

  it('a port that fails half the time and rate-limits: everything sent once, in order per recipient', async () => {
    const clock = createFakeClock(T0);
    const items: NewNotification[] = [];
    for (let i = 0; i < 6; i++) for (let k = 0; k < 6; k++) items.push(dm(i, `f-${i}-${k}`, `p${i} #${k}`));
    for (let c = 0; c < 4; c++) for (let k = 0; k < 4; k++) items.push(post(`CF${c}`, `fc-${c}-${k}`, `c${c} #${k}`));
    await enqueue(db.prisma, items, clock.now());
    const port = createFlakyPort({ now: clock.now, failRate: 0.4, rateLimitRate: 0.1, throwRate: 0.05, retryAfterMs: 4000, seed: 7 });
    const d = createDispatcher({ db, ports: [port], logger: silentLogger(), clock: clock.now, settings: { sleep: clock.sleep, maxAttempts: 30 } });
    await runUntilQuiet(db, d, clock);
    expect(port.failures.length).toBeGreaterThan(20);
    expect(port.failures.some((f) => f.kind === 'rate_limited')).toBe(true);
    expect(port.deliveries).toHaveLength(items.length);
    expect(new Set(port.deliveries.map((x) => x.summary)).size).toBe(items.length);
    const byTo = new Map<string, string[]>();
    for (const x of port.deliveries) byTo.set(x.to, [...(byTo.get(x.to) ?? []), x.summary]);
    for (const [, list] of byTo) expect(list).toEqual([...list].sort((a, b) => Number(a.split('#')[1]) - Number(b.split('#')[1])));
    expect(await db.prisma.notification.count({ where: { state: { not: 'sent' } } })).toBe(0);
    // Each rate-limited send was retried no sooner than its Retry-After.
    for (const f of port.failures.filter((x) => x.kind === 'rate_limited')) {
      const next = [...port.deliveries.map((x) => ({ to: x.to, at: x.at })), ...port.failures].filter((x) => x.to === f.to && x.at > f.at);
      expect(Math.min(...next.map((x) => x.at)) - f.at).toBeGreaterThanOrEqual(4000);
    }
  });

  it('paces at most 1 message a second per Slack channel while a 150-channel fan-out runs in parallel', async () => {
    const clock = createFakeClock(T0);
    const items: NewNotification[] = [];
    for (let c = 0; c < 150; c++) for (let k = 0; k < 3; k++) items.push(post(`CP${c}`, `p-${c}-${k}`, `c${c} #${k}`));
    await enqueue(db.prisma, items, clock.now());
    const port = createFlakyPort({ now: clock.now });
    const d = createDispatcher({ db, ports: [port], logger: silentLogger(), clock: clock.now, settings: { sleep: clock.sleep, batchSize: 200 } });
    await runUntilQuiet(db, d, clock);
    expect(port.deliveries).toHaveLength(450);
    const byTo = new Map<string, number[]>();
    for (const x of port.deliveries) byTo.set(x.to, [...(byTo.get(x.to) ?? []), x.at]);
    for (const [, ts] of byTo) for (let i = 1; i < ts.length; i++) expect(ts[i]! - ts[i - 1]!).toBeGreaterThanOrEqual(1000);
    // Workspace budget (240 a minute, bursts of 20): never more than 20 + 4/s in any window.
    const all = port.deliveries.map((x) => x.at).sort((a, b) => a - b);
    for (let i = 0; i < all.length; i++) {
      const inMinute = all.filter((t) => t >= all[i]! && t < all[i]! + 60_000).length;
      expect(inMinute).toBeLessThanOrEqual(260);
    }
    // Parallel across channels: 450 messages in about 450 / 4 s, not 150 channels × 3 s one after another.
    const span = all[all.length - 1]! - all[0]!;
    expect(span).toBeLessThan(130_000);
  });
});
