// What the ladder policy needs to know about the actions a sweep looks at, in two queries: the
// rungs each reached (Escalation rows) and when a chair of its subgroup last did something
// about it (an update or note by that chair).
import type { Database } from '../db/client.js';
import { isoOfDbDate } from '../calendar/working-days.js';
import type { LadderRung } from './state.js';

const CHAIR_ACTIVITY_SQL = `
SELECT su."actionId" AS id, (extract(epoch FROM max(su."createdAt")) * 1000)::float8 AS at_ms
  FROM "StatusUpdate" su
  JOIN "Action" a ON a.id = su."actionId"
  JOIN "PersonRole" pr ON pr."personId" = su."personId" AND pr.role = 'chair' AND pr."subgroupId" = a."subgroupId"
 WHERE su."actionId" = ANY($1::text[])
 GROUP BY su."actionId"`;

export async function loadLadder(db: Database, actionIds: string[]): Promise<{ rungs: Map<string, LadderRung[]>; chairActedAt: Map<string, Date> }> {
  const rungs = new Map<string, LadderRung[]>();
  const chairActedAt = new Map<string, Date>();
  if (!actionIds.length) return { rungs, chairActedAt };
  const [rows, activity] = await Promise.all([
    db.prisma.escalation.findMany({ where: { actionId: { in: actionIds } }, orderBy: { createdAt: 'asc' } }),
    db.withSession((sql) => sql.query<{ id: string; at_ms: number }>(CHAIR_ACTIVITY_SQL, [actionIds])),
  ]);
  for (const r of rows) {
    let list = rungs.get(r.actionId);
    if (!list) rungs.set(r.actionId, (list = []));
    list.push({
      rung: r.rung === 'sro' ? 'sro' : 'chair', episode: r.episode, day: isoOfDbDate(r.day), createdAt: r.createdAt, personIds: r.personIds,
      chasedAt: r.chasedAt, raisedAt: r.raisedAt, actedAt: r.actedAt,
    });
  }
  for (const a of activity) chairActedAt.set(a.id, new Date(Number(a.at_ms)));
  return { rungs, chairActedAt };
}
