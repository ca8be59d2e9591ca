// The database side of /metrics: a handful of aggregate queries, one round per scrape.
import type { PrismaClient } from '../generated/prisma/client.js';

export interface DatabaseStats {
  outbox: { state: string; platform: string; kind: string; count: number }[];
  oldestPendingSeconds: number;
  jobs: { job: string; lastFinished: Date }[];
  imports: { outcome: string; count: number }[];
  lastImportSeconds: number;
}

export async function readDatabaseStats(prisma: PrismaClient, now = new Date()): Promise<DatabaseStats> {
  const [outbox, oldest, jobs, imports, lastImport] = await Promise.all([
    prisma.$queryRaw<{ state: string; platform: string; kind: string; count: bigint | number }[]>`
      select state::text as state,
             coalesce(platform::text, "messageRef"->>'platform', 'unassigned') as platform,
             kind, count(*) as count
        from "Notification" group by 1, 2, 3`,
    prisma.notification.findFirst({
      where: { state: 'pending', nextAttemptAt: { lte: now } },
      orderBy: { createdAt: 'asc' },
      select: { createdAt: true },
    }),
    prisma.jobClaim.groupBy({ by: ['job'], where: { finishedAt: { not: null } }, _max: { finishedAt: true } }),
    prisma.importRun.groupBy({ by: ['outcome'], _count: { _all: true } }),
    prisma.importRun.findFirst({ orderBy: { startedAt: 'desc' }, select: { durationMs: true } }),
  ]);
  return {
    outbox: outbox.map((r) => ({ ...r, count: Number(r.count) })),
    oldestPendingSeconds: oldest ? Math.max(0, (now.getTime() - oldest.createdAt.getTime()) / 1000) : 0,
    jobs: jobs.flatMap((j) => (j._max.finishedAt ? [{ job: j.job, lastFinished: j._max.finishedAt }] : [])),
    imports: imports.map((r) => ({ outcome: r.outcome, count: r._count._all })),
    lastImportSeconds: lastImport ? lastImport.durationMs / 1000 : 0,
  };
}
