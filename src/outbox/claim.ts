// Claiming due outbox rows so that two dispatchers (two processes on one PostgreSQL) never
// send one row twice. One atomic statement picks due rows with FOR UPDATE SKIP LOCKED and
// moves their nextAttemptAt forward by a lease: other dispatchers skip locked rows while the
// statement runs and see a future nextAttemptAt after it. The claim records the dispatcher
// (claimedBy): if that process dies, workers.ts hands its rows back at once; the lease is only
// the last resort. A row that was being sent keeps sendingAt and is looked up on the platform
// before any resend (dispatcher.ts), so a crash between the platform accepting a message and the
// row being marked sent does not send it twice where the platform can tell (Slack).
//
// Order per recipient: only a recipient's OLDEST pending row can be claimed, so a newer
// message never overtakes one that is waiting on backoff, Retry-After or a lease.
import type { Notification, PrismaClient } from '../generated/prisma/client.js';
import { coalesce } from './coalesce.js';

const CLAIM_SQL = `
UPDATE "Notification" AS n
   SET "nextAttemptAt" = ($2::timestamptz AT TIME ZONE 'UTC'), "claimedBy" = $6
  FROM (
    SELECT c.id
      FROM "Notification" AS c
     WHERE c.state = 'pending'
       AND c."nextAttemptAt" <= ($1::timestamptz AT TIME ZONE 'UTC')
       AND ($4::text[] IS NULL OR c."dedupeKey" = ANY($4::text[]))
       AND ($5::jsonb IS NULL OR EXISTS (
         SELECT 1 FROM jsonb_to_recordset($5::jsonb) AS r("recipientKind" text, "personId" text, platform text, "channelId" text)
          WHERE c."recipientKind" = r."recipientKind" AND coalesce(c."personId", '') = r."personId"
            AND coalesce(c.platform::text, '') = r.platform AND coalesce(c."channelId", '') = r."channelId"))
       AND NOT EXISTS (
         SELECT 1 FROM "Notification" AS o
          WHERE o.state = 'pending'
            AND o."recipientKind" = c."recipientKind"
            AND coalesce(o."personId", '') = coalesce(c."personId", '')
            AND coalesce(o.platform::text, '') = coalesce(c.platform::text, '')
            AND coalesce(o."channelId", '') = coalesce(c."channelId", '')
            AND (o."createdAt" < c."createdAt" OR (o."createdAt" = c."createdAt" AND o.id < c.id)))
     ORDER BY c."createdAt", c.id
     LIMIT $3
     FOR UPDATE OF c SKIP LOCKED
  ) AS due
 WHERE n.id = due.id
RETURNING n.*`;

/**
 * Claims up to `limit` due rows (at most one per recipient) until `leaseUntil`; returns them as
 * claimed. `onlyKeys` limits the claim to those dedupe keys (`cdp run` dispatches only its own rows).
 */
export async function claimDue(prisma: PrismaClient, now: Date, leaseUntil: Date, limit: number, onlyKeys?: string[], claimedBy: string | null = null): Promise<Notification[]> {
  return prisma.$queryRawUnsafe<Notification[]>(CLAIM_SQL, now.toISOString(), leaseUntil.toISOString(), limit, onlyKeys ?? null, null, claimedBy);
}

/** Whom a row goes to (the columns that make up a recipient). */
export interface RecipientColumns {
  recipientKind: string;
  personId: string | null;
  platform: string | null;
  channelId: string | null;
}

const sameRecipient = (a: RecipientColumns, b: RecipientColumns): boolean =>
  a.recipientKind === b.recipientKind && (a.personId ?? '') === (b.personId ?? '') && (a.platform ?? '') === (b.platform ?? '') && (a.channelId ?? '') === (b.channelId ?? '');

/**
 * Claims each of these recipients' next row when it is due and is now the recipient's oldest
 * pending one (the same atomic claim as claimDue, so it is safe against other dispatchers); at
 * most one row per recipient. The dispatcher uses it to send a recipient's rows one after
 * another without waiting for the next poll, one statement for all the lanes that ask at once.
 */
export async function claimNextFor(
  prisma: PrismaClient, recipients: RecipientColumns[], now: Date, leaseUntil: Date, onlyKeys?: string[], claimedBy: string | null = null,
): Promise<Notification[]> {
  if (recipients.length === 0) return [];
  const r = recipients.map((x) => ({ recipientKind: x.recipientKind, personId: x.personId ?? '', platform: x.platform ?? '', channelId: x.channelId ?? '' }));
  return prisma.$queryRawUnsafe<Notification[]>(CLAIM_SQL, now.toISOString(), leaseUntil.toISOString(), recipients.length, onlyKeys ?? null, JSON.stringify(r), claimedBy);
}

/**
 * A dispatcher's lanes ask for their recipients' next rows (claimNextFor) after each send; the
 * lanes that ask at once get them from one statement (coalesce.ts). Resolves with the row
 * claimed for this lane's recipient, or null.
 */
export function createNextClaimer(
  prisma: PrismaClient, o: { clock: () => Date; leaseMs: number; claimedBy: string },
): (after: Notification, onlyKeys?: string[]) => Promise<Notification | null> {
  const claim = coalesce<{ after: Notification; onlyKeys: string[] | undefined }, Notification | null>(async (items) => {
    const found: (Notification | null)[] = items.map(() => null);
    for (const onlyKeys of new Set(items.map((i) => i.onlyKeys))) {
      const now = o.clock();
      const asking = items.filter((i) => i.onlyKeys === onlyKeys).map((i) => i.after);
      for (const next of await claimNextFor(prisma, asking, now, new Date(now.getTime() + o.leaseMs), onlyKeys, o.claimedBy)) {
        const k = items.findIndex((i, n) => found[n] === null && i.onlyKeys === onlyKeys && sameRecipient(i.after, next));
        if (k >= 0) found[k] = next;
        else await releaseClaim(prisma, next.id, now); // nobody asked for it (cannot happen): not kept for a lease
      }
    }
    return found;
  });
  return (after, onlyKeys) => claim({ after, onlyKeys });
}

/**
 * Hands a claimed row back (pacing deferral, shutdown): due again at `at`, no attempt counted.
 * `notSent`: nothing went out since sendingAt was set (not asked for yet, or refused), so it is
 * cleared and the next try needs no look-up.
 */
export async function releaseClaim(prisma: PrismaClient, id: string, at: Date, notSent = false): Promise<void> {
  await prisma.notification.updateMany({ where: { id, state: 'pending' }, data: { nextAttemptAt: at, claimedBy: null, ...(notSent ? { sendingAt: null } : {}) } });
}
