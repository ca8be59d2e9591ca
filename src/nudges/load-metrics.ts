// The metrics with an owner, for the metric policy, in ONE statement: each metric with the
// periods it already has figures for (the last two years only: nothing older is ever asked).
import type { Database } from '../db/client.js';
import { addDays } from '../calendar/working-days.js';
import { localDate } from '../calendar/zone.js';
import type { PartnershipNudgeState } from './state.js';

const OWNED_METRICS_SQL = `
SELECT m.id, m."partnershipId" AS pid, m.code, m.name, m.frequency, m."ownerId" AS owner,
       coalesce(array_agg(DISTINCT v.period) FILTER (WHERE v.period IS NOT NULL), '{}') AS recorded
  FROM "Metric" m
  LEFT JOIN "MetricValue" v ON v."metricId" = m.id AND v."periodEnd" >= $2::date
 WHERE m."partnershipId" = ANY($1::text[]) AND m."ownerId" IS NOT NULL AND m.frequency IN ('quarterly', 'annual')
 GROUP BY m.id
 ORDER BY m.position, m.code`;

interface OwnedRow { id: string; pid: string; code: string; name: string; frequency: string; owner: string; recorded: string[] }

export async function attachOwnedMetrics(db: Database, partnerships: PartnershipNudgeState[], now: Date): Promise<void> {
  if (!partnerships.length) return;
  const since = addDays(localDate(now, 'UTC'), -800);
  const rows = await db.withSession((sql) => sql.query<OwnedRow>(OWNED_METRICS_SQL, [partnerships.map((p) => p.id), since]));
  const byId = new Map(partnerships.map((p) => [p.id, p]));
  for (const m of rows) {
    const ps = byId.get(m.pid);
    if (!ps) continue;
    (ps.metrics ??= []).push({ id: m.id, code: m.code, name: m.name, frequency: m.frequency, ownerId: m.owner, recorded: m.recorded ?? [] });
  }
}
