// Which person a chat user is: by stored chat identity, else by email on first contact (the
// adapter looks it up lazily), storing the link. Null when the user is not linked.
import type { Database } from '../db/client.js';
import type { Logger } from '../log/logger.js';
import { findPersonByEmail, loadPersonContext } from '../register/people.js';
import type { ChatUser, PartnershipInfo, PersonContext } from './api.js';

export function createIdentity(db: Database, logger: Logger) {
  const prisma = db.prisma;
  /** Emails looked up for users that matched nobody: "how to get linked" names them. Small and bounded. */
  const unlinkedEmails = new Map<string, string>();

  async function resolve(partnership: PartnershipInfo, user: ChatUser): Promise<PersonContext | null> {
    if (!user.userId || /[\u0000-\u001F\u007F]/.test(user.userId)) return null;
    const known = await prisma.chatIdentity.findUnique({
      where: { partnershipId_platform_externalId: { partnershipId: partnership.id, platform: user.platform, externalId: user.userId } },
    });
    if (known) return loadPersonContext(prisma, partnership.id, known.personId);
    if (!user.lookupEmail) return null;
    let email: string | undefined;
    try {
      email = (await user.lookupEmail())?.replace(/[\u0000-\u001F\u007F]/g, '').trim().toLowerCase();
    } catch (e) {
      logger.warn({ err: e, platform: user.platform }, 'email look-up failed');
      return null;
    }
    if (!email) return null;
    const person = await findPersonByEmail(prisma, partnership.id, email);
    if (!person) {
      if (unlinkedEmails.size > 1000) unlinkedEmails.clear();
      unlinkedEmails.set(`${user.platform}:${user.userId}`, email);
      return null;
    }
    // INSERT … ON CONFLICT DO NOTHING: several first messages at once must not race (an upsert is not atomic).
    await prisma.chatIdentity.createMany({
      data: [{ partnershipId: partnership.id, personId: person.id, platform: user.platform, externalId: user.userId }],
      skipDuplicates: true,
    });
    unlinkedEmails.delete(`${user.platform}:${user.userId}`);
    logger.info({ partnershipId: partnership.id, personId: person.id, platform: user.platform }, 'chat identity linked by email');
    return loadPersonContext(prisma, partnership.id, person.id);
  }

  return {
    resolve,
    lookedUpEmail: (platform: string, userId: string) => unlinkedEmails.get(`${platform}:${userId}`),
  };
}
