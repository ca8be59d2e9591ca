// A person's preferred channel (`cdp people set EMAIL channel email|teams|slack|auto`) and the
// withdrawal of their signed email links (`cdp people revoke-links EMAIL`).
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Platform } from '../generated/prisma/enums.js';
import { revokeLinks } from '../links/store.js';
import { domainError, err, ok, type Result } from '../result.js';
import { findPersonByEmail } from './people.js';
import { registerChanged } from '../core/resolution-cache.js';

export const CHANNELS = ['email', 'teams', 'slack'] as const;
export type PreferredChannel = (typeof CHANNELS)[number];

export function parseChannel(text: string): Result<PreferredChannel | null> {
  const t = text.trim().toLowerCase();
  if (t === 'auto' || t === 'none') return ok(null);
  const c = CHANNELS.find((x) => x === t);
  if (c) return ok(c);
  return err(domainError('bad_channel', `"${text}" is not a channel.`, `Use one of: ${CHANNELS.join(', ')}, or auto (the first that reaches them: chat, then email).`));
}

async function person(prisma: PrismaClient, partnershipId: string, email: string) {
  const p = await findPersonByEmail(prisma, partnershipId, email);
  return p ? ok(p) : err(domainError('not_found', `No person with the email ${email} in this partnership.`, 'See who is registered with: cdp people list'));
}

export async function setPreferredChannel(prisma: PrismaClient, partnershipId: string, email: string, channel: PreferredChannel | null): Promise<Result<{ name: string; was: Platform | null }>> {
  const p = await person(prisma, partnershipId, email);
  if (!p.ok) return p;
  await prisma.person.update({ where: { id: p.value.id }, data: { preferredChannel: channel } });
  registerChanged();
  return ok({ name: p.value.name, was: p.value.preferredChannel });
}

export async function revokePersonLinks(prisma: PrismaClient, partnershipId: string, email: string, now: Date): Promise<Result<{ name: string; revoked: number }>> {
  const p = await person(prisma, partnershipId, email);
  if (!p.ok) return p;
  const revoked = await revokeLinks(prisma, p.value.id, now);
  registerChanged();
  return ok({ name: p.value.name, revoked });
}
