// The jobs over the demo plan: one batched DM per person, nothing twice on re-runs or after a
// "kill" mid-run, contract check-ins never asked twice, digests to bound channels and admins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { loadDemo } from '../support/demo.js';
import { createFakeClock } from '../support/fake-clock.js';
import { createFlakyPort } from '../support/flaky-port.js';
import { runUntilQuiet } from '../support/outbox-fixture.js';
import { runContracts, runDigests, runReminders } from '../../src/jobs/index.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import { silentLogger } from '../../src/log/logger.js';

let db: TestDatabase;
let pid: string;
const MONDAY_0930 = new Date('2026-11-23T09:30:00Z'); // 09:30 GMT, a working Monday
const reset = async () => {
  await db.prisma.sentMessage.deleteMany();
  await db.prisma.notification.deleteMany();
};

beforeAll(async () => {
  db = await createTestDatabase();
  pid = (await loadDemo(db, new Date('2026-11-22T12:00:00Z'))).partnershipId;
});
afterAll(async () => db?.drop());

describe('daily nudge batch (reminders + contract check-ins)', () => {
  it('a dry run reports one batch per person and changes nothing', async () => {
    await reset();
    const r = await runReminders(db, { now: MONDAY_0930, dryRun: true });
    expect(r.people.length).toBeGreaterThan(5);
    expect(new Set(r.people.map((p) => p.personId)).size).toBe(r.people.length);
    expect(r.people.every((p) => p.status === 'would_send' && p.lines.length > 0)).toBe(true);
    const alex = r.people.find((p) => p.email === 'alexw@example.com');
    expect(alex?.actionRefs.length).toBeGreaterThan(0);
    expect(await db.prisma.notification.count()).toBe(0);
  });

  it('nothing goes out before the send time or at the weekend', async () => {
    await reset();
    expect((await runReminders(db, { now: new Date('2026-11-23T09:29:00Z') })).people).toHaveLength(0);
    expect((await runReminders(db, { now: new Date('2026-11-22T10:00:00Z') })).people).toHaveLength(0);
    expect(await db.prisma.notification.count()).toBe(0);
  });

  it('the same job run twice enqueues and sends nothing twice', async () => {
    await reset();
    const clock = createFakeClock(MONDAY_0930);
    const first = await runReminders(db, { now: clock.now() });
    expect(first.enqueuedKeys).toHaveLength(first.people.length);
    const second = await runReminders(db, { now: clock.now() });
    expect(second.enqueuedKeys).toHaveLength(0);
    // Queued but not sent yet: reported as pending, never as "already sent" (a dry run too).
    expect(second.people.every((p) => p.status === 'already_queued')).toBe(true);
    const dry = await runReminders(db, { now: clock.now(), dryRun: true });
    expect(dry.people.every((p) => p.status === 'already_queued')).toBe(true);
    const port = createFlakyPort({ now: clock.now, failRate: 0.3, seed: 3 });
    const d = createDispatcher({ db, ports: [port], logger: silentLogger(), clock: clock.now, settings: { sleep: clock.sleep, maxAttempts: 30 } });
    await runUntilQuiet(db, d, clock);
    const third = await runReminders(db, { now: clock.now() });
    expect(third.people.every((p) => p.status === 'already_sent_today')).toBe(true);
    await runUntilQuiet(db, d, clock);
    expect(port.deliveries).toHaveLength(first.people.length);
    expect(new Set(port.deliveries.map((x) => x.to)).size).toBe(first.people.length);
    // Thread replies can be matched: every sent batch is recorded with its refs.
    const sm = await db.prisma.sentMessage.findMany();
    expect(sm).toHaveLength(first.people.length);
    expect(sm.every((m) => m.actionRefs.length + m.contractRefs.length > 0)).toBe(true);
  });

  it('killed mid-run (after part of the enqueue, or before dispatch) then re-run: nothing lost or doubled', async () => {
    await reset();
    const clock = createFakeClock(MONDAY_0930);
    const full = await runReminders(db, { now: clock.now() });
    // The "killed" run got only half of its rows in and dispatched none of them.
    const rows = await db.prisma.notification.findMany({ orderBy: { dedupeKey: 'asc' } });
    await db.prisma.notification.deleteMany({ where: { id: { in: rows.slice(0, Math.floor(rows.length / 2)).map((r) => r.id) } } });
    const rerun = await runReminders(db, { now: clock.now() });
    expect(rerun.enqueuedKeys).toHaveLength(Math.floor(rows.length / 2));
    // And the dispatcher is killed mid-batch: the port throws after three sends.
    let sends = 0;
    const dying = createFlakyPort({ now: clock.now, beforeSend: () => { if (++sends > 3) throw new Error('process killed'); } });
    const d1 = createDispatcher({ db, ports: [dying], logger: silentLogger(), clock: clock.now, settings: { sleep: clock.sleep, batchSize: 10 } });
    await d1.runOnce();
    await d1.stop();
    const port = createFlakyPort({ now: clock.now });
    const d2 = createDispatcher({ db, ports: [port], logger: silentLogger(), clock: clock.now, settings: { sleep: clock.sleep } });
    await runReminders(db, { now: clock.now() });
    await runUntilQuiet(db, d2, clock);
    const delivered = [...dying.deliveries, ...port.deliveries].map((x) => x.to);
    expect(delivered).toHaveLength(full.people.length);
    expect(new Set(delivered).size).toBe(full.people.length);
  });
});

