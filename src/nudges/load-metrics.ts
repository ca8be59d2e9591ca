// The metrics with an owner, for the metric policy: one query for the metrics and one for the
// periods they already have figures for (the last two years only: nothing older is ever asked).
import type { Database } from '../db/client.js';
import { addDays, dbDateOf } from '../calendar/working-days.js';
import { localDate } from '../calendar/zone.js';
import type { PartnershipNudgeState } from './state.js';

export async function attachOwnedMetrics(db: Database, partnerships: PartnershipNudgeState[], now: Date): Promise<void> {
  if (!partnerships.length) return;
  const metrics = await db.prisma.metric.findMany({
    where: { partnershipId: { in: partnerships.map((p) => p.id) }, ownerId: { not: null }, frequency: { in: ['quarterly', 'annual'] } },
    select: { id: true, partnershipId: true, code: true, name: true, frequency: true, ownerId: true },
    orderBy: [{ position: 'asc' }, { code: 'asc' }],
  });
  if (!metrics.length) return;
  const since = dbDateOf(addDays(localDate(now, 'UTC'), -800));
  const values = await db.prisma.metricValue.findMany({
    where: { metricId: { in: metrics.map((m) => m.id) }, periodEnd: { gte: since } },
    select: { metricId: true, period: true },
    distinct: ['metricId', 'period'],
  });
  const recorded = new Map<string, string[]>();
  for (const v of values) recorded.set(v.metricId, [...(recorded.get(v.metricId) ?? []), v.period]);
  const byId = new Map(partnerships.map((p) => [p.id, p]));
  for (const m of metrics) {
    const ps = byId.get(m.partnershipId);
    if (!ps) continue;
    (ps.metrics ??= []).push({ id: m.id, code: m.code, name: m.name, frequency: m.frequency, ownerId: m.ownerId!, recorded: recorded.get(m.id) ?? [] });
  }
}
