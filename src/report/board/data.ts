// Everything the board pack shows, read from the register in one go: the actions with their
// place in the plan, lead (short name), latest note and the note since their status changed
// (the mitigation); every due-date move; the status changes since the last board; contracts.
import type { PrismaClient } from '../../generated/prisma/client.js';
import { localDate } from '../../calendar/zone.js';
import type { IsoDate } from '../../calendar/working-days.js';
import type { ActionStatus, ContractRoute, ContractStage } from '../../register/status.js';

export interface BoardAction {
  ref: string;
  title: string;
  pillar: string;
  subgroup: string | null;
  lead: string | null;
  leadShort: string | null;
  status: ActionStatus;
  statusSince: Date;
  dueDate: IsoDate | null;
  originalDueDate: IsoDate | null;
  dueMoves: number;
  lastUpdateAt: Date | null;
  latestNote: { text: string; at: Date; by: string | null } | null;
}

export interface BoardDueMove {
  ref: string;
  title: string;
  pillar: string;
  lead: string | null;
  from: IsoDate | null;
  to: IsoDate | null;
  reason: string;
  by: string | null;
  via: string;
  at: Date;
}

export interface BoardStatusChange {
  ref: string;
  title: string;
  from: ActionStatus | null;
  to: ActionStatus;
  by: string | null;
  via: string;
  note: string | null;
  at: Date;
}

export interface BoardContract {
  ref: string;
  service: string;
  provider: string | null;
  commissioner: string | null;
  startDate: IsoDate | null;
  expiryDate: IsoDate;
  extensionNoticeDate: IsoDate | null;
  extensionOptions: string | null;
  annualValue: number | null;
  route: ContractRoute;
  stage: ContractStage;
}

export interface BoardData {
  partnership: { id: string; name: string; timezone: string; planYear: string };
  now: Date;
  today: IsoDate;
  /** "Changes since the last board" count from here. */
  since: Date;
  /** Where `since` came from, said on the report. */
  sinceSource: 'given' | 'previous report' | 'default';
  actions: BoardAction[];
  dueMoves: BoardDueMove[];
  changes: BoardStatusChange[];
  contracts: BoardContract[];
}

const iso = (d: Date | null | undefined): IsoDate | null => (d ? d.toISOString().slice(0, 10) : null);

/** The previous board report's end, if one was recorded. */
export async function previousBoardRun(prisma: PrismaClient, partnershipId: string, before: Date): Promise<Date | undefined> {
  const run = await prisma.reportRun.findFirst({ where: { partnershipId, kind: 'board', until: { lt: before } }, orderBy: { until: 'desc' }, select: { until: true } });
  return run?.until;
}

/** The default period when there is no previous board: the last 3 months. */
export const DEFAULT_SINCE_DAYS = 91;

export async function loadBoardData(prisma: PrismaClient, args: { partnershipId: string; now: Date; since?: Date }): Promise<BoardData> {
  const p = await prisma.partnership.findUniqueOrThrow({ where: { id: args.partnershipId }, select: { id: true, name: true, timezone: true, planYear: true } });
  const previous = args.since ? undefined : await previousBoardRun(prisma, p.id, args.now);
  const since = args.since ?? previous ?? new Date(args.now.getTime() - DEFAULT_SINCE_DAYS * 86_400_000);
  const person = { select: { name: true } } as const;
  const [actions, notes, moves, changes, contracts] = await Promise.all([
    prisma.action.findMany({
      where: { partnershipId: p.id },
      select: {
        id: true, ref: true, title: true, status: true, statusSince: true, dueDate: true, originalDueDate: true, dueMoves: true, lastUpdateAt: true, position: true,
        objective: { select: { priority: { select: { pillar: { select: { name: true, position: true } } } } } },
        subgroup: { select: { name: true } },
        leadAgency: { select: { name: true, shortName: true } },
      },
    }),
    // The latest note of each action (one row per action).
    prisma.statusUpdate.findMany({
      where: { partnershipId: p.id, note: { not: null } },
      distinct: ['actionId'],
      orderBy: [{ actionId: 'asc' }, { createdAt: 'desc' }],
      select: { actionId: true, note: true, createdAt: true, person },
    }),
    prisma.dueDateChange.findMany({
      where: { action: { partnershipId: p.id } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { fromDate: true, toDate: true, reason: true, via: true, createdAt: true, person, action: { select: { ref: true, title: true, leadAgency: { select: { name: true, shortName: true } }, objective: { select: { priority: { select: { pillar: { select: { name: true } } } } } } } } },
    }),
    prisma.statusUpdate.findMany({
      where: { partnershipId: p.id, createdAt: { gt: since, lte: args.now }, newStatus: { not: null } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: { oldStatus: true, newStatus: true, note: true, via: true, createdAt: true, person, action: { select: { ref: true, title: true } } },
    }),
    prisma.contract.findMany({ where: { partnershipId: p.id }, include: { commissionerAgency: { select: { name: true, shortName: true } } }, orderBy: [{ expiryDate: 'asc' }, { ref: 'asc' }] }),
  ]);
  const noteBy = new Map(notes.filter((n) => n.note?.trim()).map((n) => [n.actionId, { text: n.note!, at: n.createdAt, by: n.person?.name ?? null }]));
  const sorted = [...actions].sort((a, b) =>
    a.objective.priority.pillar.position - b.objective.priority.pillar.position || a.ref.localeCompare(b.ref, 'en', { numeric: true }));

  return {
    partnership: p,
    now: args.now,
    today: localDate(args.now, p.timezone),
    since,
    sinceSource: args.since ? 'given' : previous ? 'previous report' : 'default',
    actions: sorted.map((a) => ({
      ref: a.ref, title: a.title, pillar: a.objective.priority.pillar.name, subgroup: a.subgroup?.name ?? null,
      lead: a.leadAgency?.name ?? null, leadShort: a.leadAgency?.shortName ?? null,
      status: a.status, statusSince: a.statusSince, dueDate: iso(a.dueDate), originalDueDate: iso(a.originalDueDate), dueMoves: a.dueMoves,
      lastUpdateAt: a.lastUpdateAt, latestNote: noteBy.get(a.id) ?? null,
    })),
    dueMoves: moves.map((m) => ({
      ref: m.action.ref, title: m.action.title, pillar: m.action.objective.priority.pillar.name, lead: m.action.leadAgency?.shortName ?? m.action.leadAgency?.name ?? null,
      from: iso(m.fromDate), to: iso(m.toDate), reason: m.reason, by: m.person?.name ?? null, via: m.via, at: m.createdAt,
    })),
    changes: changes.filter((c) => c.newStatus && c.newStatus !== c.oldStatus).map((c) => ({
      ref: c.action.ref, title: c.action.title, from: c.oldStatus, to: c.newStatus!, by: c.person?.name ?? null, via: c.via, note: c.note, at: c.createdAt,
    })),
    contracts: contracts.map((c) => ({
      ref: c.ref, service: c.service, provider: c.provider, commissioner: c.commissionerAgency?.shortName ?? c.commissionerAgency?.name ?? null,
      startDate: iso(c.startDate), expiryDate: iso(c.expiryDate)!, extensionNoticeDate: iso(c.extensionNoticeDate), extensionOptions: c.extensionOptions,
      annualValue: c.annualValue === null ? null : Number(c.annualValue.toString()), route: c.route, stage: c.stage,
    })),
  };
}
