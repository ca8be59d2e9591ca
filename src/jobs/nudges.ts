// The daily nudge jobs: glue from the nudge planner (src/nudges) to the outbox.
//
// ONE MESSAGE PER PERSON PER DAY. The scheduled daily job is `reminders`, and it runs BOTH the
// action policies and the contract policies (check-ins, escalations, lapse alarm), so each person
// gets a single batch under the dedupe key `batch:<personId>:<local day>` (src/nudges/batch.ts).
// An action that tracks a contract is nudged through its contract only. `runContracts` runs only
// the contract policies — the same contract lines as `reminders` that morning — under the key
// `batch:<personId>:<local day>:contracts`, so it can never swallow that day's reminders.
// Either job leaves out nudges a person was already sent in the last 40 days (the batch rows
// carry their nudge keys), so a contract check-in is never asked twice, nothing is lost, and
// re-running a job — or a catch-up over missed days — enqueues nothing new. The price: a manual `run contracts` before
// the daily batch means that person gets two messages that day.
import type { Database } from '../db/client.js';
import type { IsoDate } from '../calendar/working-days.js';
import { enqueue, type NewNotification } from '../outbox/enqueue.js';
import { addDays } from '../calendar/working-days.js';
import { localDate } from '../calendar/zone.js';
import { MAX_CATCH_UP_DAYS } from '../nudges/window.js';
import { batchNudges, loadNudgeState, planNudges, type PlannedNudge } from '../nudges/index.js';
import type { NudgeJobReport, PersonNudgeReport } from './report.js';

export interface NudgeJobArgs {
  now: Date;
  partnershipIds?: string[];
  dryRun?: boolean;
  /** The last local day a daily run finished, per partnership: missed working days are caught up. */
  catchUpFrom?: Record<string, IsoDate>;
}

export const NUDGE_NOTIFICATION_KIND = 'nudges';

export function runReminders(db: Database, args: NudgeJobArgs): Promise<NudgeJobReport> {
  return runNudgeJob(db, args, 'reminders');
}

export function runContracts(db: Database, args: NudgeJobArgs): Promise<NudgeJobReport> {
  return runNudgeJob(db, args, 'contracts');
}

async function runNudgeJob(db: Database, args: NudgeJobArgs, job: 'reminders' | 'contracts'): Promise<NudgeJobReport> {
  const { now } = args;
  // Only actions that can be nudged today are read (same result, a fraction of the rows).
  const state = await loadNudgeState(db, { now, nudgeableOnly: true, ...(args.partnershipIds ? { partnershipIds: args.partnershipIds } : {}) });
  // Both jobs plan contract nudges over the same month (src/nudges/policies/contracts.ts), so
  // `run contracts` lists exactly the contract lines `run reminders` sends that morning.
  const catchUpFrom = args.catchUpFrom;
  const planned = planNudges(state, now, {
    jobs: job === 'reminders' ? ['reminders', 'contracts'] : ['contracts'],
    ...(catchUpFrom ? { catchUpFrom } : {}),
  });

  // Today's batch rows (for the report) and every nudge each person was sent recently.
  const candidates = new Set<string>();
  for (const n of planned) for (const pid of n.personIds) for (const k of batchKeys(pid, n.localDate)) candidates.add(k);
  const existing = candidates.size
    ? await db.prisma.notification.findMany({ where: { dedupeKey: { in: [...candidates] } }, select: { dedupeKey: true, state: true } })
    : [];
  const takenKeys = new Set(existing.map((e) => e.dedupeKey));
  const pendingKeys = new Set(existing.filter((e) => e.state === 'pending').map((e) => e.dedupeKey));
  const already = planned.length ? await recentlySent(db, state.partnerships.map((p) => p.id), now) : new Set<string>();

  const fresh: PlannedNudge[] = [];
  let skipped = 0;
  for (const n of planned) {
    const personIds = n.personIds.filter((pid) => !already.has(`${pid}|${n.key}`));
    skipped += n.personIds.length - personIds.length;
    if (personIds.length) fresh.push({ ...n, personIds });
  }
  const batches = batchNudges(fresh, state, now);
  const suffix = job === 'contracts' ? ':contracts' : '';

  const items: NewNotification[] = batches.map((b) => ({
    partnershipId: b.partnershipId,
    kind: NUDGE_NOTIFICATION_KIND,
    dedupeKey: `${b.dedupeKey}${suffix}`,
    recipient: { kind: 'person', personId: b.personId },
    message: b.message,
    about: { actionRefs: b.actionRefs, contractRefs: b.contractRefs, nudgeKeys: b.nudgeKeys },
    notBefore: b.notBefore,
  }));

  let createdKeys = new Set<string>();
  if (!args.dryRun) createdKeys = new Set((await enqueue(db.prisma, items, now)).keys);

  const people: PersonNudgeReport[] = batches.map((b, i) => {
    const key = items[i]!.dedupeKey;
    const lines = fresh
      .filter((n) => n.partnershipId === b.partnershipId && n.localDate === b.localDate && n.personIds.includes(b.personId))
      .map((n) => ({ ref: n.subject.ref, kind: n.kind, reason: n.reason }));
    const taken = takenKeys.has(key) || (!args.dryRun && !createdKeys.has(key));
    return {
      partnershipId: b.partnershipId,
      partnership: state.partnerships.find((p) => p.id === b.partnershipId)?.name ?? '',
      personId: b.personId,
      name: b.personName,
      email: b.personEmail,
      localDate: b.localDate,
      dedupeKey: key,
      actionRefs: b.actionRefs,
      contractRefs: b.contractRefs,
      lines,
      status: pendingKeys.has(key) ? 'already_queued' : taken ? 'already_sent_today' : args.dryRun ? 'would_send' : 'enqueued',
    };
  });

  return {
    job,
    now,
    dryRun: !!args.dryRun,
    partnerships: state.partnerships.map((p) => ({ id: p.id, name: p.name, timezone: p.timezone, sendTime: p.settings.sendTime })),
    planned: planned.length,
    alreadySentToday: skipped,
    people,
    enqueuedKeys: people.filter((p) => p.status === 'enqueued').map((p) => p.dedupeKey),
  };
}

/** Nudges sent to people in the last LOOKBACK_DAYS, as `${personId}|${nudgeKey}`: never the same nudge twice. */
async function recentlySent(db: Database, partnershipIds: string[], now: Date): Promise<Set<string>> {
  const rows = await db.prisma.$queryRawUnsafe<{ personId: string; keys: string | null }[]>(
    `SELECT "personId", (payload->'about'->'nudgeKeys')::text AS keys
       FROM "Notification"
      WHERE kind = $1
        AND "partnershipId" IN (SELECT jsonb_array_elements_text($2::jsonb))
        AND "createdAt" >= ($3::timestamptz AT TIME ZONE 'UTC')
        AND jsonb_typeof(payload->'about'->'nudgeKeys') = 'array'`,
    NUDGE_NOTIFICATION_KIND,
    JSON.stringify(partnershipIds),
    new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000).toISOString(),
  );
  const out = new Set<string>();
  for (const r of rows) for (const k of JSON.parse(r.keys ?? '[]') as string[]) out.add(`${r.personId}|${k}`);
  return out;
}

/** Longer than any catch-up window (31 days). */
const LOOKBACK_DAYS = 40;

const batchKeys = (personId: string, day: IsoDate) => [`batch:${personId}:${day}`, `batch:${personId}:${day}:contracts`];
