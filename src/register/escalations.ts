// The corrective-action ladder in the register (SPEC §10): rungs reached (Escalation rows, one
// per action, rung and episode), the chair's decisions stamped on them, and the board's
// exception list. Every rung and decision is also a line in the action's history
// (StatusUpdate: via "system" for a rung, the chair's platform for a decision).
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Via } from '../generated/prisma/enums.js';
import { dbDateOf, type IsoDate } from '../calendar/working-days.js';
import { OPEN_STATUSES } from './actions.js';

export interface RungReached {
  partnershipId: string;
  actionId: string;
  rung: 'chair' | 'sro';
  episode: string;
  day: IsoDate;
  personIds: string[];
  /** The history line, e.g. "Escalated to the chair (Megan Bowen): overdue by 150 days (due 1 Jul 2026)". */
  note: string;
}

const isUniqueViolation = (e: unknown) => typeof e === 'object' && e !== null && (e as { code?: string }).code === 'P2002';

/** Records rungs (once each: a rung already recorded is left as it is) with their history lines. Returns how many were new. */
export async function recordRungs(prisma: PrismaClient, rows: RungReached[], now: Date): Promise<number> {
  let created = 0;
  for (const r of rows) {
    try {
      await prisma.$transaction([
        prisma.escalation.create({
          data: { partnershipId: r.partnershipId, actionId: r.actionId, rung: r.rung, episode: r.episode, day: dbDateOf(r.day), personIds: r.personIds, createdAt: now },
        }),
        prisma.statusUpdate.create({ data: { partnershipId: r.partnershipId, actionId: r.actionId, personId: null, via: 'system', note: r.note, createdAt: now } }),
      ]);
      created += 1;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }
  return created;
}

export type ChairDecision = 'chase' | 'raise' | 'new_date' | 'note';

/** The action's latest rung not yet resolved (its episode may have ended: callers check). */
export async function latestRung(prisma: PrismaClient, actionId: string) {
  return prisma.escalation.findFirst({ where: { actionId }, orderBy: [{ createdAt: 'desc' }, { rung: 'asc' }] });
}

/** Stamps a decision on the action's escalation rows for `episode` and writes its history line. */
export async function recordDecision(
  prisma: PrismaClient,
  input: { partnershipId: string; actionId: string; episode: string; personId: string; via: Via; now: Date; decision: ChairDecision; note: string },
): Promise<void> {
  const stamp = {
    actedAt: input.now,
    ...(input.decision === 'chase' ? { chasedAt: input.now } : {}),
    ...(input.decision === 'raise' ? { raisedAt: input.now } : {}),
  };
  await prisma.$transaction([
    prisma.escalation.updateMany({ where: { actionId: input.actionId, episode: input.episode }, data: stamp }),
    prisma.statusUpdate.create({
      data: { partnershipId: input.partnershipId, actionId: input.actionId, personId: input.personId, via: input.via, note: input.note, createdAt: input.now },
    }),
  ]);
}

export interface ExceptionEntry {
  ref: string;
  title: string;
  status: string;
  episode: string;
  raisedOn: Date;
  leadAgency: string | null;
}

/**
 * The board's exception list: open actions that reached the SRO rung, whose episode is still
 * current (still overdue against the same due date, or still in the same off track / blocked spell).
 */
export async function exceptionList(prisma: PrismaClient, partnershipId: string): Promise<ExceptionEntry[]> {
  const rows = await prisma.escalation.findMany({
    where: { partnershipId, rung: 'sro', action: { status: { in: OPEN_STATUSES } } },
    include: { action: { select: { ref: true, title: true, status: true, dueDate: true, statusSince: true, leadAgency: { select: { name: true } } } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows
    .filter((r) => {
      const [cause, day] = r.episode.split(':');
      if (cause === 'overdue') return r.action.dueDate?.toISOString().slice(0, 10) === day;
      return r.action.status === cause;
    })
    .map((r) => ({ ref: r.action.ref, title: r.action.title, status: r.action.status, episode: r.episode, raisedOn: r.createdAt, leadAgency: r.action.leadAgency?.name ?? null }));
}
