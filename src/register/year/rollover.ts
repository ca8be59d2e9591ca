// Year end (`cdp year rollover --to 2027-28 [--dry-run] [--review FILE]`, SPEC §10): closes the
// plan year. The register as it stood is kept as a PlanYear (readable with `cdp year show`);
// open actions carry forward with their history, or are completed, cancelled or given a new
// date by the review file; the ones nobody has reviewed yet are "under review" for the
// rollover week — no reminders until it ends — so the new year does not start with a flood of
// "overdue by 1 day". Everything in one transaction, each change with its history row.
import path from 'node:path';
import type { Database } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { ActionStatus } from '../../generated/prisma/enums.js';
import { addDays } from '../../calendar/working-days.js';
import { atLocalTime, localDate } from '../../calendar/zone.js';
import { formatUkDate, toIsoDate } from '../../calendar/uk-date.js';
import { domainError, err, ok, type Result } from '../../result.js';
import { findPartnership } from '../partnerships.js';
import { STATUS_INFO } from '../status.js';
import { resolveImporter, type Importer } from '../import/importer.js';
import { nextYear, parsePlanYear } from './labels.js';
import { readReviewFile, type ReviewDecision } from './review.js';
import { closedYearRegister } from './register.js';

export interface RolloverOptions {
  partnershipName?: string;
  /** The new plan year, e.g. "2027-28": must follow the current one. */
  to: string;
  dryRun?: boolean;
  reviewFile?: string;
  /** Who closes the year (email), or 'auto' (the only admin). */
  as?: string;
  now: Date;
  /** Length of the review pause (default 7 days, the rollover week). */
  reviewDays?: number;
}

export interface RolloverAction {
  ref: string;
  title: string;
  status: ActionStatus;
  due: Date | null;
}

export interface RolloverPlan {
  partnership: string;
  from: string;
  to: string;
  dryRun: boolean;
  by: Importer | null;
  reviewFile: string | null;
  /** Set on a dry run before the rollover opens (a month before the new year): the day it opens. */
  opensOn?: Date;
  /** Reminders for the actions under review resume at this instant. */
  reviewUntil: Date;
  /** Complete or cancelled before the close: they stay in the old year's record. */
  closed: RolloverAction[];
  /** Decided by the review file. */
  decided: (RolloverAction & { decision: ReviewDecision; newDue?: Date | null; note?: string })[];
  /** Open, not in the review file: carried forward and under review during the rollover week. */
  underReview: (RolloverAction & { overdue: boolean })[];
}

const DAY = 86_400_000;

