// Actions with everything the views show (objective › priority › pillar, lead agency and officer,
// deputies, partners, subgroup and its chairs), in ONE hand-written SQL statement (issue 18).
// Prisma's nested include costs 2–3 ms of query planning and result mapping per command on the
// event loop; this returns the same ActionRecord shape from one query (each model's row as JSON,
// the lists aggregated), assembled here with dates revived. test/register/action-sql.db.test.ts
// holds it equal to Prisma's include.
import type { Database } from '../db/client.js';
import type { ActionRecord, HistoryEntry } from './actions.js';

/**
 * The columns for action row `a`: each model's own columns as JSON (a new column arrives without
 * a change here), every related row fetched by a correlated lookup on its key. Lookups, not joins:
 * the plan is then the same small index walk whatever the parameters, so PostgreSQL can keep one
 * generic plan per connection (see SelectOptions.name) without hash-joining whole tables.
 */
const person = (col: string) => `(SELECT jsonb_build_object('id', p.id, 'name', p.name) FROM "Person" p WHERE p.id = ${col})`;
const ACTION_COLUMNS = `
to_json(a) AS a,
(SELECT json_build_object('o', to_json(o), 'pr', to_json(pr), 'pl', to_json(pl))
   FROM "Objective" o JOIN "Priority" pr ON pr.id = o."priorityId" JOIN "Pillar" pl ON pl.id = pr."pillarId" WHERE o.id = a."objectiveId") AS obj,
(SELECT json_build_object('id', g.id, 'name', g.name, 'shortName', g."shortName") FROM "Agency" g WHERE g.id = a."leadAgencyId") AS lead,
(SELECT json_build_object('id', p.id, 'name', p.name, 'email', p.email) FROM "Person" p WHERE p.id = a."leadOfficerId") AS officer,
(SELECT jsonb_agg(to_jsonb(d) || jsonb_build_object('person', ${person('d."personId"')}) ORDER BY d.position, d."personId")
   FROM "ActionDeputy" d WHERE d."actionId" = a.id) AS deputies,
(SELECT jsonb_agg(to_jsonb(ap) || jsonb_build_object('agency', (SELECT jsonb_build_object('id', g.id, 'name', g.name) FROM "Agency" g WHERE g.id = ap."agencyId"))
                  ORDER BY ap.position, ap."agencyId")
   FROM "ActionPartner" ap WHERE ap."actionId" = a.id) AS partners,
(SELECT j FROM sg_json WHERE sg_json.id = a."subgroupId") AS sg`;

/**
 * The subgroups of the selected actions `a` with their chairs, built once per subgroup rather
 * than once per action (a page of 20 actions has two or three): a CTE beside `a`.
 */
const SUBGROUPS_CTE = `
sg_json AS MATERIALIZED (
  SELECT s.id, to_jsonb(s) || jsonb_build_object('chairs', COALESCE(
           (SELECT jsonb_agg(to_jsonb(r) || jsonb_build_object('person', jsonb_build_object('id', p.id, 'name', p.name)) ORDER BY p.name, r.id)
              FROM "PersonRole" r JOIN "Person" p ON p.id = r."personId" WHERE r."subgroupId" = s.id AND r.role = 'chair'), '[]'::jsonb)) AS j
    FROM "Subgroup" s WHERE s.id IN (SELECT "subgroupId" FROM a))`;

interface ActionRow {
  a: Record<string, unknown>;
  obj: { o: Record<string, unknown>; pr: Record<string, unknown>; pl: Record<string, unknown> };
  lead: Record<string, unknown> | null;
  officer: Record<string, unknown> | null;
  deputies: unknown[] | null;
  partners: unknown[] | null;
  sg: Record<string, unknown> | null;
  history?: Record<string, unknown>[] | null;
}

/** The DateTime columns of each model in the shape (JSON gives them as ISO strings without a zone, in UTC). */
const ACTION_DATES = ['originalDueDate', 'dueDate', 'statusSince', 'lastUpdateAt', 'snoozedUntil', 'reviewUntil', 'createdAt', 'updatedAt'] as const;
const SUBGROUP_DATES = ['createdAt'] as const;