describe('contract check-ins', () => {
  it('asks the commissioner once: `run contracts` then the daily batch does not ask again', async () => {
    await reset();
    const adele = await db.prisma.person.findFirstOrThrow({ where: { partnershipId: pid, email: 'adelev@example.com' } });
    await db.prisma.contract.create({
      data: { partnershipId: pid, ref: 'C-99', service: 'Test outreach service', expiryDate: new Date('2027-05-23'), commissionerId: adele.id },
    });
    const dry = await runContracts(db, { now: MONDAY_0930, dryRun: true });
    const ask = dry.people.find((p) => p.personId === adele.id);
    expect(ask?.contractRefs).toContain('C-99');
    expect(ask?.lines.find((l) => l.ref === 'C-99')?.kind).toBe('contract_checkin');
    const real = await runContracts(db, { now: MONDAY_0930 });
    expect(real.enqueuedKeys).toContain(`batch:${adele.id}:2026-11-23:contracts`);
    const daily = await runReminders(db, { now: MONDAY_0930 });
    expect(daily.people.find((p) => p.personId === adele.id)?.contractRefs ?? []).not.toContain('C-99');
    expect((await runContracts(db, { now: MONDAY_0930 })).enqueuedKeys).toHaveLength(0);
    await db.prisma.contract.delete({ where: { partnershipId_ref: { partnershipId: pid, ref: 'C-99' } } });
  });
});

describe('digests', () => {
  it('posts to bound channels, reports unbound subgroups, DMs the admins; once', async () => {
    await reset();
    const at = new Date('2026-11-23T09:00:00Z');
    const sg = await db.prisma.subgroup.findFirstOrThrow({ where: { partnershipId: pid }, orderBy: { name: 'asc' } });
    await db.prisma.subgroup.update({ where: { id: sg.id }, data: { channelPlatform: 'slack', channelId: 'CDIGEST1' } });
    const r = await runDigests(db, { now: at });
    const bound = r.entries.find((e) => e.subgroupId === sg.id);
    expect(bound).toMatchObject({ status: 'enqueued', to: { kind: 'channel', channelId: 'CDIGEST1' } });
    const unbound = r.entries.filter((e) => e.status === 'not_bound');
    expect(unbound.length).toBeGreaterThan(0);
    expect(unbound[0]!.to).toMatchObject({ kind: 'none', hint: expect.stringContaining('cdp subgroups bind') });
    expect(r.entries.some((e) => e.subgroupId === null && e.to.kind === 'person' && e.to.email === 'adelev@example.com' && e.status === 'enqueued')).toBe(true);
    const again = await runDigests(db, { now: new Date('2026-11-23T11:00:00Z') });
    expect(again.enqueuedKeys).toHaveLength(0);
    const clock = createFakeClock(at);
    const port = createFlakyPort({ now: clock.now });
    await runUntilQuiet(db, createDispatcher({ db, ports: [port], logger: silentLogger(), clock: clock.now, settings: { sleep: clock.sleep } }), clock);
    expect(port.deliveries.filter((x) => x.to === 'channel:CDIGEST1')).toHaveLength(1);
    expect(port.deliveries).toHaveLength(r.enqueuedKeys.length);
    // No digest is due on a Tuesday.
    expect((await runDigests(db, { now: new Date('2026-11-24T09:00:00Z') })).entries).toHaveLength(0);
  });
});

describe('scheduler with the real jobs', () => {
  it('two instances at the send time: one batch per person, one digest per slot, all delivered once', async () => {
    await reset();
    await db.prisma.jobClaim.deleteMany();
    const clock = createFakeClock(MONDAY_0930);
    const { createScheduler } = await import('../../src/schedule/index.js');
    const a = createScheduler({ db, logger: silentLogger(), clock: clock.now, instanceId: 'A' });
    const b = createScheduler({ db, logger: silentLogger(), clock: clock.now, instanceId: 'B' });
    const expected = await runReminders(db, { now: MONDAY_0930, dryRun: true });
    await Promise.all([a.tick(), b.tick()]);
    await Promise.all([a.tick(), b.tick()]);
    const nudges = await db.prisma.notification.count({ where: { kind: 'nudges' } });
    expect(nudges).toBe(expected.people.length);
    expect(await db.prisma.jobClaim.count({ where: { job: 'reminders' } })).toBe(1);
    const port = createFlakyPort({ now: clock.now, rateLimitRate: 0.2, seed: 11 });
    await runUntilQuiet(db, createDispatcher({ db, ports: [port], logger: silentLogger(), clock: clock.now, settings: { sleep: clock.sleep } }), clock);
    const total = await db.prisma.notification.count();
    expect(port.deliveries).toHaveLength(total);
    expect(new Set(port.deliveries.map((d) => d.summary + d.to)).size).toBe(total);
  });
});
