// The scheduler (SPEC §4, §5, §8): runs the daily nudge batch at each partnership's send time
// on working days and each digest slot, once per period, whatever the number of instances.
//
// How it decides: a node-cron task ticks every minute (noOverlap). Each tick looks at every
// partnership in ITS time zone with the calendar's pure functions — sendWindow() for the
// daily batch, digestDueSlots() for digests — so the BST/GMT change, bank holidays and
// settings changes need no re-scheduling, and a minute that does not exist on the
// spring-forward day cannot be skipped. A job whose time has passed today without a claim runs
// at the next tick: that is the catch-up after downtime (same day only; the daily batch also
// passes the last finished day as `catchUpFrom`, so triggers on missed working days go out).
// Claims (claims.ts) make each (partnership, job, period) run once; a claim left unfinished by
// a dead process is re-run after 10 minutes, which is safe because the jobs enqueue through
// outbox dedupe keys.
import cron, { type ScheduledTask } from 'node-cron';
import type { Database } from '../db/client.js';
import type { Logger } from '../log/logger.js';
import { localDate } from '../calendar/zone.js';
import { sendWindow } from '../nudges/index.js';
import { readSettings } from '../settings/index.js';
import { dueDigestSlots, runDigests, runReminders, type DigestJobArgs, type NudgeJobArgs } from '../jobs/index.js';
import { claimJob, DEFAULT_STALE_CLAIM_MS, finishJob, lastFinishedPeriod, settledPeriods } from './claims.js';

export interface SchedulerJobs {
  reminders(db: Database, args: NudgeJobArgs): Promise<{ enqueuedKeys: string[]; people?: unknown[] }>;
  digests(db: Database, args: DigestJobArgs): Promise<{ enqueuedKeys: string[] }>;
}

export const DEFAULT_JOBS: SchedulerJobs = { reminders: runReminders, digests: runDigests };

export interface SchedulerOptions {
  db: Database;
  logger: Logger;
  clock: () => Date;
  /** Recorded on each claim (host name + pid, for example). */
  instanceId: string;
  jobs?: SchedulerJobs;
  /** Called after a job put rows in the outbox (e.g. dispatcher.kick). */
  onEnqueued?: () => void;
  /** Cron expression of the tick. Default every minute. */
  cronExpression?: string;
  staleClaimMs?: number;
}

export interface TickOutcome {
  partnershipId: string;
  job: 'reminders' | 'digests';
  period: string;
  result: 'ran' | 'skipped' | 'error';
  detail?: string;
  enqueued?: number;
}

export interface Scheduler {
  /** One look at every partnership: claims and runs what is due now. */
  tick(): Promise<TickOutcome[]>;
  /** Ticks at once (catch-up) and then every minute. */
  start(): void;
  /** Stops ticking; resolves when a tick in progress has finished. */
  stop(): Promise<void>;
}

