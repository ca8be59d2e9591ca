// The action use cases over Prisma: find by ref (with "did you mean"), update with history and
// optimistic concurrency, redate, snooze, search and the lists behind `mine`/`due`/`overdue`.
// Every change writes its StatusUpdate (and DueDateChange) in the same transaction as the change.
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { ActionStatus, Via } from '../generated/prisma/enums.js';
import { err, ok, type Result, domainError } from '../result.js';
import { PLAUSIBLE_REF, didYouMean, matchRef, shownRef, suggestRefs } from './refs.js';
import { withLockedRow } from './locking.js';
import type { Database } from '../db/client.js';
import { isoOfDbDate } from '../calendar/working-days.js';
import { selectActionPage, selectActions, selectActionsWithHistory, type ActionPage } from './action-sql.js';

export const actionInclude = {
  objective: { include: { priority: { include: { pillar: true } } } },
  leadAgency: { select: { id: true, name: true, shortName: true } },
  leadOfficer: { select: { id: true, name: true, email: true } },
  deputies: { include: { person: { select: { id: true, name: true } } }, orderBy: { position: 'asc' } },
  partners: { include: { agency: { select: { id: true, name: true } } }, orderBy: { position: 'asc' } },
  subgroup: {
    include: { chairs: { where: { role: 'chair' }, include: { person: { select: { id: true, name: true } } } } },
  },
} satisfies Prisma.ActionInclude;

export type ActionRecord = Prisma.ActionGetPayload<{ include: typeof actionInclude }>;

export const OPEN_STATUSES: ActionStatus[] = ['not_started', 'on_track', 'at_risk', 'off_track', 'blocked', 'ongoing'];

/** Finds an action of the partnership by ref (one statement when it is exact); a miss says so and suggests the nearest refs. */
export async function findActionByRef(db: Database, partnershipId: string, ref: string): Promise<Result<ActionRecord>> {
  return findByRef(db, partnershipId, ref, (r) => selectActions(db, BY_REF, [partnershipId, r], { name: 'cdp_action_by_ref' }));
}

/** findActionByRef with the latest `take` history rows, in the same statement (`show`). */
export async function findActionWithHistory(db: Database, partnershipId: string, ref: string, take = 5): Promise<Result<ActionRecord & { history: HistoryEntry[] }>> {
  return findByRef(db, partnershipId, ref, (r) => selectActionsWithHistory(db, BY_REF, [partnershipId, r], take, { name: `cdp_action_by_ref_history_${take}` }));
}

const BY_REF = 'a."partnershipId" = $1 AND a.ref = $2';

async function findByRef<T>(db: Database, partnershipId: string, ref: string, load: (ref: string) => Promise<T[]>): Promise<Result<T>> {
  if (!PLAUSIBLE_REF.test(ref.trim())) return err(domainError('not_found', `No action ${shownRef(ref)}.`, 'Refs look like TRS-07 (see `mine`), or search with `find <words>`.'));
  const exact = (await load(ref.trim().toUpperCase()))[0];
  if (exact) return ok(exact);
  const refs = (await db.prisma.action.findMany({ where: { partnershipId }, select: { ref: true } })).map((r) => r.ref);
  const same = matchRef(ref, refs);
  if (same) {
    const a = (await load(same))[0];
    if (a) return ok(a);
  }
  return err(
    domainError(
      'not_found',
      `No action ${shownRef(ref)}.${didYouMean(suggestRefs(ref, refs))}`,
      'Refs look like TRS-07 (see `mine`), or search with `find <words>`.',
    ),
  );
}

export async function loadAction(db: Database, actionId: string): Promise<ActionRecord> {
  const a = (await selectActions(db, 'a.id = $1', [actionId], { name: 'cdp_action_by_id' }))[0];
  if (!a) throw new Error(`Action ${actionId} not found`);
  return a;
}

export interface UpdateInput {
  actionId: string;
  personId: string | null;
  via: Via;
  now: Date;
  status?: ActionStatus;
  /** Already cleaned (cleanNote). */
  note?: string;
}

export interface UpdateOutcome {
  /** false: nothing to record (same status, no note) — a retried button press. */
  changed: boolean;
  oldStatus: ActionStatus;
  newStatus: ActionStatus;
}

