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
import type { PrismaClient } from '../generated/prisma/client.js';

const CLAIM_SQL = `
UPDATE "Notification" AS n
   SET "nextAttemptAt" = ($2::timestamptz AT TIME ZONE 'UTC'), "claimedBy" = $9
  FROM (
    SELECT c.id
      FROM "Notification" AS c
     WHERE c.state = 'pending'
       AND c."nextAttemptAt" <= ($1::timestamptz AT TIME ZONE 'UTC')
       AND ($4::text[] IS NULL OR c."dedupeKey" = ANY($4::text[]))
       AND ($5::text IS NULL OR (c."recipientKind" = $5
            AND coalesce(c."personId", '') = $6 AND coalesce(c.platform::text, '') = $7 AND coalesce(c."channelId", '') = $8))
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
RETURNING n.id`;

/**
 * Claims up to `limit` due rows (at most one per recipient) until `leaseUntil`; returns their
 * ids. `onlyKeys` limits the claim to those dedupe keys (`cdp run` dispatches only its own rows).
 */
export async function claimDue(prisma: PrismaClient, now: Date, leaseUntil: Date, limit: number, onlyKeys?: string[], claimedBy: string | null = null): Promise<string[]> {
  const rows = await prisma.$queryRawUnsafe<{ id: string }[]>(
    CLAIM_SQL, now.toISOString(), leaseUntil.toISOString(), limit, onlyKeys ?? null, null, '', '', '', claimedBy,
  );
  return rows.map((r) => r.id);
}

/** Whom a row goes to (the columns that make up a recipient). */
export interface RecipientColumns {
  recipientKind: string;
  personId: string | null;
  platform: string | null;
  channelId: string | null;
}

/**
 * Claims this recipient's next row when it is due and is now the recipient's oldest pending
 * one (the same atomic claim as claimDue, so it is safe against other dispatchers); returns
 * its id or null. The dispatcher uses it to send a recipient's rows one after another without
 * waiting for the next poll.
 */
export async function claimNextFor(
  prisma: PrismaClient, r: RecipientColumns, now: Date, leaseUntil: Date, onlyKeys?: string[], claimedBy: string | null = null,
): Promise<string | null> {
  const rows = await prisma.$queryRawUnsafe<{ id: string }[]>(
    CLAIM_SQL, now.toISOString(), leaseUntil.toISOString(), 1, onlyKeys ?? null,
    r.recipientKind, r.personId ?? '', r.platform ?? '', r.channelId ?? '', claimedBy,
  );
  return rows[0]?.id ?? null;
}

/**
 * Hands a claimed row back (pacing deferral, shutdown): due again at `at`, no attempt counted.
 * `notSent`: nothing went out since sendingAt was set (not asked for yet, or refused), so it is
 * cleared and the next try needs no look-up.
 */
export async function releaseClaim(prisma: PrismaClient, id: string, at: Date, notSent = false): Promise<void> {
  await prisma.notification.updateMany({ where: { id, state: 'pending' }, data: { nextAttemptAt: at, claimedBy: null, ...(notSent ? { sendingAt: null } : {}) } });
}
