// Which partnership a Slack workspace (team id) or Teams tenant belongs to (ChatBinding), the
// automatic binding of one-partnership installs, and local Teams mode (SPEC §6).
import type { Database } from '../db/client.js';
import type { Platform } from '../generated/prisma/enums.js';
import { err, ok, type Result, domainError } from '../result.js';
import type { PartnershipInfo } from './api.js';
import { registerChanged, resolutionCache } from './resolution-cache.js';

const info = (p: { id: string; name: string; timezone: string }): PartnershipInfo => ({ id: p.id, name: p.name, timezone: p.timezone });

/** Ids come from the chat platform; control characters (which PostgreSQL text cannot hold) are dropped. */
const clean = (id: string | undefined) => (id ?? '').replace(/[\u0000-\u001F\u007F]/g, '').trim().slice(0, 200);

export function createTenancy(db: Database, cache: { ttlMs?: number } = {}) {
  let localTeamsMode = false;
  const prisma = db.prisma;
  /** Workspaces and tenants resolved lately (refusals are not kept). */
  const bound = resolutionCache<PartnershipInfo>({ max: 1000, ...cache });

  async function resolve(platform: Platform, tenantId: string): Promise<Result<PartnershipInfo>> {
    const id = clean(tenantId);
    const key = `${platform}\u0000${localTeamsMode ? 'local' : ''}\u0000${id}`;
    const cached = bound.get(key);
    if (cached) return ok(cached);
    const stamp = bound.stamp();
    const r = await lookUp(platform, id);
    if (r.ok && platform !== 'console') bound.set(key, r.value, stamp);
    return r;
  }

  async function lookUp(platform: Platform, id: string): Promise<Result<PartnershipInfo>> {
    if (platform === 'console') {
      // The console names its partnership (name or id); with one partnership it may say nothing.
      const all = await prisma.partnership.findMany({ orderBy: { name: 'asc' } });
      const hit = all.find((p) => p.id === id || p.name.toLowerCase() === id.toLowerCase()) ?? (!id && all.length === 1 ? all[0] : undefined);
      if (hit) return ok(info(hit));
      return err(domainError('unknown_partnership', id ? `No partnership "${id}".` : 'Say which partnership (--partnership NAME).', `Partnerships: ${all.map((p) => p.name).join(', ') || 'none yet — run `cdp demo` or `cdp import`'}.`));
    }
    const binding = id ? await prisma.chatBinding.findUnique({ where: { platform_externalId: { platform, externalId: id } }, include: { partnership: true } }) : null;
    if (binding) return ok(info(binding.partnership));
    if (platform === 'teams' && localTeamsMode) {
      const [count, teamsBound] = await Promise.all([prisma.partnership.count(), prisma.chatBinding.count({ where: { platform: 'teams' } })]);
      if (count === 1 && teamsBound === 0) {
        const only = await prisma.partnership.findFirstOrThrow();
        return ok(info(only));
      }
    }
    const what = platform === 'slack' ? `This Slack workspace (${id || 'unknown'})` : `This Microsoft Teams tenant (${id || 'unknown'})`;
    return err(domainError(
      'unknown_tenant',
      `${what} is not connected to a partnership. An admin can connect it with: cdp partnerships bind <partnership> ${platform} ${id || '<id>'}`,
    ));
  }

  async function autoBind(platform: Platform, tenantId: string): Promise<'bound' | 'already_bound' | 'skipped'> {
    const id = clean(tenantId);
    if (!id || platform === 'console') return 'skipped';
    const existing = await prisma.chatBinding.findUnique({ where: { platform_externalId: { platform, externalId: id } } });
    if (existing) return 'already_bound';
    const [partnerships, onPlatform] = await Promise.all([
      prisma.partnership.findMany({ take: 2 }),
      prisma.chatBinding.count({ where: { platform } }),
    ]);
    if (partnerships.length !== 1 || onPlatform > 0) return 'skipped';
    try {
      await prisma.chatBinding.create({ data: { partnershipId: partnerships[0]!.id, platform, externalId: id } });
      registerChanged();
      return 'bound';
    } catch {
      // Another instance bound it at the same moment.
      const again = await prisma.chatBinding.findUnique({ where: { platform_externalId: { platform, externalId: id } } });
      return again ? 'already_bound' : 'skipped';
    }
  }

  return {
    resolve,
    autoBind,
    setLocalTeamsMode(on: boolean) {
      localTeamsMode = on;
    },
  };
}