// One statement, atomic on its own: the row is locked (FOR UPDATE) so concurrent updates queue
// and each sees the one before; nothing is written when the status stays and there is no note.
// Instants are stored as UTC timestamps, as Prisma stores them (updatedAt is the database's now).
const UPDATE_ACTION_SQL = `
WITH cur AS (
  SELECT id, status, "partnershipId" FROM "Action" WHERE id = $1 FOR UPDATE
), nxt AS (
  SELECT cur.*, COALESCE($2::text::"ActionStatus", cur.status) AS new_status FROM cur
), upd AS (
  UPDATE "Action" a
     SET status = nxt.new_status,
         "statusSince" = CASE WHEN nxt.new_status <> nxt.status THEN $3::timestamptz AT TIME ZONE 'UTC' ELSE a."statusSince" END,
         "lastUpdateAt" = $3::timestamptz AT TIME ZONE 'UTC',
         version = a.version + 1,
         "updatedAt" = now() AT TIME ZONE 'UTC'
    FROM nxt
   WHERE a.id = nxt.id AND (nxt.new_status <> nxt.status OR $4::text IS NOT NULL)
  RETURNING a.id
), ins AS (
  INSERT INTO "StatusUpdate" (id, "partnershipId", "actionId", "personId", via, "oldStatus", "newStatus", note, "createdAt")
  SELECT gen_random_uuid()::text, nxt."partnershipId", nxt.id, $5::text, $6::text::"Via",
         CASE WHEN nxt.new_status <> nxt.status THEN nxt.status END,
         CASE WHEN nxt.new_status <> nxt.status THEN nxt.new_status END,
         $4::text, $3::timestamptz AT TIME ZONE 'UTC'
    FROM nxt JOIN upd ON upd.id = nxt.id
  RETURNING id
)
SELECT nxt.status::text AS old_status, nxt.new_status::text AS new_status, (SELECT count(*) FROM ins)::int AS written FROM nxt`;

/** Records a status and/or note: one StatusUpdate row written with the change, in one statement; safe under concurrency. */
export async function updateAction(db: Database, input: UpdateInput): Promise<UpdateOutcome> {
  const rows = await db.query<{ old_status: ActionStatus; new_status: ActionStatus; written: number }>(UPDATE_ACTION_SQL, [
    input.actionId, input.status ?? null, input.now.toISOString(), input.note || null, input.personId, input.via,
  ], 'cdp_update_action');
  const r = rows[0];
  if (!r) throw new Error(`Action ${input.actionId} not found`);
  return { changed: Number(r.written) > 0, oldStatus: r.old_status, newStatus: r.new_status };
}

export interface RedateInput {
  actionId: string;
  personId: string | null;
  via: Via;
  now: Date;
  /** 00:00 UTC of the new due day. */
  date: Date;
  reason: string;
  /** Formats a date for the history note ("31 Mar 2026"). */
  formatDate: (d: Date) => string;
}

export type RedateOutcome = { changed: false; dueDate: Date | null } | { changed: true; from: Date | null; to: Date; dueMoves: number; original: Date | null };

/** Moves the due date: keeps the original, counts the move, writes DueDateChange + StatusUpdate. */
export async function redateAction(prisma: PrismaClient, input: RedateInput): Promise<RedateOutcome> {
  return withLockedRow(prisma, 'Action', input.actionId, async (tx, version) => {
    const cur = await tx.action.findUniqueOrThrow({
      where: { id: input.actionId },
      select: { dueDate: true, originalDueDate: true, dueMoves: true, partnershipId: true },
    });
    if (cur.dueDate && cur.dueDate.getTime() === input.date.getTime()) return { changed: false as const, dueDate: cur.dueDate };
    const original = cur.originalDueDate ?? cur.dueDate;
    const res = await tx.action.updateMany({
      where: { id: input.actionId, version },
      data: {
        dueDate: input.date,
        originalDueDate: original,
        dueMoves: { increment: 1 },
        lastUpdateAt: input.now,
        version: { increment: 1 },
      },
    });
    if (res.count !== 1) return 'conflict';
    await tx.dueDateChange.create({
      data: { actionId: input.actionId, fromDate: cur.dueDate, toDate: input.date, reason: input.reason, personId: input.personId, via: input.via, createdAt: input.now },
    });
    const from = cur.dueDate ? input.formatDate(cur.dueDate) : 'no date';
    await tx.statusUpdate.create({
      data: {
        partnershipId: cur.partnershipId,
        actionId: input.actionId,
        personId: input.personId,
        via: input.via,
        note: `Due date moved from ${from} to ${input.formatDate(input.date)}: ${input.reason}`,
        createdAt: input.now,
      },
    });
    return { changed: true as const, from: cur.dueDate, to: input.date, dueMoves: cur.dueMoves + 1, original };
  });
}

export interface SnoozeInput {
  actionId: string;
  personId: string | null;
  via: Via;
  now: Date;
  until: Date;
  note: string;
}

/** Pauses reminders until `until` (kept until it expires, whatever updates come in); history row. */
export async function snoozeAction(prisma: PrismaClient, input: SnoozeInput): Promise<{ changed: boolean }> {
  return withLockedRow(prisma, 'Action', input.actionId, async (tx, version) => {
    const cur = await tx.action.findUniqueOrThrow({ where: { id: input.actionId }, select: { snoozedUntil: true, partnershipId: true } });
    if (cur.snoozedUntil && cur.snoozedUntil.getTime() === input.until.getTime()) return { changed: false };
    const res = await tx.action.updateMany({
      where: { id: input.actionId, version },
      data: { snoozedUntil: input.until, version: { increment: 1 } },
    });
    if (res.count !== 1) return 'conflict';
    await tx.statusUpdate.create({
      data: { partnershipId: cur.partnershipId, actionId: input.actionId, personId: input.personId, via: input.via, note: input.note, createdAt: input.now },
    });
    return { changed: true };
  });
}

