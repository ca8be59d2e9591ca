// Everything a digest shows, read from the register in one go (a fixed handful of queries):
// the subgroup's actions (or all, for the partnership-wide digest), the status history since
// the previous digest slot, contracts in its remit expiring within 12 months, and for the
// admins' digest the failed notifications and people the bot cannot reach.
import type { Database } from '../db/client.js';
import { addMonths, dbDateOf, isoOfDbDate, type IsoDate } from '../calendar/working-days.js';
import { localDate } from '../calendar/zone.js';
import type { ActionStatus, ContractRoute, ContractStage } from '../register/status.js';
import { readSettings, type Settings } from '../settings/index.js';
import { readSubgroupSettings } from '../settings/subgroup.js';
import { previousDigestTime } from './schedule.js';

export interface DigestAction {
  id: string;
  ref: string;
  title: string;
  status: ActionStatus;
  dueDate: IsoDate | null;
  leadAgency: string | null;
  lastUpdateAt: Date | null;
  createdAt: Date;
}

export interface DigestUpdate {
  actionId: string;
  ref: string;
  oldStatus: ActionStatus | null;
  newStatus: ActionStatus | null;
  at: Date;
}

export interface DigestContract {
  ref: string;
  service: string;
  provider: string | null;
  expiryDate: IsoDate;
  extensionNoticeDate: IsoDate | null;
  stage: ContractStage;
  route: ContractRoute;
}

export interface DigestSnapshot {
  partnership: { id: string; name: string; timezone: string; settings: Settings };
  /** null for the partnership-wide digest. */
  subgroup: { id: string; name: string } | null;
  now: Date;
  /** Local day of `now`. */
  today: IsoDate;
  /** "Since last digest" counts from here. */
  since: Date;
  actions: DigestAction[];
  updates: DigestUpdate[];
  contracts: DigestContract[];
  /** Partnership-wide digest only. */
  failedNotifications?: { kind: string; recipient: string; lastError: string | null; attempts: number; createdAt: Date }[];
  unreachable?: { name: string; platform: string; since: Date; reason: string | null }[];
}

export interface LoadDigestArgs {
  partnershipId: string;
  subgroupId: string | null;
  now: Date;
  /** Overrides the previous-slot rule (e.g. a meeting digest covering a longer period). */
  since?: Date;
}

export async function loadDigestSnapshot(db: Database, args: LoadDigestArgs): Promise<DigestSnapshot> {
  const p = db.prisma;
  const partnership = await p.partnership.findUniqueOrThrow({ where: { id: args.partnershipId }, select: { id: true, name: true, timezone: true, settings: true } });
  const settings = readSettings(partnership.settings);
  const subgroup = args.subgroupId
    ? await p.subgroup.findFirstOrThrow({ where: { id: args.subgroupId, partnershipId: args.partnershipId }, select: { id: true, name: true, settings: true } })
    : null;
  const sgSettings = subgroup ? readSubgroupSettings(subgroup.settings) : undefined;
  const tz = partnership.timezone;
  const since = args.since ?? previousDigestTime(args.now, tz, sgSettings?.day ?? settings.digestDay, sgSettings?.time ?? settings.digestTime);
  const today = localDate(args.now, tz);
  const scope = { partnershipId: args.partnershipId, ...(subgroup ? { subgroupId: subgroup.id } : {}) };
  const horizon = dbDateOf(addMonths(today, 12));

  const [actions, updates, contracts, failed, unreachable] = await Promise.all([
    p.action.findMany({
      where: scope,
      select: { id: true, ref: true, title: true, status: true, dueDate: true, lastUpdateAt: true, createdAt: true, leadAgency: { select: { name: true } } },
      orderBy: { ref: 'asc' },
    }),
    p.statusUpdate.findMany({
      where: { partnershipId: args.partnershipId, createdAt: { gt: since, lte: args.now }, ...(subgroup ? { action: { subgroupId: subgroup.id } } : {}) },
      select: { actionId: true, oldStatus: true, newStatus: true, createdAt: true, action: { select: { ref: true } } },
      orderBy: { createdAt: 'asc' },
    }),
    p.contract.findMany({
      where: {
        partnershipId: args.partnershipId,
        expiryDate: { gte: dbDateOf(today), lte: horizon },
        ...(subgroup ? { OR: [{ subgroupId: subgroup.id }, { action: { subgroupId: subgroup.id } }] } : {}),
      },
      select: { ref: true, service: true, provider: true, expiryDate: true, extensionNoticeDate: true, stage: true, route: true },
      orderBy: { expiryDate: 'asc' },
    }),
    subgroup
      ? Promise.resolve([])
      : p.notification.findMany({
          where: { partnershipId: args.partnershipId, state: 'failed' },
          select: { kind: true, recipientKind: true, channelId: true, lastError: true, attempts: true, createdAt: true, person: { select: { name: true } } },
          orderBy: { createdAt: 'desc' },
          take: 200,
        }),
    subgroup
      ? Promise.resolve([])
      : p.conversation.findMany({
          where: { partnershipId: args.partnershipId, unreachableSince: { not: null } },
          select: { platform: true, kind: true, externalId: true, unreachableSince: true, unreachableReason: true, person: { select: { name: true } } },
          orderBy: { unreachableSince: 'asc' },
          take: 200,
        }),
  ]);

  return {
    partnership: { id: partnership.id, name: partnership.name, timezone: tz, settings },
    subgroup: subgroup ? { id: subgroup.id, name: subgroup.name } : null,
    now: args.now,
    today,
    since,
    actions: actions.map((a) => ({
      id: a.id, ref: a.ref, title: a.title, status: a.status, dueDate: a.dueDate ? isoOfDbDate(a.dueDate) : null,
      leadAgency: a.leadAgency?.name ?? null, lastUpdateAt: a.lastUpdateAt, createdAt: a.createdAt,
    })),
    updates: updates.map((u) => ({ actionId: u.actionId, ref: u.action.ref, oldStatus: u.oldStatus, newStatus: u.newStatus, at: u.createdAt })),
    contracts: contracts.map((c) => ({
      ref: c.ref, service: c.service, provider: c.provider, expiryDate: isoOfDbDate(c.expiryDate),
      extensionNoticeDate: c.extensionNoticeDate ? isoOfDbDate(c.extensionNoticeDate) : null, stage: c.stage, route: c.route,
    })),
    ...(subgroup
      ? {}
      : {
          failedNotifications: failed.map((n) => ({
            kind: n.kind, recipient: n.person?.name ?? (n.channelId ? `channel ${n.channelId}` : n.recipientKind), lastError: n.lastError, attempts: n.attempts, createdAt: n.createdAt,
          })),
          unreachable: unreachable.map((c) => ({
            name: c.person?.name ?? `${c.kind} ${c.externalId}`, platform: c.platform, since: c.unreachableSince!, reason: c.unreachableReason,
          })),
        }),
  };
}
