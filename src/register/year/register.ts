// The register of a closed plan year: every action as it stood at the close, with what the
// rollover did to it. Stored on PlanYear.register and shown by `cdp year show 2026-27`.
import type { Database } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { toIsoDate } from '../../calendar/uk-date.js';
import { domainError, err, ok, type Result } from '../../result.js';
import { findPartnership } from '../partnerships.js';
import { UPDATE_ROWS } from '../import/apply-actions.js';
import { STATUS_INFO, type ActionStatus } from '../status.js';
import type { RolloverPlan } from './rollover.js';

export interface ClosedAction {
  ref: string;
  title: string;
  pillar: string;
  lead: string | null;
  leadOfficer: string | null;
  due: string | null;
  status: ActionStatus;
  /** "closed before year end", "completed at review", "cancelled at review", "carried forward", "carried forward (under review)". */
  outcome: string;
  latestNote: string | null;
}

export async function closedYearRegister(db: Database, partnershipId: string, plan: RolloverPlan): Promise<Prisma.InputJsonValue> {
  const actions = await db.prisma.action.findMany({
    where: { partnershipId },
    orderBy: [{ position: 'asc' }, { ref: 'asc' }],
    include: { objective: { include: { priority: { include: { pillar: true } } } }, leadAgency: true, leadOfficer: true },
  });
  const notes = await db.prisma.statusUpdate.findMany({
    where: { partnershipId, note: { not: null }, ...UPDATE_ROWS },
    orderBy: [{ actionId: 'asc' }, { createdAt: 'desc' }],
    distinct: ['actionId'],
    select: { actionId: true, note: true },
  });
  const latest = new Map(notes.map((n) => [n.actionId, n.note]));
  const decided = new Map(plan.decided.map((d) => [d.ref, d.decision]));
  const outcome = (ref: string, status: ActionStatus) => {
    const d = decided.get(ref);
    if (d === 'complete') return 'completed at review';
    if (d === 'cancel') return 'cancelled at review';
    if (d === 'carry') return 'carried forward';
    return STATUS_INFO[status].open ? 'carried forward (under review)' : 'closed before year end';
  };
  const rows: ClosedAction[] = actions.map((a) => ({
    ref: a.ref, title: a.title, pillar: a.objective.priority.pillar.name, lead: a.leadAgency?.name ?? null, leadOfficer: a.leadOfficer?.name ?? null,
    due: a.dueDate ? toIsoDate(a.dueDate) : null, status: a.status, outcome: outcome(a.ref, a.status), latestNote: latest.get(a.id) ?? null,
  }));
  return rows as unknown as Prisma.InputJsonValue;
}

export interface ClosedYear {
  label: string;
  nextLabel: string;
  closedAt: Date;
  closedBy: string | null;
  reviewFile: string | null;
  actions: ClosedAction[];
}

/** A closed year of the partnership, or the list of closed years when none matches. */
export async function closedYear(db: Database, partnershipName: string | undefined, label?: string): Promise<Result<ClosedYear[]>> {
  const found = await findPartnership(db.prisma, partnershipName);
  if (!found.ok) return found;
  const years = await db.prisma.planYear.findMany({ where: { partnershipId: found.value.id }, orderBy: { label: 'asc' }, include: { closedBy: { select: { name: true } } } });
  const pick = label ? years.filter((y) => y.label === label.trim()) : years;
  if (label && pick.length === 0) {
    return err(domainError('unknown_year', `${found.value.name} has no closed plan year ${label}.`, years.length ? `Closed years: ${years.map((y) => y.label).join(', ')}; the current year is ${found.value.planYear}.` : `No year has been closed yet; the current year is ${found.value.planYear}.`));
  }
  return ok(pick.map((y) => ({ label: y.label, nextLabel: y.nextLabel, closedAt: y.closedAt, closedBy: y.closedBy?.name ?? null, reviewFile: y.reviewFile, actions: y.register as unknown as ClosedAction[] })));
}
