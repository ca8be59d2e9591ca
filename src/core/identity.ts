// Which person a chat user is: by stored chat identity, else by email on first contact (the
// adapter looks it up lazily), storing the link. Null when the user is not linked.
//
// A link follows the platform's email (SPEC §10 "Trust boundaries"): it is re-checked when the
// platform reports a changed profile (Slack `user_change`) and, on use, at most once a day. An
// email that now belongs to someone else moves the link; one that matches nobody (a leaver, a
// personal address) or a deactivated account removes it. A person has at most one account per
// platform: the newest wins and the older one is unlinked. Every move or removal is recorded
// (IdentityChange) and listed in the admins' digest — a link never changes silently.
import type { Database } from '../db/client.js';
import type { Platform } from '../generated/prisma/enums.js';
import type { Logger } from '../log/logger.js';
import { findPersonByEmail, loadPersonContext } from '../register/people.js';
import type { ChatUser, PartnershipInfo, PersonContext } from './api.js';
import { registerChanged, resolutionCache } from './resolution-cache.js';

/** A link is re-checked against the platform's email on use at most this often. */
export const RECHECK_AFTER_MS = 24 * 60 * 60 * 1000;

export interface ReportedProfile {
  platform: Platform;
  userId: string;
  /** The email the platform reports now; undefined when it shows none. */
  email: string | undefined;
  /** The account was deactivated. */
  deleted?: boolean;
  /** When it was checked (stored as the link's checkedAt); the database's time when not given. */
  now?: Date;
}

const PLATFORM_NAME: Record<string, string> = { slack: 'Slack', teams: 'Teams', console: 'console' };
const cleanEmail = (e: string | undefined) => e?.replace(/[\u0000-\u001F\u007F]/g, '').trim().toLowerCase() || undefined;
const badId = (id: string) => !id || /[\u0000-\u001F\u007F]/.test(id);

