// People of a partnership as the commands see them: the PersonContext (agencies, roles) and
// the names used in refusals ("or an admin (Adele Vance)") and in "how to get linked".
import type { PrismaClient } from '../generated/prisma/client.js';
import type { PersonContext } from '../core/api.js';

const personInclude = {
  agencies: { include: { agency: { select: { id: true, name: true } } } },
  roles: { include: { subgroup: { select: { id: true, name: true } } } },
} as const;

/** Loads a person of the partnership as a PersonContext; null when there is no such person. */
export async function loadPersonContext(prisma: PrismaClient, partnershipId: string, personId: string): Promise<PersonContext | null> {
  const p = await prisma.person.findFirst({ where: { id: personId, partnershipId }, include: personInclude });
  if (!p) return null;
  return {
    id: p.id,
    name: p.name,
    email: p.email,
    agencies: p.agencies.map((a) => a.agency).sort((a, b) => a.name.localeCompare(b.name)),
    isAdmin: p.roles.some((r) => r.role === 'admin'),
    isCommissioner: p.roles.some((r) => r.role === 'commissioner'),
    isSro: p.roles.some((r) => r.role === 'sro'),
    chairOf: p.roles.filter((r) => r.role === 'chair' && r.subgroup).map((r) => r.subgroup!),
  };
}

/** Finds a person of the partnership by email (case-insensitive). */
export async function findPersonByEmail(prisma: PrismaClient, partnershipId: string, email: string) {
  const e = email.trim().toLowerCase();
  if (!e) return null;
  return prisma.person.findFirst({ where: { partnershipId, email: { equals: e, mode: 'insensitive' } } });
}

/** Names of the partnership's admins, for refusals and "how to get linked". */
export async function adminNames(prisma: PrismaClient, partnershipId: string): Promise<string[]> {
  const rows = await prisma.person.findMany({
    where: { partnershipId, roles: { some: { role: 'admin' } } },
    select: { name: true },
    orderBy: { name: 'asc' },
  });
  return rows.map((r) => r.name);
}

/** Linked chat accounts of a person, for `whoami`. */
export async function linkedAccounts(prisma: PrismaClient, personId: string) {
  return prisma.chatIdentity.findMany({ where: { personId }, orderBy: { createdAt: 'asc' }, select: { platform: true, externalId: true } });
}

/** The ids of the people of the given agencies (whose home view a change may refresh). */
export async function peopleOfAgencies(prisma: PrismaClient, agencyIds: string[]): Promise<string[]> {
  if (agencyIds.length === 0) return [];
  const rows = await prisma.personAgency.findMany({ where: { agencyId: { in: agencyIds } }, select: { personId: true } });
  return [...new Set(rows.map((r) => r.personId))];
}
