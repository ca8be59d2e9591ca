// What the ladder policy needs to know about the actions a sweep looks at, in two queries: the
// rungs each reached (Escalation rows) and when a chair of its subgroup last did something
// about it (an update or note by that chair). Both take the ids as ONE array parameter: a sweep
// over 50,000 actions would pass PostgreSQL's 65,535 bind-parameter limit as an IN list.
import type { Database } from '../db/client.js';
import type { LadderRung } from './state.js';

const CHAIR_ACTIVITY_SQL = `
SELECT su."actionId" AS id, (extract(epoch FROM max(su."createdAt")) * 1000)::float8 AS at_ms
  FROM "StatusUpdate" su
  JOIN "Action" a ON a.id = su."actionId"
  JOIN "PersonRole" pr ON pr."personId" = su."personId" AND pr.role = 'chair' AND pr."subgroupId" = a."subgroupId"
 WHERE su."actionId" = ANY($1::text[])
 GROUP BY su."actionId"`;

const ms = (col: string) => `(extract(epoch FROM ${col}) * 1000)::float8`;
const ESCALATIONS_SQL = `
SELECT "actionId" AS aid, rung, episode, to_char(day, 'YYYY-MM-DD') AS day, "personIds" AS pids,
       ${ms('"createdAt"')} AS created_ms, ${ms('"chasedAt"')} AS chased_ms,
       ${ms('"raisedAt"')} AS raised_ms, ${ms('"actedAt"')} AS acted_ms
  FROM "Escalation"
 WHERE "actionId" = ANY($1::text[])
 ORDER BY "createdAt", id`;

interface EscalationRow {
  aid: string; rung: string; episode: string; day: string; pids: string[];
  created_ms: number; chased_ms: number | null; raised_ms: number | null; acted_ms: number | null;
}

const dateOrNull = (v: number | null): Date | null => (v === null ? null : new Date(Number(v)));

export async function loadLadder(db: Database, actionIds: string[]): Promise<{ rungs: Map<string, LadderRung[]>; chairActedAt: Map<string, Date> }> {
  const rungs = new Map<string, LadderRung[]>();
  const chairActedAt = new Map<string, Date>();
  if (!actionIds.length) return { rungs, chairActedAt };
  const [rows, activity] = await Promise.all([
    db.withSession((sql) => sql.query<EscalationRow>(ESCALATIONS_SQL, [actionIds])),
    db.withSession((sql) => sql.query<{ id: string; at_ms: number }>(CHAIR_ACTIVITY_SQL, [actionIds])),
  ]);
  for (const r of rows) {
    let list = rungs.get(r.aid);
    if (!list) rungs.set(r.aid, (list = []));
    list.push({
      rung: r.rung === 'sro' ? 'sro' : 'chair', episode: r.episode, day: r.day, createdAt: new Date(Number(r.created_ms)), personIds: r.pids ?? [],
      chasedAt: dateOrNull(r.chased_ms), raisedAt: dateOrNull(r.raised_ms), actedAt: dateOrNull(r.acted_ms),
    });
  }
  for (const a of activity) chairActedAt.set(a.id, new Date(Number(a.at_ms)));
  return { rungs, chairActedAt };
}