export const REMINDERS_JOB = 'reminders';
export const DIGESTS_JOB = 'digests';

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const { db, logger, clock, instanceId } = opts;
  const jobs = opts.jobs ?? DEFAULT_JOBS;
  const staleMs = opts.staleClaimMs ?? DEFAULT_STALE_CLAIM_MS;
  const log = logger.child({ component: 'scheduler', instance: instanceId });
  const prisma = db.prisma;

  async function daily(p: { id: string; name: string; timezone: string; settings: unknown }, now: Date): Promise<TickOutcome[]> {
    const settings = readSettings(p.settings);
    if (!sendWindow(now, p.timezone, settings.sendTime)) return [];
    const period = localDate(now, p.timezone);
    if ((await settledPeriods(prisma, p.id, REMINDERS_JOB, [period], now, staleMs)).has(period)) return [];
    const last = await lastFinishedPeriod(prisma, p.id, REMINDERS_JOB);
    const claim = await claimJob(prisma, { partnershipId: p.id, job: REMINDERS_JOB, period }, instanceId, now, staleMs);
    if (!claim.claimed) return [{ partnershipId: p.id, job: 'reminders', period, result: 'skipped', detail: claim.reason }];
    try {
      const r = await jobs.reminders(db, { now, partnershipIds: [p.id], ...(last && last < period ? { catchUpFrom: { [p.id]: last } } : {}) });
      await finishJob(prisma, claim.id, clock(), { enqueued: r.enqueuedKeys.length, instance: instanceId });
      log.info({ partnership: p.name, period, enqueued: r.enqueuedKeys.length, takenOver: claim.takenOver }, 'daily nudges ran');
      return [{ partnershipId: p.id, job: 'reminders', period, result: 'ran', enqueued: r.enqueuedKeys.length }];
    } catch (e) {
      log.error({ err: e, partnership: p.name, period }, 'daily nudges failed; the claim is retried when stale');
      return [{ partnershipId: p.id, job: 'reminders', period, result: 'error', detail: e instanceof Error ? e.message : String(e) }];
    }
  }

  async function digests(partnershipId: string, name: string, periods: string[], now: Date): Promise<TickOutcome[]> {
    const settled = await settledPeriods(prisma, partnershipId, DIGESTS_JOB, periods, now, staleMs);
    const claims: { id: string; period: string }[] = [];
    const out: TickOutcome[] = [];
    for (const period of periods.filter((x) => !settled.has(x))) {
      const c = await claimJob(prisma, { partnershipId, job: DIGESTS_JOB, period }, instanceId, now, staleMs);
      if (c.claimed) claims.push({ id: c.id, period });
      else out.push({ partnershipId, job: 'digests', period, result: 'skipped', detail: c.reason });
    }
    if (!claims.length) return out;
    try {
      const r = await jobs.digests(db, { now, partnershipIds: [partnershipId], periods: claims.map((c) => c.period) });
      for (const c of claims) {
        await finishJob(prisma, c.id, clock(), { enqueued: r.enqueuedKeys.filter((k) => k.startsWith(`digest:${c.period}`)).length, instance: instanceId });
        out.push({ partnershipId, job: 'digests', period: c.period, result: 'ran', enqueued: r.enqueuedKeys.filter((k) => k.startsWith(`digest:${c.period}`)).length });
      }
      log.info({ partnership: name, periods: claims.map((c) => c.period), enqueued: r.enqueuedKeys.length }, 'digests ran');
    } catch (e) {
      log.error({ err: e, partnership: name }, 'digests failed; the claims are retried when stale');
      for (const c of claims) out.push({ partnershipId, job: 'digests', period: c.period, result: 'error', detail: e instanceof Error ? e.message : String(e) });
    }
    return out;
  }

  async function tick(): Promise<TickOutcome[]> {
    const now = clock();
    const out: TickOutcome[] = [];
    const partnerships = await prisma.partnership.findMany({ select: { id: true, name: true, timezone: true, settings: true }, orderBy: { name: 'asc' } });
    for (const p of partnerships) {
      try {
        out.push(...(await daily(p, now)));
      } catch (e) {
        log.error({ err: e, partnership: p.name }, 'scheduler tick failed for the daily nudges');
      }
    }
    try {
      for (const d of await dueDigestSlots(db, { now })) {
        if (d.slots.length) out.push(...(await digests(d.partnership.id, d.partnership.name, d.slots.map((s) => s.period), now)));
      }
    } catch (e) {
      log.error({ err: e }, 'scheduler tick failed for the digests');
    }
    if (out.some((o) => o.result === 'ran' && (o.enqueued ?? 0) > 0)) opts.onEnqueued?.();
    return out;
  }

  let task: ScheduledTask | undefined;
  let current: Promise<unknown> | undefined;
  const guarded = () => {
    if (current) return current; // noOverlap for the catch-up tick too
    current = tick()
      .catch((e: unknown) => log.error({ err: e }, 'scheduler tick failed'))
      .finally(() => {
        current = undefined;
      });
    return current;
  };

  return {
    tick,
    start() {
      if (task) return;
      task = cron.schedule(opts.cronExpression ?? '* * * * *', () => guarded(), {
        name: `cdp-scheduler-${instanceId}`,
        timezone: 'UTC',
        noOverlap: true,
        logger: {
          info: (m) => log.debug(m),
          warn: (m) => log.warn(m),
          error: (m, e) => log.error({ err: e ?? m }, typeof m === 'string' ? m : m.message),
          debug: () => {},
        },
      });
      void guarded(); // catch-up: whatever is due today and unclaimed runs now
    },
    async stop() {
      if (task) await task.destroy();
      task = undefined;
      await current;
    },
  };
}
