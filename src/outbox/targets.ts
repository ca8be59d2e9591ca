// Who a notification goes to, in the shape the ChatPorts take, and which port takes it.
import type { ChannelTarget, ChatPort, PersonTarget } from '../chat/port.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Platform } from '../generated/prisma/enums.js';

export interface NotificationRow {
  id: string;
  partnershipId: string;
  recipientKind: string;
  personId: string | null;
  platform: Platform | null;
  channelId: string | null;
  subgroupId: string | null;
}

export type Target =
  | { kind: 'person'; person: PersonTarget }
  | { kind: 'channel'; channel: ChannelTarget }
  | { kind: 'missing'; reason: string };

/**
 * Loads the person (identities, reachable conversations) or the channel (stored conversation
 * reference, subgroup name as label). Conversations marked unreachable are left out, so a
 * port that relied on one reports it cannot reach the person; the adapter's
 * conversations.remember clears the mark when the person talks to the bot again.
 */
export async function loadTarget(prisma: PrismaClient, row: NotificationRow): Promise<Target> {
  return (await loadTargets(prisma, [row])).get(row.id)!;
}

/**
 * The targets of many rows at once (three queries, not two per row): a fan-out's first sends
 * go out together instead of one database round trip after another.
 */
export async function loadTargets(prisma: PrismaClient, rows: NotificationRow[]): Promise<Map<string, Target>> {
  const personIds = [...new Set(rows.filter((r) => r.recipientKind === 'person' && r.personId).map((r) => r.personId!))];
  const channels = rows.filter((r) => r.recipientKind !== 'person' && r.platform && r.channelId);
  const subgroupIds = [...new Set(channels.filter((r) => r.subgroupId).map((r) => r.subgroupId!))];
  const [people, convs, subgroups] = await Promise.all([
    personIds.length
      ? prisma.person.findMany({
          where: { id: { in: personIds } },
          include: { identities: true, conversations: { where: { kind: { in: ['person', 'roster'] } } } },
        })
      : [],
    // One IN list per column, not an OR of one branch per row (a 150-branch OR is slow to
    // compile and to plan): the few extra rows this may match are left out by key below.
    channels.length
      ? prisma.conversation.findMany({
          where: {
            partnershipId: { in: [...new Set(channels.map((r) => r.partnershipId))] },
            platform: { in: [...new Set(channels.map((r) => r.platform!))] },
            externalId: { in: [...new Set(channels.map((r) => r.channelId!))] },
          },
        })
      : [],
    subgroupIds.length ? prisma.subgroup.findMany({ where: { id: { in: subgroupIds } }, select: { id: true, name: true } }) : [],
  ]);
  const personById = new Map(people.map((p) => [p.id, p]));
  const convByKey = new Map(convs.map((c) => [`${c.partnershipId}|${c.platform}|${c.externalId}`, c]));
  const subgroupName = new Map(subgroups.map((g) => [g.id, g.name]));
  const out = new Map<string, Target>();
  for (const row of rows) {
    if (row.recipientKind === 'person') {
      if (!row.personId) {
        out.set(row.id, { kind: 'missing', reason: 'person notification without a person' });
        continue;
      }
      const p = personById.get(row.personId);
      out.set(
        row.id,
        p
          ? {
              kind: 'person',
              person: {
                personId: p.id,
                partnershipId: p.partnershipId,
                name: p.name,
                email: p.email,
                identities: p.identities.map((i) => ({ platform: i.platform, externalId: i.externalId })),
                conversations: p.conversations
                  .filter((c) => !c.unreachableSince)
                  .map((c) => ({ platform: c.platform, externalId: c.externalId, reference: c.reference, kind: c.kind })),
                unreachable: p.conversations.filter((c) => c.unreachableSince).map((c) => ({ platform: c.platform, externalId: c.externalId })),
                preferredChannel: p.preferredChannel,
              },
            }
          : { kind: 'missing', reason: `person ${row.personId} no longer exists` },
      );
      continue;
    }
    if (!row.platform || !row.channelId) {
      out.set(row.id, { kind: 'missing', reason: 'channel notification without a channel' });
      continue;
    }
    const conv = convByKey.get(`${row.partnershipId}|${row.platform}|${row.channelId}`);
    const name = row.subgroupId ? subgroupName.get(row.subgroupId) : undefined;
    out.set(row.id, {
      kind: 'channel',
      channel: {
        partnershipId: row.partnershipId,
        platform: row.platform,
        channelId: row.channelId,
        reference: conv?.reference ?? undefined,
        label: name !== undefined ? `${name} (${row.platform} ${row.channelId})` : `${row.platform} ${row.channelId}`,
      },
    });
  }
  return out;
}

/**
 * The ports that can reach a person, best first: their preferred channel, then the others in
 * the order given (chat before email before the console). After an "unreachable" answer the
 * dispatcher falls back to the next one.
 */
export function personPorts(ports: ChatPort[], person: PersonTarget): ChatPort[] {
  const able = ports.filter((p) => p.canReach(person));
  const preferred = person.preferredChannel ? able.filter((p) => p.platform === person.preferredChannel) : [];
  return [...preferred, ...able.filter((p) => !preferred.includes(p))];
}

/**
 * The port to use: for a person, the first of personPorts; for a channel, the port of the
 * channel's platform, else a console port (which prints anything: local mode and `cdp run`).
 */
export function pickPort(ports: ChatPort[], target: Target): ChatPort | undefined {
  if (target.kind === 'person') return personPorts(ports, target.person)[0];
  if (target.kind === 'channel') {
    return ports.find((p) => p.platform === target.channel.platform) ?? ports.find((p) => p.platform === 'console');
  }
  return undefined;
}

/** The pacing key of a send: the DM (per person and platform) or the channel. */
export function channelKeyOf(target: Target): string {
  if (target.kind === 'person') return `dm:${target.person.personId}`;
  if (target.kind === 'channel') return `ch:${target.channel.channelId}`;
  return 'none';
}
