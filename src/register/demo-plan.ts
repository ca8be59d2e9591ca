// The demo's life: the Tower Hamlets plan gives no action dates, so the demo moves it to the
// current UK financial year and gives every action a target date and a status, with a
// seeded (repeatable) spread: some complete, some overdue, some due within 14 days, some
// quiet for 28+ days, a few off track or blocked for 14+ days. Every note says "[demo]".
import type { ActionStatus, ContractRoute, ContractStage, Via } from '../generated/prisma/enums.js';
import type { Prisma } from '../generated/prisma/client.js';
import { financialQuarterEnd, formatUkDate } from '../calendar/uk-date.js';
import { bulkInsert } from './import/bulk.js';

type Tx = Prisma.TransactionClient;
const DAY = 86_400_000;

/** A small seeded PRNG (mulberry32): the same demo every time for the same `now`. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEMO_NOTE = '[demo]';

type Category = 'complete' | 'overdue' | 'due_soon' | 'quiet' | 'off_track' | 'blocked' | 'ongoing' | 'not_started' | 'on_track';
const WEIGHTS: [Category, number][] = [
  ['complete', 14], ['overdue', 12], ['due_soon', 12], ['quiet', 12], ['off_track', 5], ['blocked', 3], ['ongoing', 6], ['not_started', 10], ['on_track', 26],
];
/** Actions the try-out relies on (Alex Wilber's TRS-07 is due soon and at risk). */
const FORCED: Record<string, Category> = { 'TRS-07': 'due_soon', 'TRS-08': 'overdue', 'TRS-06': 'quiet', 'TRS-05': 'off_track' };

const NOTES: Record<ActionStatus, string[]> = {
  on_track: ['Work under way, first milestone met', 'Partners agreed the approach at the subgroup', 'Recruitment complete, delivery started', 'Data sharing agreement signed', 'Pilot running in two sites'],
  at_risk: ['Waiting on a funding decision', 'Staff vacancy slowing delivery', 'Dependent on a partner data return', 'Venue not yet confirmed'],
  off_track: ['Funding not confirmed; delivery paused', 'Provider has withdrawn; options being reviewed', 'Key post vacant for three months'],
  blocked: ['Blocked pending information governance sign-off', 'Blocked: awaiting MOPAC funding decision'],
  complete: ['Delivered and signed off at subgroup', 'Complete: evaluation report shared with the board'],
  ongoing: ['Business as usual: reviewed monthly', 'Continuing as part of core service'],
  not_started: ['Scoping not yet started'],
  cancelled: ['Cancelled by the board'],
};

export interface DemoActionInput {
  id: string;
  ref: string;
  leadAgencyId: string | null;
  /** The named lead officer, who writes the action's demo updates. */
  leadOfficerId?: string | null;
}

const day = (d: Date) => new Date(Math.floor(d.getTime() / DAY) * DAY);
const at10 = (d: Date) => new Date(day(d).getTime() + 10 * 3_600_000);

