// The scheduler: each (partnership, job, period) runs once — across ticks, restarts and two
// instances on one database — at the partnership's local send time on working days, with
// same-day catch-up and stale-claim takeover.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createFakeClock } from '../support/fake-clock.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { createScheduler, type SchedulerJobs } from '../../src/schedule/index.js';
import type { NudgeJobArgs, DigestJobArgs } from '../../src/jobs/index.js';
import { silentLogger } from '../../src/log/logger.js';

let db: TestDatabase;
let other: Database;
let pid: string;

beforeAll(async () => {
  db = await createTestDatabase();
  other = db.url ? await openDatabase({ databaseUrl: db.url, poolMax: 5 }) : db;
  pid = (await db.prisma.partnership.create({ data: { name: 'Sched P', planYear: '2026-27', timezone: 'Europe/London' } })).id;
});
afterAll(async () => {
  if (other !== db) await other.close();
  await db?.drop();
});
beforeEach(async () => {
  await db.prisma.jobClaim.deleteMany();
});

function countingJobs() {
  const calls: { job: string; now: Date; args: NudgeJobArgs | DigestJobArgs }[] = [];
  const jobs: SchedulerJobs = {
    async reminders(_db, args) {
      calls.push({ job: 'reminders', now: args.now, args });
      await new Promise((r) => setTimeout(r, 5)); // give a racing instance a chance to interleave
      return { enqueuedKeys: ['k'] };
    },
    async digests(_db, args) {
      calls.push({ job: 'digests', now: args.now, args });
      return { enqueuedKeys: (args.periods ?? []).map((p) => `digest:${p}`) };
    },
  };
  return { calls, jobs };
}

const sched = (clock: { now: () => Date }, jobs: SchedulerJobs, database: Database = db, instanceId = 'A') =>
  createScheduler({ db: database, logger: silentLogger(), clock: clock.now, instanceId, jobs });

