// Partnerships (tenants): finding one by name for the CLI, creating one, and binding a Slack
// workspace or Teams tenant to it (SPEC §6, tenancy).
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Partnership } from '../generated/prisma/client.js';
import { domainError, err, ok, type Result } from '../result.js';
import { ensureFrameworkMetrics } from '../metrics/framework.js';
import { registerChanged } from '../core/resolution-cache.js';

export type { Partnership };

type Db = Pick<PrismaClient, 'partnership' | 'chatBinding'>;

/**
 * The partnership named (case-insensitive), or the only one when no name is given.
 * Errors list the partnerships there are and say to pass --partnership NAME.
 */
export async function findPartnership(prisma: Db, name?: string): Promise<Result<Partnership>> {
  const all = await prisma.partnership.findMany({ orderBy: { name: 'asc' } });
  const names = all.map((p) => `"${p.name}"`).join(', ');
  const wanted = name?.trim();
  if (wanted) {
    const found = all.find((p) => p.name.toLowerCase() === wanted.toLowerCase() || p.id === wanted);
    if (found) return ok(found);
    if (all.length === 0) {
      return err(domainError('no_partnership', `There is no partnership "${wanted}": none is set up yet.`, 'Load the demo with `cdp demo`, or import a plan with `cdp import FILE --partnership NAME`.'));
    }
    return err(domainError('unknown_partnership', `There is no partnership "${wanted}". Partnerships: ${names}.`, 'Pass --partnership NAME with one of those names.'));
  }
  if (all.length === 1) return ok(all[0]!);
  if (all.length === 0) {
    return err(domainError('no_partnership', 'No partnership is set up yet.', 'Load the demo with `cdp demo`, or import a plan with `cdp import FILE --partnership NAME`.'));
  }
  return err(domainError('partnership_required', `There are ${all.length} partnerships (${names}): say which one.`, 'Pass --partnership NAME.'));
}

export interface EnsurePartnershipInput {
  name: string;
  planYear: string;
  timezone?: string;
  isDemo?: boolean;
}

/**
 * Finds the partnership by name (case-insensitive) or creates it, with the outcomes framework's
 * metrics (partnerships made before metrics existed get them on first use: src/metrics/store.ts).
 * Returns it and whether it was created.
 */
export async function ensurePartnership(prisma: Db & Pick<PrismaClient, 'metric'>, input: EnsurePartnershipInput): Promise<{ partnership: Partnership; created: boolean }> {
  const name = input.name.trim();
  const existing = await prisma.partnership.findFirst({ where: { name: { equals: name, mode: 'insensitive' } } });
  if (existing) return { partnership: existing, created: false };
  const partnership = await prisma.partnership.create({
    data: {
      name,
      planYear: input.planYear,
      timezone: input.timezone ?? 'Europe/London',
      isDemo: input.isDemo ?? false,
    },
  });
  await ensureFrameworkMetrics(prisma, partnership.id);
  return { partnership, created: true };
}

export interface PartnershipSummary {
  id: string;
  name: string;
  planYear: string;
  timezone: string;
  isDemo: boolean;
  bindings: { platform: string; externalId: string }[];
  actions: number;
}

export async function listPartnerships(prisma: PrismaClient): Promise<PartnershipSummary[]> {
  const rows = await prisma.partnership.findMany({
    orderBy: { name: 'asc' },
    include: { bindings: { orderBy: { createdAt: 'asc' } }, _count: { select: { actions: true } } },
  });
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    planYear: p.planYear,
    timezone: p.timezone,
    isDemo: p.isDemo,
    bindings: p.bindings.map((b) => ({ platform: b.platform, externalId: b.externalId })),
    actions: p._count.actions,
  }));
}

/**
 * Binds a Slack workspace (team id) or Teams tenant id to a partnership. Idempotent for the
 * same partnership; refused (naming it) when that id is bound to another partnership.
 */
export async function bindChat(
  prisma: Db,
  partnership: string,
  platform: 'slack' | 'teams',
  externalId: string,
): Promise<Result<{ partnership: Partnership; created: boolean }>> {
  const id = externalId.trim();
  if (id === '') {
    return err(domainError('bad_binding', `Give the ${platform === 'slack' ? 'Slack workspace (team) id, e.g. T0123ABCD' : 'Teams tenant id (a GUID)'}.`));
  }
  const found = await findPartnership(prisma, partnership);
  if (!found.ok) return found;
  const p = found.value;
  const existing = await prisma.chatBinding.findUnique({
    where: { platform_externalId: { platform, externalId: id } },
    include: { partnership: true },
  });
  if (existing) {
    if (existing.partnershipId === p.id) return ok({ partnership: p, created: false });
    return err(domainError(
      'bound_elsewhere',
      `The ${platform === 'slack' ? 'Slack workspace' : 'Teams tenant'} ${id} is already bound to the partnership "${existing.partnership.name}".`,
      'One workspace or tenant serves one partnership; unbind it there first.',
    ));
  }
  await prisma.chatBinding.create({ data: { partnershipId: p.id, platform, externalId: id } });
  registerChanged();
  return ok({ partnership: p, created: true });
}
