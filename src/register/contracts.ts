// Contract use cases: find by ref (with "did you mean"), record a reprocurement stage/route with
// its ContractUpdate history row in the same transaction, and list contracts nearing expiry.
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

export interface StageInput {
  contractId: string;
  personId: string | null;
  via: Via;
  now: Date;
  stage?: ContractStage;
  route?: ContractRoute;
  note?: string;
}

export interface StageOutcome {
  changed: boolean;
  oldStage: ContractStage;
  newStage: ContractStage;
  oldRoute: ContractRoute;
  newRoute: ContractRoute;
}

/** Records a stage and/or route (and note) with a ContractUpdate row; a repeat of the same changes nothing. */
export async function recordContractStage(prisma: PrismaClient, input: StageInput): Promise<StageOutcome> {
  return withLockedRow(prisma, 'Contract', input.contractId, async (tx, version) => {
    const cur = await tx.contract.findUniqueOrThrow({ where: { id: input.contractId }, select: { stage: true, route: true, partnershipId: true } });
    const newStage = input.stage ?? cur.stage;
    const newRoute = input.route ?? cur.route;
    const stageChanges = newStage !== cur.stage;
    const routeChanges = newRoute !== cur.route;
    const base = { oldStage: cur.stage, newStage, oldRoute: cur.route, newRoute };
    if (!stageChanges && !routeChanges && !input.note) return { changed: false, ...base };
    const res = await tx.contract.updateMany({
      where: { id: input.contractId, version },
      data: { stage: newStage, route: newRoute, lastUpdateAt: input.now, version: { increment: 1 } },
    });
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
        note: input.note ?? null,
        createdAt: input.now,
      },
    });
    return { changed: true, ...base };
  });
}

/** Contracts expiring between `from` and `to` (inclusive), soonest first. */
export async function listExpiring(prisma: PrismaClient, partnershipId: string, from: Date, to: Date): Promise<ContractRecord[]> {
  return prisma.contract.findMany({
    where: { partnershipId, expiryDate: { gte: from, lte: to } },
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
