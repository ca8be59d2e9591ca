// The action use cases over Prisma: find by ref (with "did you mean"), update with history and
// optimistic concurrency, redate, snooze, search and the lists behind `mine`/`due`/`overdue`.
// Every change writes its StatusUpdate (and DueDateChange) in the same transaction as the change.
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { ActionStatus, Via } from '../generated/prisma/enums.js';
import { err, ok, type Result, domainError } from '../result.js';
import { PLAUSIBLE_REF, didYouMean, matchRef, shownRef, suggestRefs } from './refs.js';
import { withLockedRow } from './locking.js';

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

/** Finds an action of the partnership by ref; a miss says so and suggests the nearest refs. */
export async function findActionByRef(prisma: PrismaClient, partnershipId: string, ref: string): Promise<Result<ActionRecord>> {
  if (!PLAUSIBLE_REF.test(ref.trim())) return err(domainError('not_found', `No action ${shownRef(ref)}.`, 'Refs look like TRS-07 (see `mine`), or search with `find <words>`.'));
  const exact = await prisma.action.findUnique({
    where: { partnershipId_ref: { partnershipId, ref: ref.trim().toUpperCase() } },
    include: actionInclude,
  });
  if (exact) return ok(exact);
  const refs = (await prisma.action.findMany({ where: { partnershipId }, select: { ref: true } })).map((r) => r.ref);
  const same = matchRef(ref, refs);
  if (same) {
    const a = await prisma.action.findUnique({ where: { partnershipId_ref: { partnershipId, ref: same } }, include: actionInclude });
    if (a) return ok(a);
  }
  const shown = shownRef(ref);
  return err(
    domainError(
      'not_found',
      `No action ${shown}.${didYouMean(suggestRefs(ref, refs))}`,
      'Refs look like TRS-07 (see `mine`), or search with `find <words>`.',
    ),
  );
}

export async function loadAction(prisma: PrismaClient, actionId: string): Promise<ActionRecord> {
  return prisma.action.findUniqueOrThrow({ where: { id: actionId }, include: actionInclude });
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

/** Records a status and/or note: one StatusUpdate row in the same transaction; safe under concurrency. */
export async function updateAction(prisma: PrismaClient, input: UpdateInput): Promise<UpdateOutcome> {
  return withLockedRow(prisma, 'Action', input.actionId, async (tx, version) => {
    const cur = await tx.action.findUniqueOrThrow({ where: { id: input.actionId }, select: { status: true, partnershipId: true } });
    const newStatus = input.status ?? cur.status;
    const statusChanges = newStatus !== cur.status;
    if (!statusChanges && !input.note) return { changed: false, oldStatus: cur.status, newStatus };
    const res = await tx.action.updateMany({
      where: { id: input.actionId, version },
      data: {
        status: newStatus,
        ...(statusChanges ? { statusSince: input.now } : {}),
        lastUpdateAt: input.now,
        version: { increment: 1 },
      },
    });
    if (res.count !== 1) return 'conflict';
    await tx.statusUpdate.create({
      data: {
        partnershipId: cur.partnershipId,
        actionId: input.actionId,
        personId: input.personId,
        via: input.via,
        oldStatus: statusChanges ? cur.status : null,
        newStatus: statusChanges ? newStatus : null,
        note: input.note ?? null,
        createdAt: input.now,
      },
    });
    return { changed: true, oldStatus: cur.status, newStatus };
  });
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

export async function recentHistory(prisma: PrismaClient, actionId: string, take = 5): Promise<HistoryEntry[]> {
  const rows = await prisma.statusUpdate.findMany({
    where: { actionId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
    include: { person: { select: { name: true } } },
  });
  return rows.map((r) => ({ createdAt: r.createdAt, via: r.via, oldStatus: r.oldStatus, newStatus: r.newStatus, note: r.note, personName: r.person?.name ?? null, source: r.source, change: r.change }));
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

/** Open actions that the agencies lead or partner (or the person is named on), soonest due first (no date last). */
export async function listOpenActions(prisma: PrismaClient, partnershipId: string, f: ListFilter): Promise<ActionRecord[]> {
  if (f.agencyIds.length === 0 && !f.personId) return [];
  const due: Prisma.DateTimeNullableFilter = {};
  if (f.dueFrom) due.gte = f.dueFrom;
  if (f.dueTo) due.lte = f.dueTo;
  if (f.dueBefore) due.lt = f.dueBefore;
  return prisma.action.findMany({
    where: {
      partnershipId,
      status: { in: OPEN_STATUSES },
      OR: [
        { leadAgencyId: { in: f.agencyIds } },
        { partners: { some: { agencyId: { in: f.agencyIds } } } },
        ...(f.personId ? [{ leadOfficerId: f.personId }, { deputies: { some: { personId: f.personId } } }] : []),
      ],
      ...(Object.keys(due).length ? { dueDate: due } : {}),
    },
    include: actionInclude,
    orderBy: [{ dueDate: { sort: 'asc', nulls: 'last' } }, { ref: 'asc' }],
  });
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