export interface HistoryEntry {
  createdAt: Date;
  via: Via;
  oldStatus: ActionStatus | null;
  newStatus: ActionStatus | null;
  note: string | null;
  personName: string | null;
  /** The imported file's name, for changes made by an import. */
  source: string | null;
  /** For rows that are not a status update: "created", "due", "notes", "lead_officer", "prune", "year_end" … */
  change: string | null;
}

/** The action's latest `take` history rows, newest first (the same statement `show` uses). */
export async function recentHistory(db: Database, actionId: string, take = 5): Promise<HistoryEntry[]> {
  const [a] = await selectActionsWithHistory(db, 'a.id = $1', [actionId], take, { name: `cdp_action_by_id_history_${take}` });
  return a?.history ?? [];
}

export interface ListFilter {
  agencyIds: string[];
  /** Also the actions this person is named on as lead officer or deputy. */
  personId?: string;
  /** Due on or after (00:00 UTC of a day). */
  dueFrom?: Date;
  /** Due on or before. */
  dueTo?: Date;
  /** Due strictly before (overdue). */
  dueBefore?: Date;
}

const OPEN_ORDER = 'a."dueDate" ASC NULLS LAST, a.ref ASC';

/** The WHERE of the open-action lists, its parameters and a statement name per shape. */
function openActionsWhere(partnershipId: string, f: ListFilter) {
  const params: unknown[] = [partnershipId, OPEN_STATUSES, f.agencyIds, f.personId ?? null];
  const due = (op: string, d: Date | undefined) => (d ? ` AND a."dueDate" ${op} $${params.push(isoOfDbDate(d))}::date` : '');
  const where =
    `a."partnershipId" = $1 AND a.status = ANY($2::text[]::"ActionStatus"[])
     AND (a."leadAgencyId" = ANY($3::text[])
          OR EXISTS (SELECT 1 FROM "ActionPartner" p WHERE p."actionId" = a.id AND p."agencyId" = ANY($3::text[]))
          OR a."leadOfficerId" = $4
          OR EXISTS (SELECT 1 FROM "ActionDeputy" d WHERE d."actionId" = a.id AND d."personId" = $4))` +
    due('>=', f.dueFrom) + due('<=', f.dueTo) + due('<', f.dueBefore);
  const name = `cdp_open_actions${f.dueFrom ? '_from' : ''}${f.dueTo ? '_to' : ''}${f.dueBefore ? '_before' : ''}`;
  return { where, params, name };
}

/** Open actions that the agencies lead or partner (or the person is named on), soonest due first (no date last); one statement. */
export async function listOpenActions(db: Database, partnershipId: string, f: ListFilter): Promise<ActionRecord[]> {
  if (f.agencyIds.length === 0 && !f.personId) return [];
  const q = openActionsWhere(partnershipId, f);
  return selectActions(db, q.where, q.params, { order: OPEN_ORDER, name: q.name });
}

/** The first `limit` of those, with how many there are and how many are overdue on `today`; one statement. */
export async function pageOpenActions(db: Database, partnershipId: string, f: ListFilter, page: { limit: number; today: Date }): Promise<ActionPage> {
  if (f.agencyIds.length === 0 && !f.personId) return { actions: [], total: 0, overdue: 0 };
  const q = openActionsWhere(partnershipId, f);
  return selectActionPage(db, q.where, q.params, { order: OPEN_ORDER, name: `${q.name}_page${page.limit}`, limit: page.limit, today: isoOfDbDate(page.today) });
}

/** A LIKE pattern that matches `text` literally (PostgreSQL's default escape character is \\). */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Case-insensitive search across ref, title, objective and notes; every word must match somewhere. */
export async function searchActions(prisma: PrismaClient, partnershipId: string, words: string, take = 15) {
  // Prisma's `contains` is SQL LIKE: % and _ would be wildcards ("find %" matching everything).
  const terms = words.split(/\s+/).map((w) => w.trim()).filter(Boolean).slice(0, 8).map(escapeLike);
  const where: Prisma.ActionWhereInput = {
    partnershipId,
    AND: terms.map((t) => ({
      OR: [
        { ref: { contains: t, mode: 'insensitive' as const } },
        { title: { contains: t, mode: 'insensitive' as const } },
        { notes: { contains: t, mode: 'insensitive' as const } },
        { objective: { name: { contains: t, mode: 'insensitive' as const } } },
      ],
    })),
  };
  const [total, rows] = await Promise.all([
    prisma.action.count({ where }),
    prisma.action.findMany({ where, include: actionInclude, orderBy: [{ ref: 'asc' }], take: 200 }),
  ]);
  // Exact ref first, then title matches, then the rest; stable by ref.
  const lower = words.split(/\s+/).map((w) => w.trim()).filter(Boolean).slice(0, 8).map((t) => t.toLowerCase());
  const score = (a: ActionRecord) =>
    (lower.length === 1 && a.ref.toLowerCase() === lower[0] ? 0 : 2) - (lower.every((t) => a.title.toLowerCase().includes(t)) ? 1 : 0);
  rows.sort((a, b) => score(a) - score(b) || a.ref.localeCompare(b.ref));
  return { total, actions: rows.slice(0, take) };
}
