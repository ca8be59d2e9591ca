// Job claims: one JobClaim row per (partnership, job, period), unique in the database, so a
// period's job runs once however many instances share it. Inserting the claim is the lock:
// INSERT … ON CONFLICT DO NOTHING — the instance whose row went in owns the period.
//
// A claim taken but never finished (the process died mid-run: finishedAt null) may be taken
// over once it is older than `staleMs` (default 10 minutes). Re-running is safe because every
// job plans deterministically and enqueues through outbox dedupe keys: what the dead run
// already enqueued is skipped, what it had not yet enqueued is added; nothing is doubled.
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';

export const DEFAULT_STALE_CLAIM_MS = 10 * 60_000;

export interface ClaimKey {
  partnershipId: string;
  job: string;
  period: string;
}

export type ClaimOutcome = { claimed: true; id: string; takenOver: boolean } | { claimed: false; reason: 'done' | 'running' };

export async function claimJob(prisma: PrismaClient, key: ClaimKey, instance: string, now: Date, staleMs = DEFAULT_STALE_CLAIM_MS): Promise<ClaimOutcome> {
  const inserted = await prisma.jobClaim.createManyAndReturn({
    data: [{ ...key, instance, claimedAt: now }],
    skipDuplicates: true,
    select: { id: true },
  });
  if (inserted[0]) return { claimed: true, id: inserted[0].id, takenOver: false };
  const existing = await prisma.jobClaim.findUnique({ where: { partnershipId_job_period: key } });
  if (!existing) return { claimed: false, reason: 'running' };
  if (existing.finishedAt) return { claimed: false, reason: 'done' };
  if (now.getTime() - existing.claimedAt.getTime() < staleMs) return { claimed: false, reason: 'running' };
  // Take over a stale claim: compare-and-set on the old claimedAt, so only one instance wins.
  const took = await prisma.jobClaim.updateMany({
    where: { id: existing.id, finishedAt: null, claimedAt: existing.claimedAt },
    data: { instance, claimedAt: now },
  });
  return took.count === 1 ? { claimed: true, id: existing.id, takenOver: true } : { claimed: false, reason: 'running' };
}

export async function finishJob(prisma: PrismaClient, id: string, now: Date, result: unknown): Promise<void> {
  await prisma.jobClaim.update({ where: { id }, data: { finishedAt: now, result: (result ?? null) as Prisma.InputJsonValue } });
}

/** Which of these periods already have a claim (finished, or running and not stale). */
export async function settledPeriods(prisma: PrismaClient, partnershipId: string, job: string, periods: string[], now: Date, staleMs = DEFAULT_STALE_CLAIM_MS): Promise<Set<string>> {
  if (!periods.length) return new Set();
  const rows = await prisma.jobClaim.findMany({ where: { partnershipId, job, period: { in: periods } }, select: { period: true, finishedAt: true, claimedAt: true } });
  return new Set(rows.filter((r) => r.finishedAt || now.getTime() - r.claimedAt.getTime() < staleMs).map((r) => r.period));
}

/** The latest finished period of a daily job (its local day): where a catch-up starts. */
export async function lastFinishedPeriod(prisma: PrismaClient, partnershipId: string, job: string): Promise<string | undefined> {
  const row = await prisma.jobClaim.findFirst({
    where: { partnershipId, job, finishedAt: { not: null } },
    orderBy: { period: 'desc' },
    select: { period: true },
  });
  return row?.period;
}
