// Contract use cases: find by ref (with "did you mean"), record a reprocurement stage/route, a
// notice, an award or an extension (a new term, keeping the old one as a ContractPeriod) with its
// ContractUpdate history row in the same transaction, and list contracts nearing expiry.
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { ContractRoute, ContractStage, Via } from '../generated/prisma/enums.js';
import { err, ok, type Result, domainError } from '../result.js';
import { withLockedRow } from './locking.js';
import { PLAUSIBLE_REF, didYouMean, matchRef, shownRef, suggestRefs } from './refs.js';

export const contractInclude = {
  commissioner: { select: { id: true, name: true } },
  commissionerAgency: { select: { id: true, name: true } },
  subgroup: { select: { id: true, name: true } },
  action: { select: { ref: true } },
  periods: { orderBy: [{ endDate: 'asc' }, { createdAt: 'asc' }] },
} satisfies Prisma.ContractInclude;

export type ContractRecord = Prisma.ContractGetPayload<{ include: typeof contractInclude }>;

export async function findContractByRef(prisma: PrismaClient, partnershipId: string, ref: string): Promise<Result<ContractRecord>> {
  if (!PLAUSIBLE_REF.test(ref.trim())) return err(domainError('not_found', `No contract ${shownRef(ref)}.`, 'Contract refs look like C-01: see `contracts 24m`.'));
  const exact = await prisma.contract.findUnique({
    where: { partnershipId_ref: { partnershipId, ref: ref.trim().toUpperCase() } },
    include: contractInclude,
  });
  if (exact) return ok(exact);
  const refs = (await prisma.contract.findMany({ where: { partnershipId }, select: { ref: true } })).map((r) => r.ref);
  const same = matchRef(ref, refs);
  if (same) {
    const c = await prisma.contract.findUnique({ where: { partnershipId_ref: { partnershipId, ref: same } }, include: contractInclude });
    if (c) return ok(c);
  }
  return err(
    domainError('not_found', `No contract ${shownRef(ref)}.${didYouMean(suggestRefs(ref, refs))}`, 'Contract refs look like C-01: see `contracts 24m`.'),
  );
}

export async function loadContract(prisma: PrismaClient, contractId: string): Promise<ContractRecord> {
  return prisma.contract.findUniqueOrThrow({ where: { id: contractId }, include: contractInclude });
}

export interface ContractChangeInput {
  contractId: string;
  personId: string | null;
  via: Via;
  now: Date;
  stage?: ContractStage;
  route?: ContractRoute;
  note?: string;
  /** What the bot worked out, for the history ("standstill ends 22 Jan 2027"); on its own it changes nothing. */
  detail?: string;
  /** The notice that starts the standstill: its day and the standstill's last day. */
  notice?: { date: Date; standstillEnd: Date | null };
  /** A new term: an award (a new contract) or an extension using `optionsUsed` options. */
  term?: { kind: 'award' | 'extension'; provider?: string | null; start: Date; end: Date; annualValue?: string; optionsUsed?: number };
}

export interface StageOutcome {
  changed: boolean;
  oldStage: ContractStage;
  newStage: ContractStage;
  oldRoute: ContractRoute;
  newRoute: ContractRoute;
}

const ROUND_DONE_STAGES: readonly ContractStage[] = ['awarded', 'mobilising', 'live', 'extended', 'decommissioned'];

/**
 * Records a stage and/or route, a notice, a new term (and a note) with a ContractUpdate row, in
 * one transaction. A new term keeps the one it replaces as a ContractPeriod (the first time,
 * the original term is written down too). A repeat of the same stage and route with nothing
 * else changes nothing.
 */
