// Scheduled jobs: the scheduler (node-cron tick, per-partnership time zones, catch-up) and job claims.
export { createScheduler, DEFAULT_JOBS, REMINDERS_JOB, DIGESTS_JOB, type Scheduler, type SchedulerOptions, type SchedulerJobs, type TickOutcome } from './scheduler.js';
export { claimJob, finishJob, settledPeriods, lastFinishedPeriod, DEFAULT_STALE_CLAIM_MS, type ClaimKey, type ClaimOutcome } from './claims.js';
export { startBackground, type Background, type BackgroundOptions } from './background.js';