/** "2026-03-31" (a @db.Date) or "2026-03-31T09:15:00.123" (a timestamp(3) in UTC) → Date. */
export function dbDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  const s = String(v);
  return new Date(s.length === 10 ? `${s}T00:00:00Z` : /[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`);
}

function revive<K extends string>(o: Record<string, unknown>, keys: readonly K[]): void {
  for (const k of keys) if (k in o) o[k] = dbDate(o[k]);
}

/** A row → ActionRecord (the shape of Prisma's `actionInclude`), dates revived. */
function assemble(r: ActionRow): ActionRecord {
  const a = r.a;
  revive(a, ACTION_DATES);
  a.objective = { ...r.obj.o, priority: { ...r.obj.pr, pillar: r.obj.pl } };
  a.leadAgency = r.lead;
  a.leadOfficer = r.officer;
  a.deputies = r.deputies ?? [];
  a.partners = r.partners ?? [];
  if (r.sg) revive(r.sg, SUBGROUP_DATES);
  a.subgroup = r.sg;
  return a as unknown as ActionRecord;
}

/** The action's latest `take` history rows, newest first, as HistoryEntry JSON. */
const historyColumn = (take: number) => `
(SELECT jsonb_agg(jsonb_build_object('createdAt', h."createdAt", 'via', h.via, 'oldStatus', h."oldStatus", 'newStatus', h."newStatus",
                                     'note', h.note, 'personName', h.name, 'source', h.source, 'change', h.change)
                  ORDER BY h."createdAt" DESC, h.id DESC)
   FROM (SELECT su.*, p.name FROM "StatusUpdate" su LEFT JOIN "Person" p ON p.id = su."personId"
          WHERE su."actionId" = a.id ORDER BY su."createdAt" DESC, su.id DESC LIMIT ${Math.floor(take)}) h) AS history`;

export interface SelectOptions {
  /** ORDER BY over `a`; default by ref. */
  order?: string;
  limit?: number;
  /**
   * Names the statement: on PostgreSQL it is prepared once per connection and its plan reused
   * (planning is most of this query's cost). Only for SQL text that never varies under the name.
   */
  name?: string;
}

/** Actions of `a` (alias) matching `where` (SQL over `a`, with $n params), in one statement. */
export async function selectActions(db: Database, where: string, params: unknown[], o: SelectOptions = {}): Promise<ActionRecord[]> {
  return (await select(db, ACTION_COLUMNS, where, params, o)).map(assemble);
}

/** The same, each with its latest `take` history rows (for `show`), still one statement. */
export async function selectActionsWithHistory(db: Database, where: string, params: unknown[], take: number, o: SelectOptions = {}): Promise<(ActionRecord & { history: HistoryEntry[] })[]> {
  const rows = await select(db, `${ACTION_COLUMNS}, ${historyColumn(take)}`, where, params, o);
  return rows.map((r) => {
    const history = (r.history ?? []).map((h) => ({ ...h, createdAt: dbDate(h.createdAt)! }) as unknown as HistoryEntry);
    return Object.assign(assemble(r), { history });
  });
}

/** One page of a list, with the whole list's size and how many of it are overdue. */
export interface ActionPage {
  actions: ActionRecord[];
  total: number;
  overdue: number;
}

/**
 * The first `limit` actions matching `where` in `order`, and counts over all of them, in one
 * statement: the related rows are looked up for the page only (a lead with 86 open actions sees 20).
 * Overdue: open, not ongoing, due before `today` (an ISO day).
 */
export async function selectActionPage(db: Database, where: string, params: unknown[], o: SelectOptions & { limit: number; today: string }): Promise<ActionPage> {
  const order = o.order ?? 'a.ref';
  const today = params.length + 1;
  // The page's rows are read once, with the counts over the whole list; the related rows are
  // looked up for them only. (Joining the page back to "Action" let the planner hash-join the
  // whole table when its statistics were fresh.)
  const sql = `WITH a AS (
    SELECT a.*, count(*) OVER () AS "_total",
           count(*) FILTER (WHERE a."dueDate" < $${today}::date AND a.status NOT IN ('ongoing', 'complete', 'cancelled')) OVER () AS "_overdue"
      FROM "Action" a WHERE ${where} ORDER BY ${order} LIMIT ${Math.floor(o.limit)}),
  ${SUBGROUPS_CTE}
  SELECT ${ACTION_COLUMNS} FROM a ORDER BY ${order}`;
  const rows = await db.query<ActionRow>(sql, [...params, o.today], o.name);
  const counts = rows[0]?.a ?? {};
  const total = Number(counts._total ?? 0);
  const overdue = Number(counts._overdue ?? 0);
  for (const r of rows) {
    delete r.a._total;
    delete r.a._overdue;
  }
  return { actions: rows.map(assemble), total, overdue };
}

async function select(db: Database, columns: string, where: string, params: unknown[], o: SelectOptions): Promise<ActionRow[]> {
  const order = o.order ?? 'a.ref';
  const sql = `WITH a AS MATERIALIZED (SELECT a.* FROM "Action" a WHERE ${where} ORDER BY ${order}${o.limit ? ` LIMIT ${Math.floor(o.limit)}` : ''}),
  ${SUBGROUPS_CTE}
  SELECT ${columns} FROM a ORDER BY ${order}`;
  return db.query<ActionRow>(sql, params, o.name);
}
