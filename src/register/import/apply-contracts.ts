// Applying contract rows: created or updated by ref; a change of route or stage leaves a
// ContractUpdate row. A contract belongs to the subgroup of its linked action, else to the
// treatment and recovery subgroup.
import type { Prisma } from '../../generated/prisma/client.js';
import type { Via } from '../../generated/prisma/enums.js';
import { toIsoDate } from '../../calendar/uk-date.js';
import type { ContractRow, Counts, FieldChange, RecordChange } from './types.js';

type Tx = Prisma.TransactionClient;

const iso = (d: Date | null | undefined) => (d ? toIsoDate(d) : '');
const money = (v: { toString(): string } | null | undefined) => (v === null || v === undefined ? '' : Number(v.toString()).toFixed(2));

export async function applyContracts(
  tx: Tx,
  partnershipId: string,
  rows: ContractRow[],
  opts: { now: Date; via: Via },
  changes: RecordChange[],
  counts: Counts,
): Promise<void> {
  if (rows.length === 0) return;
  const { now, via } = opts;
  const existing = await tx.contract.findMany({ where: { partnershipId } });
  const byRef = new Map(existing.map((c) => [c.ref, c]));
  const agencies = await tx.agency.findMany({ where: { partnershipId }, select: { id: true, name: true } });
  const agencyId = new Map(agencies.map((a) => [a.name.toLowerCase(), a.id]));
  const agencyName = new Map(agencies.map((a) => [a.id, a.name]));
  const refs = rows.map((r) => r.actionRef).filter((r): r is string => !!r);
  const actions = await tx.action.findMany({ where: { partnershipId, OR: [{ ref: { in: refs } }, { id: { in: existing.map((c) => c.actionId).filter((x): x is string => !!x) } }] }, select: { id: true, ref: true, subgroupId: true } });
  const actionByRef = new Map(actions.map((a) => [a.ref, a]));
  const actionRefById = new Map(actions.map((a) => [a.id, a.ref]));
  const treatment = await tx.subgroup.findFirst({
    where: { partnershipId, OR: [{ pillars: { some: { pillar: { name: { contains: 'treatment', mode: 'insensitive' } } } } }, { name: { contains: 'treatment', mode: 'insensitive' } }] },
    select: { id: true },
  });

  for (const row of rows) {
    const commissionerAgencyId = row.commissioner === undefined ? undefined : row.commissioner === null ? null : agencyId.get(row.commissioner.toLowerCase()) ?? null;
    const action = row.actionRef ? actionByRef.get(row.actionRef) : undefined;
    const actionId = row.actionRef === undefined ? undefined : action?.id ?? null;
    const old = byRef.get(row.ref);
    if (!old) {
      const c = await tx.contract.create({
        data: {
          partnershipId, ref: row.ref, service: row.service, provider: row.provider ?? null,
          commissionerAgencyId: commissionerAgencyId ?? null, actionId: actionId ?? null,
          subgroupId: action?.subgroupId ?? treatment?.id ?? null,
          startDate: row.start ?? null, expiryDate: row.expiry, extensionOptions: row.extension ?? null,
          extensionNoticeDate: row.noticeDate ?? null, annualValue: row.value ?? null,
          route: row.route ?? 'undecided', stage: row.stage ?? 'not_started', notes: row.notes ?? null,
          createdAt: now,
        },
      });
      if (row.route || row.stage) {
        await tx.contractUpdate.create({ data: { partnershipId, contractId: c.id, via, newRoute: c.route, newStage: c.stage, createdAt: now } });
      }
      changes.push({ kind: 'contract', key: row.ref, change: 'created', fields: [] });
      counts.created++;
      continue;
    }
    const fields: FieldChange[] = [];
    const data: Prisma.ContractUncheckedUpdateInput = {};
    const text = (field: string, key: 'service' | 'provider' | 'extensionOptions' | 'notes', v: string | null | undefined) => {
      if (v === undefined || (v ?? null) === (old[key] ?? null)) return;
      fields.push({ field, from: old[key] ?? '', to: v ?? '' });
      (data as Record<string, unknown>)[key] = v;
    };
    const date = (field: string, key: 'startDate' | 'expiryDate' | 'extensionNoticeDate', v: Date | null | undefined) => {
      if (v === undefined || iso(v) === iso(old[key])) return;
      fields.push({ field, from: iso(old[key]), to: iso(v) });
      data[key] = v as Date;
    };
    text('service', 'service', row.service);
    text('provider', 'provider', row.provider);
    text('extension options', 'extensionOptions', row.extension);
    text('notes', 'notes', row.notes);
    date('start', 'startDate', row.start);
    date('expiry', 'expiryDate', row.expiry);
    date('extension notice', 'extensionNoticeDate', row.noticeDate);
    if (commissionerAgencyId !== undefined && commissionerAgencyId !== old.commissionerAgencyId) {
      fields.push({ field: 'commissioner', from: old.commissionerAgencyId ? agencyName.get(old.commissionerAgencyId) ?? '' : '', to: row.commissioner ?? '' });
      data.commissionerAgencyId = commissionerAgencyId;
    }
    if (row.value !== undefined && money(old.annualValue) !== (row.value ?? '')) {
      fields.push({ field: 'annual value', from: money(old.annualValue), to: row.value ?? '' });
      data.annualValue = row.value;
    }
    if (actionId !== undefined && actionId !== old.actionId) {
      fields.push({ field: 'action', from: old.actionId ? actionRefById.get(old.actionId) ?? '' : '', to: row.actionRef ?? '' });
      data.actionId = actionId;
      if (action?.subgroupId) data.subgroupId = action.subgroupId;
    }
    const routeChanged = row.route !== undefined && row.route !== old.route;
    const stageChanged = row.stage !== undefined && row.stage !== old.stage;
    if (routeChanged) {
      fields.push({ field: 'route', from: old.route, to: row.route! });
      data.route = row.route;
    }
    if (stageChanged) {
      fields.push({ field: 'stage', from: old.stage, to: row.stage! });
      data.stage = row.stage;
    }
    if (fields.length === 0) {
      counts.unchanged++;
      continue;
    }
    if (routeChanged || stageChanged) {
      data.lastUpdateAt = now;
      await tx.contractUpdate.create({
        data: {
          partnershipId, contractId: old.id, via,
          oldRoute: routeChanged ? old.route : null, newRoute: routeChanged ? row.route! : null,
          oldStage: stageChanged ? old.stage : null, newStage: stageChanged ? row.stage! : null,
          createdAt: now,
        },
      });
    }
    data.version = { increment: 1 };
    await tx.contract.update({ where: { id: old.id }, data });
    changes.push({ kind: 'contract', key: row.ref, change: 'updated', fields });
    counts.updated++;
  }
}

/** Actions with a "contract" column: the contract is tracked by that action (one nudge for the pair). */
export async function linkTrackedContracts(tx: Tx, partnershipId: string, rows: { ref?: string; contractRef?: string }[]): Promise<void> {
  const pairs = rows.filter((r): r is { ref: string; contractRef: string } => !!r.ref && !!r.contractRef);
  if (!pairs.length) return;
  const actions = await tx.action.findMany({ where: { partnershipId, ref: { in: pairs.map((p) => p.ref) } }, select: { id: true, ref: true, subgroupId: true } });
  const byRef = new Map(actions.map((a) => [a.ref, a]));
  for (const p of pairs) {
    const a = byRef.get(p.ref);
    if (a) await tx.contract.updateMany({ where: { partnershipId, ref: p.contractRef }, data: { actionId: a.id, ...(a.subgroupId ? { subgroupId: a.subgroupId } : {}) } });
  }
}