export async function recordContractChange(prisma: PrismaClient, input: ContractChangeInput): Promise<StageOutcome> {
  return withLockedRow(prisma, 'Contract', input.contractId, async (tx, version) => {
    const cur = await tx.contract.findUniqueOrThrow({ where: { id: input.contractId } });
    const newStage = input.stage ?? cur.stage;
    const newRoute = input.route ?? cur.route;
    const stageChanges = newStage !== cur.stage;
    const routeChanges = newRoute !== cur.route;
    const base = { oldStage: cur.stage, newStage, oldRoute: cur.route, newRoute };
    const noticeChanges = !!input.notice && input.notice.date.getTime() !== cur.noticeDate?.getTime();
    if (!stageChanges && !routeChanges && !input.note && !noticeChanges && !input.term) return { changed: false, ...base };
    const data: Prisma.ContractUncheckedUpdateInput = { stage: newStage, route: newRoute, lastUpdateAt: input.now, version: { increment: 1 } };
    if (input.stage && !ROUND_DONE_STAGES.includes(input.stage)) data.termRenewed = false;
    if (input.notice && noticeChanges) {
      data.noticeDate = input.notice.date;
      data.standstillEnd = input.notice.standstillEnd;
    }
    const t = input.term;
    if (t) {
      const periods = await tx.contractPeriod.count({ where: { contractId: cur.id } });
      if (periods === 0) {
        await tx.contractPeriod.create({
          data: { partnershipId: cur.partnershipId, contractId: cur.id, kind: 'original', provider: cur.provider, startDate: cur.startDate, endDate: cur.expiryDate, annualValue: cur.annualValue, via: 'system', createdAt: cur.createdAt },
        });
      }
      const provider = t.kind === 'award' ? t.provider ?? cur.provider : cur.provider;
      const annualValue = t.annualValue ?? cur.annualValue;
      await tx.contractPeriod.create({
        data: { partnershipId: cur.partnershipId, contractId: cur.id, kind: t.kind, provider, startDate: t.start, endDate: t.end, annualValue, route: newRoute, personId: input.personId, via: input.via, createdAt: input.now },
      });
      Object.assign(data, { expiryDate: t.end, provider, annualValue, extensionNoticeDate: null, termRenewed: true });
      if (t.kind === 'award') Object.assign(data, { startDate: t.start, extensionOptions: null, extensionOptionsUsed: 0 });
      else data.extensionOptionsUsed = cur.extensionOptionsUsed + (t.optionsUsed ?? 1);
    }
    const res = await tx.contract.updateMany({ where: { id: input.contractId, version }, data: data as Prisma.ContractUncheckedUpdateManyInput });
    if (res.count !== 1) return 'conflict';
    await tx.contractUpdate.create({
      data: {
        partnershipId: cur.partnershipId,
        contractId: input.contractId,
        personId: input.personId,
        via: input.via,
        oldStage: stageChanges ? cur.stage : null,
        newStage: stageChanges ? newStage : null,
        oldRoute: routeChanges ? cur.route : null,
        newRoute: routeChanges ? newRoute : null,
        detail: input.detail ?? null,
        note: input.note ?? null,
        createdAt: input.now,
      },
    });
    return { changed: true, ...base };
  });
}

/**
 * Contracts whose term ends between `from` and `to` (inclusive), soonest first — including those
 * whose current term ends in the window although a new term (award, extension) is recorded.
 */
export async function listExpiring(prisma: PrismaClient, partnershipId: string, from: Date, to: Date): Promise<ContractRecord[]> {
  return prisma.contract.findMany({
    where: { partnershipId, OR: [{ expiryDate: { gte: from, lte: to } }, { periods: { some: { endDate: { gte: from, lte: to } } } }] },
    include: contractInclude,
    orderBy: [{ expiryDate: 'asc' }, { ref: 'asc' }],
  });
}

export async function contractHistory(prisma: PrismaClient, contractId: string, take = 5) {
  return prisma.contractUpdate.findMany({
    where: { contractId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
    include: { person: { select: { name: true } } },
  });
}

/** People holding the commissioner role in an agency (they may update that agency's contracts). */
export async function commissionersOfAgency(prisma: PrismaClient, agencyId: string | null): Promise<{ id: string; name: string }[]> {
  if (!agencyId) return [];
  return prisma.person.findMany({
    where: { roles: { some: { role: 'commissioner' } }, agencies: { some: { agencyId } } },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  });
}