export function createIdentity(db: Database, logger: Logger, cache: { ttlMs?: number } = {}) {
  const prisma = db.prisma;
  /** Emails looked up for users that matched nobody: "how to get linked" names them. Small and bounded. */
  const unlinkedEmails = new Map<string, string>();
  /** Chat accounts → their link, and people → their agencies and roles, resolved lately (resolution-cache.ts). */
  const links = resolutionCache<{ id: string; personId: string; checkedAt: Date }>(cache);
  const people = resolutionCache<PersonContext>(cache);
  const personContext = async (partnershipId: string, personId: string): Promise<PersonContext | null> =>
    (await people.through(`${partnershipId}\u0000${personId}`, async () => (await loadPersonContext(prisma, partnershipId, personId)) ?? undefined)) ?? null;

  async function record(partnershipId: string, platform: Platform, externalId: string, kind: 'linked' | 'unlinked' | 'relinked' | 'replaced', summary: string, at: Date | undefined) {
    registerChanged();
    await prisma.identityChange.create({ data: { partnershipId, platform, externalId, kind, summary, ...(at ? { at } : {}) } });
    logger.info({ event: `identity.${kind}`, partnershipId, platform }, summary);
  }

  /**
   * Makes the account's link agree with the email the platform reports: keeps, moves, removes or
   * creates it (newest account wins). Returns the linked person's id, or null.
   */
  async function reconcile(partnershipId: string, p: ReportedProfile, why: string, announceLink = false): Promise<string | null> {
    // Whatever it finds, the cached link of this account (or its checkedAt) is out of date: dropped
    // before (so no request uses it meanwhile) and after (so none keeps what it read meanwhile).
    registerChanged();
    try {
      return await reconcileLink(partnershipId, p, why, announceLink);
    } finally {
      registerChanged();
    }
  }

  async function reconcileLink(partnershipId: string, p: ReportedProfile, why: string, announceLink: boolean): Promise<string | null> {
    const { platform, userId, now } = p;
    const email = p.deleted ? undefined : cleanEmail(p.email);
    const [link, target] = await Promise.all([
      prisma.chatIdentity.findUnique({
        where: { partnershipId_platform_externalId: { partnershipId, platform, externalId: userId } },
        include: { person: { select: { name: true, email: true } } },
      }),
      email ? findPersonByEmail(prisma, partnershipId, email) : Promise.resolve(null),
    ]);
    const account = `${PLATFORM_NAME[platform] ?? platform} account ${userId}`;
    if (link && target && link.personId === target.id) {
      await prisma.chatIdentity.update({ where: { id: link.id }, data: { email: email ?? null, ...(now ? { checkedAt: now } : {}) } });
      return target.id;
    }
    if (link) {
      await prisma.chatIdentity.deleteMany({ where: { id: link.id } });
      const reported = p.deleted ? 'is deactivated' : email ? `now reports ${email}` : 'now reports no email';
      const outcome = target ? `moved to ${target.name} <${target.email}>` : `unlinked (no person in the register has ${email ? 'that email' : 'an email for it'})`;
      await record(partnershipId, platform, userId, target ? 'relinked' : 'unlinked',
        `${account} was linked to ${link.person.name} <${link.person.email}>; ${why} it ${reported}, so it was ${outcome}.`, now);
    }
    if (!target) return null;
    // One account per person and platform: the newest wins, older ones are unlinked and reported.
    const older = await prisma.chatIdentity.findMany({ where: { partnershipId, personId: target.id, platform, externalId: { not: userId } } });
    if (older.length) {
      await prisma.chatIdentity.deleteMany({ where: { id: { in: older.map((o) => o.id) } } });
      for (const o of older) {
        await record(partnershipId, platform, o.externalId, 'replaced',
          `${target.name}'s older ${PLATFORM_NAME[platform] ?? platform} account ${o.externalId} was unlinked: ${account} now has their email ${email} (the newest account wins).`, now);
      }
    }
    // INSERT … ON CONFLICT DO NOTHING: several first messages at once must not race (an upsert is not atomic).
    await prisma.chatIdentity.createMany({
      data: [{ partnershipId, personId: target.id, platform, externalId: userId, email: email ?? null, ...(now ? { checkedAt: now } : {}) }],
      skipDuplicates: true,
    });
    unlinkedEmails.delete(`${platform}:${userId}`);
    if (!link && announceLink) {
      await record(partnershipId, platform, userId, 'linked', `${account} ${why} reports ${email}, so it was linked to ${target.name}.`, now);
    } else if (!link) logger.info({ partnershipId, personId: target.id, platform }, 'chat identity linked by email');
    return target.id;
  }

  async function lookup(user: ChatUser): Promise<{ ok: true; email: string | undefined } | { ok: false }> {
    try {
      return { ok: true, email: cleanEmail(await user.lookupEmail!()) };
    } catch (e) {
      logger.warn({ err: e, platform: user.platform }, 'email look-up failed');
      return { ok: false };
    }
  }

  async function resolve(partnership: PartnershipInfo, user: ChatUser): Promise<PersonContext | null> {
    if (badId(user.userId)) return null;
    const known = await links.through(`${partnership.id}\u0000${user.platform}\u0000${user.userId}`, async () =>
      (await prisma.chatIdentity.findUnique({
        where: { partnershipId_platform_externalId: { partnershipId: partnership.id, platform: user.platform, externalId: user.userId } },
        select: { id: true, personId: true, checkedAt: true },
      })) ?? undefined);
    if (known) {
      const due = user.now && user.lookupEmail && user.now.getTime() - known.checkedAt.getTime() >= RECHECK_AFTER_MS;
      if (!due) return personContext(partnership.id, known.personId);
      const looked = await lookup(user);
      if (!looked.ok) return personContext(partnership.id, known.personId);
      if (!looked.email) {
        // Nothing to compare (email hidden or the look-up answered nothing): keep the link, check again tomorrow.
        await prisma.chatIdentity.update({ where: { id: known.id }, data: { checkedAt: user.now! } });
        registerChanged();
        return personContext(partnership.id, known.personId);
      }
      const personId = await reconcile(partnership.id, { platform: user.platform, userId: user.userId, email: looked.email, now: user.now! }, 'at its daily check');
      if (!personId) unlinkedEmails.set(`${user.platform}:${user.userId}`, looked.email);
      return personId ? personContext(partnership.id, personId) : null;
    }
    if (!user.lookupEmail) return null;
    const looked = await lookup(user);
    if (!looked.ok || !looked.email) return null;
    const person = await findPersonByEmail(prisma, partnership.id, looked.email);
    if (!person) {
      if (unlinkedEmails.size > 1000) unlinkedEmails.clear();
      unlinkedEmails.set(`${user.platform}:${user.userId}`, looked.email);
      return null;
    }
    const personId = await reconcile(partnership.id, { platform: user.platform, userId: user.userId, email: looked.email, ...(user.now ? { now: user.now } : {}) }, 'on first contact');
    return personId ? personContext(partnership.id, personId) : null;
  }

  /** The platform reported a changed profile (Slack `user_change`): the link follows the email. */
  async function profileChanged(partnership: PartnershipInfo, profile: ReportedProfile): Promise<{ personId: string | null }> {
    if (badId(profile.userId)) return { personId: null };
    const linked = await prisma.chatIdentity.count({ where: { partnershipId: partnership.id, platform: profile.platform, externalId: profile.userId } });
    const email = cleanEmail(profile.email);
    // Someone not linked whose new email matches nobody: nothing to do (and nothing remembered).
    if (!linked && (!email || profile.deleted || !(await findPersonByEmail(prisma, partnership.id, email)))) return { personId: null };
    return { personId: await reconcile(partnership.id, profile, 'when the platform reported a profile change', true) };
  }

  return {
    resolve,
    profileChanged,
    lookedUpEmail: (platform: string, userId: string) => unlinkedEmails.get(`${platform}:${userId}`),
  };
}
