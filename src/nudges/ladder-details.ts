// What an escalation tells beyond a reminder (SPEC §10): who was chased and when (the lead's
// reminders actually enqueued for the action), the latest note, the mitigation given with the
// current off track / blocked status, and the lead's snooze. Three queries for all of a sweep's
// escalations; filled into the planned nudges before they are batched.
import type { Database } from '../db/client.js';
import { localDate } from '../calendar/zone.js';
import type { IsoDate } from '../calendar/working-days.js';
import type { NudgeState } from './state.js';
import type { EscalationDetails, PlannedNudge } from './types.js';

/** How far back the lead's reminders are listed. */
const CHASED_LOOKBACK_DAYS = 120;

const CHASED_SQL = `
SELECT n."personId" AS pid, split_part(k, ':', 2) AS aid, (extract(epoch FROM n."createdAt") * 1000)::float8 AS at_ms
  FROM "Notification" n
 CROSS JOIN LATERAL jsonb_array_elements_text(n.payload->'about'->'nudgeKeys') AS k
 WHERE n.kind = 'nudges'
   AND n."partnershipId" = ANY($1::text[])
   AND n."createdAt" >= $3::timestamp
   AND jsonb_typeof(n.payload->'about'->'nudgeKeys') = 'array'
   AND split_part(k, ':', 1) IN ('due', 'overdue', 'quiet', 'chase')
   AND split_part(k, ':', 2) = ANY($2::text[])`;

const NOTES_SQL = `
SELECT DISTINCT ON (su."actionId", kind) su."actionId" AS aid, kind, su.note, p.name AS by,
       (extract(epoch FROM su."createdAt") * 1000)::float8 AS at_ms
  FROM "StatusUpdate" su
  LEFT JOIN "Person" p ON p.id = su."personId"
 CROSS JOIN LATERAL (VALUES
   (CASE WHEN su.note LIKE 'Reminders snoozed%' THEN 'snooze'
         WHEN su.via = 'system' OR su.note LIKE 'Escalation — %' THEN NULL
         ELSE 'note' END),
   (CASE WHEN su."newStatus" IN ('off_track', 'blocked') AND su."oldStatus" IS DISTINCT FROM su."newStatus" AND su.via <> 'system' THEN 'mitigation' END)
 ) AS x(kind)
 WHERE su."actionId" = ANY($1::text[]) AND su.note IS NOT NULL AND kind IS NOT NULL
 ORDER BY su."actionId", kind, su."createdAt" DESC, su.id DESC`;

/** Fills `escalation.details` of the escalation nudges in `planned` (returns new objects). */
export async function withEscalationDetails(db: Database, state: NudgeState, planned: PlannedNudge[], now: Date): Promise<PlannedNudge[]> {
  const escalations = planned.filter((n) => n.escalation && n.subject.type === 'action');
  if (!escalations.length) return planned;
  const actionIds = [...new Set(escalations.map((n) => n.subject.id))];
  const partnershipIds = [...new Set(escalations.map((n) => n.partnershipId))];
  const since = new Date(now.getTime() - CHASED_LOOKBACK_DAYS * 86_400_000).toISOString();
  const [chased, notes] = await db.withSession(async (sql) => [
    await sql.query<{ pid: string | null; aid: string; at_ms: number }>(CHASED_SQL, [partnershipIds, actionIds, since]),
    await sql.query<{ aid: string; kind: string; note: string; by: string | null; at_ms: number }>(NOTES_SQL, [actionIds]),
  ] as const);
  const tzOf = new Map(state.partnerships.map((p) => [p.id, p.timezone]));
  const nameOf = new Map(state.partnerships.flatMap((p) => Object.values(p.people).map((x) => [x.id, x.name] as const)));
  const details = new Map<string, EscalationDetails>();
  const get = (aid: string) => details.get(aid) ?? (details.set(aid, { chased: [] }), details.get(aid)!);
  const partnershipOfAction = new Map(escalations.map((n) => [n.subject.id, n.partnershipId]));
  const chasedDays = new Map<string, Map<string, Set<IsoDate>>>();
  for (const c of chased) {
    if (!c.pid) continue;
    const tz = tzOf.get(partnershipOfAction.get(c.aid) ?? '') ?? 'Europe/London';
    const byPerson = chasedDays.get(c.aid) ?? (chasedDays.set(c.aid, new Map()), chasedDays.get(c.aid)!);
    const days = byPerson.get(c.pid) ?? (byPerson.set(c.pid, new Set()), byPerson.get(c.pid)!);
    days.add(localDate(new Date(Number(c.at_ms)), tz));
  }
  for (const [aid, byPerson] of chasedDays) {
    get(aid).chased = [...byPerson].map(([pid, days]) => ({ name: nameOf.get(pid) ?? 'someone no longer registered', days: [...days].sort() }));
  }
  for (const n of notes) {
    const d = get(n.aid);
    const tz = tzOf.get(partnershipOfAction.get(n.aid) ?? '') ?? 'Europe/London';
    if (n.kind === 'note') d.latestNote = { text: n.note, by: n.by, day: localDate(new Date(Number(n.at_ms)), tz) };
    else if (n.kind === 'mitigation') d.mitigation = n.note;
    else if (n.kind === 'snooze') d.snooze = { by: n.by, note: n.note };
  }
  return planned.map((n) => (n.escalation && details.has(n.subject.id) ? { ...n, escalation: { ...n.escalation, details: details.get(n.subject.id)! } } : n));
}
