// What the dispatcher writes after a send: the row marked sent plus a SentMessage (so a
// thread reply to the message can be matched to the refs it listed), or the conversation
// marked unreachable.
import type { MessageRef } from '../chat/port.js';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { Platform } from '../generated/prisma/enums.js';
import type { NotificationPayload } from './enqueue.js';
import type { Target } from './targets.js';
import { registerChanged } from '../core/resolution-cache.js';

export async function recordSent(
  prisma: PrismaClient,
  row: { id: string; partnershipId: string; personId: string | null; attempts: number },
  ref: MessageRef,
  about: NotificationPayload['about'],
  at: Date,
): Promise<void> {
  await prisma.$transaction([
    prisma.notification.updateMany({
      where: { id: row.id, state: 'pending' },
      data: {
        state: 'sent',
        sentAt: at,
        attempts: row.attempts + 1,
        lastError: null,
        messageRef: ref as unknown as Prisma.InputJsonValue,
      },
    }),
    prisma.sentMessage.createMany({
      data: [
        {
          partnershipId: row.partnershipId,
          platform: ref.platform,
          channelId: ref.channelId,
          messageId: ref.messageId,
          notificationId: row.id,
          personId: row.personId,
          actionRefs: about.actionRefs,
          contractRefs: about.contractRefs,
          createdAt: at,
        },
      ],
      skipDuplicates: true,
    }),
  ]);
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
  registerChanged(); // a conversation remembered lately must be written again when its person writes
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