/** Gives every action a demo due date, status and history, relative to `now`. */
export async function spreadActions(
  tx: Tx,
  partnershipId: string,
  actions: DemoActionInput[],
  peopleByAgency: Map<string, string[]>,
  now: Date,
): Promise<void> {
  const rnd = seededRandom(20242025);
  const today = day(now);
  const fyStart = now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  const quarterEnds = [1, 2, 3, 4].map((q) => financialQuarterEnd(fyStart, q));
  const past = quarterEnds.filter((q) => q < today);
  const future = quarterEnds.filter((q) => q.getTime() >= today.getTime() + 15 * DAY);
  const daysAgo = (n: number) => new Date(today.getTime() - n * DAY);
  const pick = <T,>(list: T[]): T => list[Math.floor(rnd() * list.length)]!;
  const between = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const total = WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const category = (): Category => {
    let x = rnd() * total;
    for (const [c, w] of WEIGHTS) if ((x -= w) < 0) return c;
    return 'on_track';
  };

  const updates: Prisma.StatusUpdateCreateManyInput[] = [];
  const dueChanges: Prisma.DueDateChangeCreateManyInput[] = [];
  const planned: (string | number | null)[][] = [];
  let n = 0;
  for (const a of actions) {
    const cat = FORCED[a.ref] ?? category();
    const futureDue = future.length ? pick(future) : new Date(today.getTime() + 60 * DAY);
    let due: Date | null = futureDue;
    let status: ActionStatus = 'on_track';
    let lastUpdate: Date | null = daysAgo(between(1, 20));
    let statusSince = lastUpdate;
    switch (cat) {
      case 'complete':
        due = past.length ? pick(past) : daysAgo(between(10, 40));
        status = 'complete';
        lastUpdate = statusSince = new Date(Math.min(due.getTime(), daysAgo(3).getTime()) - between(0, 20) * DAY);
        break;
      case 'overdue':
        // Past its date and still open: never "On track" (a lead would not call it green), and
        // never more than a few weeks late (the demo's partnership chases its actions).
        due = daysAgo(between(3, 30));
        status = rnd() < 0.7 ? 'at_risk' : 'off_track';
        lastUpdate = statusSince = daysAgo(between(10, 25));
        break;
      case 'due_soon':
        due = new Date(today.getTime() + between(2, 14) * DAY);
        status = a.ref === 'TRS-07' || rnd() < 0.4 ? 'at_risk' : 'on_track';
        lastUpdate = statusSince = daysAgo(between(2, 10));
        break;
      case 'quiet':
        status = 'on_track';
        lastUpdate = statusSince = daysAgo(between(28, 60));
        break;
      case 'off_track':
      case 'blocked':
        status = cat;
        lastUpdate = statusSince = daysAgo(between(14, 30));
        break;
      case 'ongoing':
        due = null;
        status = 'ongoing';
        break;
      case 'not_started':
        status = 'not_started';
        lastUpdate = null;
        statusSince = daysAgo(between(60, 120));
        break;
      default:
        break;
    }
    // Some at-risk and overdue actions have slipped once: the board asks about those.
    const slipped = due !== null && (status === 'at_risk' || status === 'off_track') && rnd() < 0.4;
    const original = slipped ? new Date(due!.getTime() - 91 * DAY) : due;
    planned.push([a.id, due && isoDay(due), original && isoDay(original), slipped ? 1 : 0, status, at10(statusSince).toISOString(), lastUpdate ? at10(lastUpdate).toISOString() : null]);
    const people = (a.leadAgencyId && peopleByAgency.get(a.leadAgencyId)) || [];
    const who = a.leadOfficerId ?? (people.length ? people[n % people.length]! : null);
    const via: Via = n % 2 === 0 ? 'teams' : 'slack';
    n++;
    if (slipped) {
      dueChanges.push({ actionId: a.id, fromDate: original, toDate: due, reason: `${DEMO_NOTE} ${pick(NOTES.at_risk)}`, personId: who, via, createdAt: at10(daysAgo(between(30, 50))) });
    }
    if (lastUpdate === null) continue;
    // One or two earlier updates, then the one that set the current status.
    const earlier = between(0, 2);
    for (let i = earlier; i > 0; i--) {
      const when = new Date(lastUpdate.getTime() - i * between(10, 21) * DAY);
      updates.push({ partnershipId, actionId: a.id, personId: who, via, oldStatus: i === earlier ? 'not_started' : 'on_track', newStatus: 'on_track', note: `${DEMO_NOTE} ${pick(NOTES.on_track)}`, createdAt: at10(when) });
    }
    updates.push({ partnershipId, actionId: a.id, personId: who, via, oldStatus: earlier > 0 ? 'on_track' : 'not_started', newStatus: status, note: `${DEMO_NOTE} ${pick(NOTES[status])}`, createdAt: at10(lastUpdate) });
  }
  await updateActions(tx, planned);
  await bulkInsert(tx, 'StatusUpdate', updates);
  await bulkInsert(tx, 'DueDateChange', dueChanges);
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** One UPDATE for all actions (one statement per action is ~15 ms each inside a PGlite transaction). */
async function updateActions(tx: Tx, rows: (string | number | null)[][]): Promise<void> {
  if (rows.length === 0) return;
  const params: (string | number | null)[] = [];
  const values = rows.map((r) => `(${r.map((v) => { params.push(v); return `$${params.length}`; }).join(', ')})`);
  await tx.$executeRawUnsafe(
    `UPDATE "Action" AS a SET "dueDate" = v.due::date, "originalDueDate" = v.orig::date, "dueMoves" = v.moves::int,
       "status" = v.status::"ActionStatus", "statusSince" = v.since::timestamp(3), "lastUpdateAt" = v.lu::timestamp(3)
     FROM (VALUES ${values.join(', ')}) AS v(id, due, orig, moves, status, since, lu)
     WHERE a.id = v.id::text`,
    ...params,
  );
}

/**
 * Expiry dates 1–18 months ahead so every check-in window (18/12/9/6/3/1 months) has a contract.
 * C-01 is awarded with its new one-year term recorded (no check-in until the new term's schedule);
 * C-02 is out to tender with under 3 months left (the lapse alarm); C-04 has one extension option.
 */
const CONTRACT_PLAN: { days: number; route: ContractRoute; stage: ContractStage; value: string; extension: string | null; note: string; newTermMonths?: number }[] = [
  { days: 25, route: 'direct_award_c', stage: 'awarded', value: '42000.00', extension: null, note: 'Direct award C agreed; new contract signed', newTermMonths: 12 },
  { days: 80, route: 'competitive', stage: 'market_notice', value: '18500.00', extension: '1+1 years', note: 'Tender notice published' },
  { days: 170, route: 'most_suitable_provider', stage: 'options_appraisal', value: '126000.00', extension: '1 year', note: 'Options appraisal with pharmacy leads under way' },
  { days: 260, route: 'undecided', stage: 'not_started', value: '36000.00', extension: '1 year', note: '' },
  { days: 530, route: 'undecided', stage: 'not_started', value: '68000.00', extension: '2 years', note: '' },
];

export async function spreadContracts(tx: Tx, partnershipId: string, commissionerId: string | null, now: Date): Promise<void> {
  const today = day(now);
  const contracts = await tx.contract.findMany({ where: { partnershipId }, orderBy: { ref: 'asc' } });
  for (const [i, c] of contracts.entries()) {
    const plan = CONTRACT_PLAN[i % CONTRACT_PLAN.length]!;
    const expiry = new Date(today.getTime() + plan.days * DAY);
    const start = new Date(Date.UTC(expiry.getUTCFullYear() - 3, expiry.getUTCMonth(), expiry.getUTCDate() + 1));
    const changed = plan.stage !== 'not_started';
    const updatedAt = at10(new Date(today.getTime() - 12 * DAY));
    // An award with its new term: the old term stays in the history, the contract runs to the new end.
    const newEnd = plan.newTermMonths ? new Date(Date.UTC(expiry.getUTCFullYear(), expiry.getUTCMonth() + plan.newTermMonths, expiry.getUTCDate())) : null;
    const newStart = new Date(expiry.getTime() + DAY);
    if (newEnd) {
      await tx.contractPeriod.createMany({
        data: [
          { partnershipId, contractId: c.id, kind: 'original', provider: c.provider, startDate: start, endDate: expiry, annualValue: plan.value, via: 'system', createdAt: c.createdAt },
          { partnershipId, contractId: c.id, kind: 'award', provider: c.provider, startDate: newStart, endDate: newEnd, annualValue: plan.value, route: plan.route, personId: commissionerId, via: 'teams', createdAt: updatedAt },
        ],
      });
    }
    await tx.contract.update({
      where: { id: c.id },
      data: {
        expiryDate: newEnd ?? expiry, startDate: newEnd ? newStart : start, route: plan.route, stage: plan.stage, annualValue: plan.value,
        extensionOptions: plan.extension, commissionerId, termRenewed: !!newEnd,
        notes: `${DEMO_NOTE} expiry moved to the current year for the demo. ${c.notes ?? ''}`.trim(),
        lastUpdateAt: changed ? updatedAt : null,
      },
    });
    if (changed) {
      await tx.contractUpdate.create({
        data: {
          partnershipId, contractId: c.id, personId: commissionerId, via: 'teams', oldRoute: 'undecided', newRoute: plan.route, oldStage: 'not_started', newStage: plan.stage,
          note: `${DEMO_NOTE} ${plan.note}`, createdAt: updatedAt,
          ...(newEnd ? { detail: `Awarded to ${c.provider ?? 'the provider'}: new term ${formatUkDate(newStart)} – ${formatUkDate(newEnd)}` } : {}),
        },
      });
    }
  }
}