export async function rolloverYear(db: Database, opts: RolloverOptions): Promise<Result<RolloverPlan>> {
  const found = await findPartnership(db.prisma, opts.partnershipName);
  if (!found.ok) return found;
  const p = found.value;
  const current = parsePlanYear(p.planYear);
  if (!current.ok) return err(domainError('bad_year', `The partnership's plan year "${p.planYear}" is not a plan year label.`, 'Set it with a rollover from a valid label.'));
  const target = parsePlanYear(opts.to);
  if (!target.ok) return target;
  const expected = nextYear(current.value);
  if (target.value.label === current.value.label) return err(domainError('same_year', `${p.name} is already in the ${p.planYear} plan year: nothing to roll over.`));
  if (target.value.label !== expected.label) {
    return err(domainError('wrong_year', `${p.name}'s plan year is ${p.planYear}: it rolls over to ${expected.label}, not ${target.value.label}.`, `cdp year rollover --to ${expected.label}`));
  }
  const today = localDate(opts.now, p.timezone);
  const opens = toIsoDate(new Date(target.value.start.getTime() - 31 * DAY));
  const early = today < opens;
  if (early && !opts.dryRun) {
    return err(domainError('too_early', `Too early: the ${p.planYear} plan year runs to ${formatUkDate(current.value.end)}; the rollover to ${expected.label} opens on ${formatUkDate(new Date(`${opens}T00:00:00Z`))}.`));
  }
  const by = await resolveImporter(db, p.id, opts.as);
  if (!by.ok) return err({ ...by.error, message: by.error.message.replace('nothing was imported', 'nothing was changed').replace('is importing', 'is closing the year') });

  const actions = await db.prisma.action.findMany({ where: { partnershipId: p.id }, orderBy: [{ position: 'asc' }, { ref: 'asc' }], select: { id: true, ref: true, title: true, status: true, dueDate: true } });
  const review = opts.reviewFile ? await readReviewFile(opts.reviewFile, new Set(actions.map((a) => a.ref))) : ok([]);
  if (!review.ok) return review;
  const decisions = new Map(review.value.map((r) => [r.ref, r]));

  // The pause runs a week from the start of the new year (or from today, when later).
  const fromDay = today > toIsoDate(target.value.start) ? today : toIsoDate(target.value.start);
  const reviewUntil = atLocalTime(addDays(fromDay, opts.reviewDays ?? 7), '00:00', p.timezone);
  const todayDate = new Date(`${today}T00:00:00Z`);
  const plan: RolloverPlan = {
    partnership: p.name, from: p.planYear, to: target.value.label, dryRun: !!opts.dryRun, by: by.value,
    reviewFile: opts.reviewFile ? path.basename(opts.reviewFile) : null, reviewUntil, closed: [], decided: [], underReview: [],
    ...(early ? { opensOn: new Date(`${opens}T00:00:00Z`) } : {}),
  };
  for (const a of actions) {
    const base = { ref: a.ref, title: a.title, status: a.status, due: a.dueDate };
    const d = decisions.get(a.ref);
    if (d) plan.decided.push({ ...base, decision: d.decision, newDue: d.due, note: d.note });
    else if (!STATUS_INFO[a.status].open) plan.closed.push(base);
    else plan.underReview.push({ ...base, overdue: !!a.dueDate && a.status !== 'ongoing' && a.dueDate.getTime() <= Math.max(todayDate.getTime(), current.value.end.getTime()) });
  }
  if (opts.dryRun) return ok(plan);

  const idOf = new Map(actions.map((a) => [a.ref, a.id]));
  const register = await closedYearRegister(db, p.id, plan);
  await db.prisma.$transaction(async (tx) => {
    const source = plan.reviewFile;
    const row = (actionId: string, extra: Partial<Prisma.StatusUpdateCreateManyInput>): Prisma.StatusUpdateCreateManyInput => ({
      partnershipId: p.id, actionId, personId: by.value?.id ?? null, via: 'cli', change: 'year_end', source, createdAt: opts.now, ...extra,
    });
    const history: Prisma.StatusUpdateCreateManyInput[] = [];
    const why = (note?: string) => `year-end review${source ? ` (${source})` : ''}${note ? `: ${note}` : ''}`;
    for (const a of plan.decided) {
      const id = idOf.get(a.ref)!;
      if (a.decision !== 'carry') {
        const status: ActionStatus = a.decision === 'complete' ? 'complete' : 'cancelled';
        if (status !== a.status) {
          await tx.action.update({ where: { id }, data: { status, statusSince: opts.now, lastUpdateAt: opts.now, reviewUntil: null, version: { increment: 1 } } });
          history.push(row(id, { oldStatus: a.status, newStatus: status, note: `Closed at the end of ${plan.from} as ${STATUS_INFO[status].label.toLowerCase()}: ${why(a.note)}` }));
        }
        continue;
      }
      const moved = a.newDue && (!a.due || a.newDue.getTime() !== a.due.getTime());
      await tx.action.update({
        where: { id },
        data: { reviewUntil: null, ...(moved ? { dueDate: a.newDue, dueMoves: { increment: a.due ? 1 : 0 }, ...(a.due ? {} : { originalDueDate: a.newDue }), version: { increment: 1 } } : {}) },
      });
      if (moved) {
        await tx.dueDateChange.create({ data: { actionId: id, fromDate: a.due, toDate: a.newDue!, reason: why(a.note), personId: by.value?.id ?? null, via: 'cli', createdAt: opts.now } });
      }
      history.push(row(id, { note: `Carried forward from ${plan.from} to ${plan.to}${moved ? `, due ${formatUkDate(a.newDue!)}` : ''}: ${why(a.note)}` }));
    }
    const paused = plan.underReview.map((a) => idOf.get(a.ref)!);
    if (paused.length) await tx.action.updateMany({ where: { id: { in: paused } }, data: { reviewUntil } });
    for (const id of paused) {
      history.push(row(id, { note: `Carried forward from ${plan.from} to ${plan.to}; under year-end review until ${formatUkDate(new Date(`${localDate(reviewUntil, p.timezone)}T00:00:00Z`))} (no reminders meanwhile)` }));
    }
    if (history.length) await tx.statusUpdate.createMany({ data: history });
    await tx.planYear.create({ data: { partnershipId: p.id, label: plan.from, nextLabel: plan.to, closedAt: opts.now, closedById: by.value?.id ?? null, reviewFile: source, register } });
    await tx.partnership.update({ where: { id: p.id }, data: { planYear: plan.to } });
  }, { timeout: 120_000 });
  return ok(plan);
}
