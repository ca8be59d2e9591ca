// Signed links over the database: the HMAC key (LINK_SECRET, else one generated once and kept
// in ServerSecret so every instance agrees), issuing a link for a person and a message's refs,
// checking a token (tampered / expired / revoked → a DomainError, nothing else happens) and
// revoking a person's links.
import crypto from 'node:crypto';
import type { PrismaClient } from '../generated/prisma/client.js';
import { domainError, err, ok, type DomainError, type Result } from '../result.js';
import { newLinkId, parseToken, signLink, tokenMatches, type LinkScope } from './token.js';

export const DEFAULT_LINK_DAYS = 14;
const DAY_MS = 86_400_000;
const SECRET_NAME = 'links';

/** The configured secret, else the stored one (created on first use: insert if absent, then read). */
export async function linkSecret(prisma: PrismaClient, configured?: string): Promise<string> {
  if (configured) return configured;
  const value = crypto.randomBytes(32).toString('base64url');
  await prisma.serverSecret.createMany({ data: [{ name: SECRET_NAME, value }], skipDuplicates: true });
  const row = await prisma.serverSecret.findUniqueOrThrow({ where: { name: SECRET_NAME } });
  return row.value;
}

export interface IssueInput {
  partnershipId: string;
  personId: string;
  actionRefs: string[];
  contractRefs: string[];
  now: Date;
  days?: number;
}

export async function issueLink(prisma: PrismaClient, secret: string, input: IssueInput): Promise<{ token: string; expiresAt: Date }> {
  const scope: LinkScope = {
    id: newLinkId(),
    partnershipId: input.partnershipId,
    personId: input.personId,
    actionRefs: [...new Set(input.actionRefs.map((r) => r.toUpperCase()))],
    contractRefs: [...new Set(input.contractRefs.map((r) => r.toUpperCase()))],
    expiresAt: new Date(input.now.getTime() + (input.days ?? DEFAULT_LINK_DAYS) * DAY_MS),
  };
  await prisma.signedLink.create({ data: { ...scope, createdAt: input.now } });
  return { token: signLink(secret, scope), expiresAt: scope.expiresAt };
}

const INVALID = 'This link is not valid: it may have been copied incompletely or changed.';
const ASK_AGAIN = 'Open the link from the email again, or wait for the next reminder; nothing was changed.';

/** The link behind a token, if it is genuine, current and not revoked. */
export async function checkLink(prisma: PrismaClient, secret: string, token: string, now: Date): Promise<Result<LinkScope, DomainError>> {
  const parsed = parseToken(token);
  if (!parsed) return err(domainError('link_invalid', INVALID, ASK_AGAIN));
  const row = await prisma.signedLink.findUnique({ where: { id: parsed.id } });
  if (!row) return err(domainError('link_invalid', INVALID, ASK_AGAIN));
  const scope: LinkScope = {
    id: row.id, partnershipId: row.partnershipId, personId: row.personId,
    actionRefs: row.actionRefs, contractRefs: row.contractRefs, expiresAt: row.expiresAt,
  };
  if (!tokenMatches(secret, parsed, scope)) return err(domainError('link_invalid', INVALID, ASK_AGAIN));
  if (row.revokedAt) {
    return err(domainError('link_revoked', 'This link has been withdrawn by the partnership’s coordinator.', 'Use the link in a newer email, or ask the coordinator; nothing was changed.'));
  }
  if (row.expiresAt.getTime() <= now.getTime()) {
    return err(domainError('link_expired', `This link expired on ${row.expiresAt.toISOString().slice(0, 10)}.`, 'Links in reminder emails work for 14 days: use the link in your latest reminder. Nothing was changed.'));
  }
  return ok(scope);
}

export async function touchLink(prisma: PrismaClient, id: string, now: Date): Promise<void> {
  await prisma.signedLink.updateMany({ where: { id }, data: { lastUsedAt: now } });
}

/** Revokes every current link of a person; returns how many. */
export async function revokeLinks(prisma: PrismaClient, personId: string, now: Date): Promise<number> {
  const r = await prisma.signedLink.updateMany({ where: { personId, revokedAt: null, expiresAt: { gt: now } }, data: { revokedAt: now } });
  return r.count;
}
