// Teams roster reach: when the bot is added to a team, the adapter reads the team's roster and
// hands it here. Each member whose email is a person of the partnership gets their Teams account
// linked (never moved from someone else) and a "roster" conversation: what the Teams port needs
// to open a personal chat with them (POST /v3/conversations) before they ever open the app.
import type { Database } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Logger } from '../log/logger.js';
import type { RosterMember } from './api.js';
import { registerChanged } from './resolution-cache.js';

export async function rememberRoster(
  db: Database,
  logger: Logger,
  partnershipId: string,
  members: RosterMember[],
  base: Record<string, unknown>,
): Promise<{ linked: number; unknown: number }> {
  const prisma = db.prisma;
  const emails = [...new Set(members.map((m) => m.email?.trim().toLowerCase()).filter((e): e is string => !!e))];
  const people = emails.length
    ? await prisma.person.findMany({ where: { partnershipId, email: { in: emails } }, select: { id: true, email: true } })
    : [];
  const byEmail = new Map(people.map((p) => [p.email.toLowerCase(), p.id]));
  let linked = 0;
  let unknown = 0;
  for (const m of members.slice(0, 5000)) {
    const personId = m.email ? byEmail.get(m.email.trim().toLowerCase()) : undefined;
    if (!personId || !m.aadObjectId) {
      unknown++;
      continue;
    }
    await prisma.chatIdentity.createMany({
      data: [{ partnershipId, personId, platform: 'teams', externalId: m.aadObjectId }],
      skipDuplicates: true,
    });
    const identity = await prisma.chatIdentity.findUnique({
      where: { partnershipId_platform_externalId: { partnershipId, platform: 'teams', externalId: m.aadObjectId } },
    });
    if (identity?.personId !== personId) {
      logger.warn({ partnershipId, personId }, 'roster member’s Teams account is linked to someone else: left as it is');
      unknown++;
      continue;
    }
    const reference = { ...base, user: { id: m.id, aadObjectId: m.aadObjectId, ...(m.name ? { name: m.name } : {}) } } as Prisma.InputJsonValue;
    const externalId = `roster:${m.aadObjectId}`;
    await prisma.conversation.upsert({
      where: { partnershipId_platform_externalId: { partnershipId, platform: 'teams', externalId } },
      create: { partnershipId, platform: 'teams', kind: 'roster', externalId, personId, reference },
      update: { personId, reference, unreachableSince: null, unreachableReason: null },
    });
    linked++;
  }
  registerChanged();
  logger.info({ partnershipId, linked, unknown }, 'teams roster remembered');
  return { linked, unknown };
}