describe('scheduler', () => {
  it('runs the daily batch once at the local send time on a working day (BST and GMT)', async () => {
    const { calls, jobs } = countingJobs();
    const clock = createFakeClock('2026-11-23T09:29:00Z'); // Monday 09:29 GMT
    const s = sched(clock, jobs);
    expect((await s.tick()).filter((o) => o.job === 'reminders')).toEqual([]); // (the 09:00 digest did run)
    clock.set('2026-11-23T09:30:00Z');
    expect((await s.tick()).filter((o) => o.job === 'reminders')).toMatchObject([{ result: 'ran', period: '2026-11-23' }]);
    clock.advance(60_000);
    await s.tick();
    expect(calls.filter((c) => c.job === 'reminders')).toHaveLength(1);
    // Summer time: 09:30 BST is 08:30 UTC.
    clock.set('2026-06-15T08:30:00Z');
    await s.tick();
    expect(calls.filter((c) => c.job === 'reminders').map((c) => c.now.toISOString())).toEqual(['2026-11-23T09:30:00.000Z', '2026-06-15T08:30:00.000Z']);
    // Weekend and bank holiday: nothing.
    clock.set('2026-11-28T10:00:00Z');
    await s.tick();
    clock.set('2026-12-25T10:00:00Z');
    await s.tick();
    expect(calls.filter((c) => c.job === 'reminders')).toHaveLength(2);
  });

  it('catches up the same day after downtime, passing the last finished day for missed triggers', async () => {
    const { calls, jobs } = countingJobs();
    const clock = createFakeClock('2026-11-19T09:30:00Z'); // Thursday
    await sched(clock, jobs).tick();
    // Down Friday; back on Monday afternoon.
    clock.set('2026-11-23T15:10:00Z');
    const s = sched(clock, jobs, db, 'B');
    s.start();
    await s.stop(); // waits for the catch-up tick
    const monday = calls.filter((c) => c.job === 'reminders').at(-1)!;
    expect(monday.now.toISOString()).toBe('2026-11-23T15:10:00.000Z');
    expect((monday.args as NudgeJobArgs).catchUpFrom).toEqual({ [pid]: '2026-11-19' });
    const claim = await db.prisma.jobClaim.findFirstOrThrow({ where: { job: 'reminders', period: '2026-11-23' } });
    expect(claim.instance).toBe('B');
    expect(claim.finishedAt).not.toBeNull();
  });

  it(`two schedulers on one database run each period once (${process.env.CDP_TEST_DB === 'postgres' ? 'two PostgreSQL connections' : 'PGlite, same process'})`, async () => {
    const { calls, jobs } = countingJobs();
    const clock = createFakeClock('2026-11-23T09:30:00Z'); // Monday: daily batch and weekly digests
    const a = sched(clock, jobs, db, 'A');
    const b = sched(clock, jobs, other, 'B');
    for (let i = 0; i < 5; i++) {
      await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
      clock.advance(60_000);
    }
    expect(calls.filter((c) => c.job === 'reminders')).toHaveLength(1);
    const digestPeriods = calls.filter((c) => c.job === 'digests').flatMap((c) => (c.args as DigestJobArgs).periods ?? []);
    expect(digestPeriods).toEqual(['weekly:partnership:2026-11-23']);
    expect(await db.prisma.jobClaim.count()).toBe(2);
  });

  it('re-runs a claim left unfinished by a dead process once it is stale, not before', async () => {
    const { calls, jobs } = countingJobs();
    const clock = createFakeClock('2026-11-24T09:40:00Z'); // Tuesday
    await db.prisma.jobClaim.create({ data: { partnershipId: pid, job: 'reminders', period: '2026-11-24', instance: 'dead', claimedAt: new Date('2026-11-24T09:35:00Z') } });
    const s = sched(clock, jobs);
    await s.tick();
    expect(calls).toHaveLength(0);
    clock.set('2026-11-24T09:46:00Z');
    const out = await s.tick();
    expect(out).toMatchObject([{ job: 'reminders', result: 'ran' }]);
    expect(calls).toHaveLength(1);
    const claim = await db.prisma.jobClaim.findFirstOrThrow({ where: { period: '2026-11-24' } });
    expect(claim).toMatchObject({ instance: 'A' });
    expect(claim.finishedAt).not.toBeNull();
  });

  it('a job that throws leaves its claim open and is retried when the claim is stale', async () => {
    let fail = true;
    const { calls, jobs } = countingJobs();
    const flaky: SchedulerJobs = {
      ...jobs,
      async reminders(d, args) {
        if (fail) { fail = false; throw new Error('database went away'); }
        return jobs.reminders(d, args);
      },
    };
    const clock = createFakeClock('2026-11-25T09:30:00Z');
    const s = sched(clock, flaky);
    expect(await s.tick()).toMatchObject([{ result: 'error', detail: 'database went away' }]);
    clock.advance(5 * 60_000);
    await s.tick();
    expect(calls).toHaveLength(0);
    clock.advance(6 * 60_000);
    await s.tick();
    expect(calls).toHaveLength(1);
  });

  it('posts a subgroup meeting digest on its own slot', async () => {
    const sg = await db.prisma.subgroup.create({
      data: { partnershipId: pid, name: 'Treatment', settings: { weekly: false, meetingDates: ['2026-12-10'], daysBeforeMeeting: 2, time: '10:00' } },
    });
    const { calls, jobs } = countingJobs();
    const clock = createFakeClock('2026-12-08T10:00:00Z'); // Tuesday, two working days before
    await sched(clock, jobs).tick();
    expect(calls.filter((c) => c.job === 'digests').flatMap((c) => (c.args as DigestJobArgs).periods)).toEqual([`meeting:${sg.id}:2026-12-10`]);
    await db.prisma.subgroup.delete({ where: { id: sg.id } });
  });
});
