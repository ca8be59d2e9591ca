// What the dispatcher writes around a send: sendingAt just before it; after it, the row marked
// sent plus a SentMessage (so a thread reply to the message can be matched to the refs it
// listed), or the conversation marked unreachable.
import { randomUUID } from 'node:crypto';
import type { MessageRef } from '../chat/port.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Platform } from '../generated/prisma/enums.js';
import { coalesce } from './coalesce.js';
import type { NotificationPayload } from './enqueue.js';
import type { Target } from './targets.js';
import { registerChanged } from '../core/resolution-cache.js';

/** A row the platform accepted: what recordSent writes for it. */
export interface SentRecord {
  row: { id: string; partnershipId: string; personId: string | null; attempts: number };
  ref: MessageRef;
  about: NotificationPayload['about'];
  at: Date;
}

// One statement for any number of rows (the dispatcher coalesces a fan-out's answers): each
// row still pending becomes sent, and a SentMessage is added unless the platform's message
// is already recorded.
const RECORD_SENT_SQL = `
WITH t AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(id text, "partnershipId" text, "personId" text, attempts int, at text,
         ref jsonb, platform text, "channelId" text, "messageId" text, "actionRefs" text[], "contractRefs" text[], "sentMessageId" text)
), sent AS (
  UPDATE "Notification" AS n
     SET state = 'sent'::"NotificationState", "sentAt" = (t.at::timestamptz AT TIME ZONE 'UTC'), attempts = t.attempts,
         "lastError" = NULL, "messageRef" = t.ref
    FROM t
   WHERE n.id = t.id AND n.state = 'pending'
)
INSERT INTO "SentMessage" (id, "partnershipId", platform, "channelId", "messageId", "notificationId", "personId", "actionRefs", "contractRefs", "createdAt")
SELECT t."sentMessageId", t."partnershipId", t.platform::"Platform", t."channelId", t."messageId", t.id, t."personId",
       t."actionRefs", t."contractRefs", (t.at::timestamptz AT TIME ZONE 'UTC')
  FROM t
ON CONFLICT DO NOTHING`;

/** Marks rows sent and records what each message was about (one statement, atomic). */
export async function recordSent(prisma: PrismaClient, records: SentRecord[]): Promise<void> {
  if (records.length === 0) return;
  const data = records.map(({ row, ref, about, at }) => ({
    id: row.id,
    partnershipId: row.partnershipId,
    personId: row.personId,
    attempts: row.attempts + 1,
    at: at.toISOString(),
    ref,
    platform: ref.platform,
    channelId: ref.channelId,
    messageId: ref.messageId,
    actionRefs: about.actionRefs,
    contractRefs: about.contractRefs,
    sentMessageId: randomUUID(),
  }));
  await prisma.$executeRawUnsafe(RECORD_SENT_SQL, JSON.stringify(data));
}

const MARK_SENDING_SQL = `
UPDATE "Notification" AS n
   SET "sendingAt" = (t.at::timestamptz AT TIME ZONE 'UTC')
  FROM jsonb_to_recordset($1::jsonb) AS t(id text, at text)
 WHERE n.id = t.id AND n.state = 'pending'`;

/**
 * Sets sendingAt on rows about to be sent (one statement for any number): from here a row
 * may have gone out, and is looked up on the platform before any resend.
 */
export async function markSending(prisma: PrismaClient, rows: { id: string; at: Date }[]): Promise<void> {
  if (rows.length === 0) return;
  await prisma.$executeRawUnsafe(MARK_SENDING_SQL, JSON.stringify(rows.map((r) => ({ id: r.id, at: r.at.toISOString() }))));
}

/**
 * markSending and recordSent for a dispatcher's lanes: the rows asked for at once (a fan-out)
 * go in one statement each (coalesce.ts); each call resolves when its row is written.
 */
export function createSendRecorder(prisma: PrismaClient): {
  markSending: (id: string, at: Date) => Promise<void>;
  recordSent: (record: SentRecord) => Promise<void>;
} {
  const mark = coalesce<{ id: string; at: Date }>((rows) => markSending(prisma, rows));
  return {
    markSending: (id, at) => mark({ id, at }),
    recordSent: coalesce<SentRecord>((records) => recordSent(prisma, records)),
  };
}

/**
 * The platform said the recipient cannot be reached: marks the person's conversations on
 * that platform (or the channel's conversation, created if it was only a binding) so the
 * next send does not rely on them and admins can see why.
 */
export async function recordUnreachable(
  prisma: PrismaClient,
  partnershipId: string,
  platform: Platform,
  target: Target,
  reason: string,
  at: Date,
): Promise<void> {
  const unreachableReason = reason.slice(0, 500);
  try {
    await markUnreachable(prisma, partnershipId, platform, target, unreachableReason, at);
  } finally {
    registerChanged(); // a conversation remembered lately must be written again when its person writes
  }
}

async function markUnreachable(prisma: PrismaClient, partnershipId: string, platform: Platform, target: Target, unreachableReason: string, at: Date): Promise<void> {
  if (target.kind === 'person' && platform === 'email') {
    // Email has no conversation until it fails: the address itself is marked (a new address gets a fresh chance).
    const externalId = target.person.email.toLowerCase();
    await prisma.conversation.upsert({
      where: { partnershipId_platform_externalId: { partnershipId, platform, externalId } },
      update: { personId: target.person.personId, unreachableSince: at, unreachableReason },
      create: { partnershipId, platform, kind: 'person', personId: target.person.personId, externalId, unreachableSince: at, unreachableReason },
    });
  } else if (target.kind === 'person') {
    await prisma.conversation.updateMany({
      where: { partnershipId, personId: target.person.personId, platform, kind: { in: ['person', 'roster'] }, unreachableSince: null },
      data: { unreachableSince: at, unreachableReason },
    });
  } else if (target.kind === 'channel') {
    await prisma.conversation.upsert({
      where: { partnershipId_platform_externalId: { partnershipId, platform: target.channel.platform, externalId: target.channel.channelId } },
      update: { unreachableSince: at, unreachableReason },
      create: {
        partnershipId,
        platform: target.channel.platform,
        kind: 'channel',
        externalId: target.channel.channelId,
        unreachableSince: at,
        unreachableReason,
      },
    });
  }
}
