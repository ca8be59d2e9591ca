// Everything a digest shows, read from the register in one go (a fixed handful of queries):
// the subgroup's actions (or all, for the partnership-wide digest), the status history since
// the previous digest slot, contracts in its remit expiring within 12 months, and for the
// admins' digest the failed notifications and people the bot cannot reach.
import type { Database } from '../db/client.js';
import { addMonths, type IsoDate } from '../calendar/working-days.js';
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
  /** The named lead officer, when the plan names one. */
  leadOfficer?: string | null;
  /** The lead agency's short name, where it has one. */
  leadShort?: string | null;
  lastUpdateAt: Date | null;
  createdAt: Date;
  /** When the status last changed (a mitigation is a note recorded since). */
  statusSince: Date;
  /** The latest non-empty note in the action's history. */
  latestNote?: { text: string; at: Date } | null;
}

export interface DigestUpdate {
  actionId: string;
  ref: string;
  oldStatus: ActionStatus | null;
  newStatus: ActionStatus | null;
  at: Date;
  note?: string | null;
  personName?: string | null;
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
  /** Partnership-wide digest only: chat accounts moved, unlinked or replaced since `since`. */
  identityChanges?: { summary: string; at: Date }[];
}

export interface LoadDigestArgs {
  partnershipId: string;
  subgroupId: string | null;
  now: Date;
  /** Overrides the previous-slot rule (e.g. a meeting digest covering a longer period). */
  since?: Date;
}

const SCOPE_SQL = `
SELECT p.id, p.name, p.timezone, p.settings, s.id AS sg_id, s.name AS sg_name, s.settings AS sg_settings
  FROM "Partnership" p
  LEFT JOIN "Subgroup" s ON s.id = $2::text AND s."partnershipId" = p.id
 WHERE p.id = $1`;

const ACTIONS_SQL = `
SELECT a.id, a.ref, a.title, a.status::text AS status, a."dueDate"::text AS due, ag.name AS lead, ag."shortName" AS lead_short, lo.name AS officer,
       (extract(epoch FROM a."lastUpdateAt") * 1000)::float8 AS update_ms,
       (extract(epoch FROM a."createdAt") * 1000)::float8 AS created_ms,
       (extract(epoch FROM a."statusSince") * 1000)::float8 AS since_ms,
       n.note, (extract(epoch FROM n."createdAt") * 1000)::float8 AS note_ms
  FROM "Action" a
  LEFT JOIN "Agency" ag ON ag.id = a."leadAgencyId"
  LEFT JOIN "Person" lo ON lo.id = a."leadOfficerId"
  LEFT JOIN LATERAL (
    SELECT u.note, u."createdAt" FROM "StatusUpdate" u
     WHERE u."actionId" = a.id AND u.note IS NOT NULL AND u.note <> ''
       AND (u.change IS NULL OR u.change = 'created')
     ORDER BY u."createdAt" DESC, u.id DESC LIMIT 1) n ON true
 WHERE a."partnershipId" = $1 AND ($2::text IS NULL OR a."subgroupId" = $2::text)
 ORDER BY a.ref`;

const UPDATES_SQL = `
SELECT u."actionId" AS action_id, a.ref, u."oldStatus"::text AS old_status, u."newStatus"::text AS new_status,
       (extract(epoch FROM u."createdAt") * 1000)::float8 AS at_ms, u.note, pe.name AS person_name
  FROM "StatusUpdate" u
  JOIN "Action" a ON a.id = u."actionId"
  LEFT JOIN "Person" pe ON pe.id = u."personId"
 WHERE u."partnershipId" = $1 AND u."createdAt" > $2::timestamp AND u."createdAt" <= $3::timestamp
   AND ($4::text IS NULL OR a."subgroupId" = $4::text)
 ORDER BY u."createdAt", u.id`;

const CONTRACTS_SQL = `
SELECT c.ref, c.service, c.provider, c."expiryDate"::text AS expiry, c."extensionNoticeDate"::text AS notice,
       c.stage::text AS stage, c.route::text AS route
  FROM "Contract" c
 WHERE c."partnershipId" = $1 AND c."expiryDate" >= $2::date AND c."expiryDate" <= $3::date
   AND ($4::text IS NULL OR c."subgroupId" = $4::text
        OR EXISTS (SELECT 1 FROM "Action" a WHERE a.id = c."actionId" AND a."subgroupId" = $4::text))
 ORDER BY c."expiryDate", c.ref`;

interface ScopeRow { id: string; name: string; timezone: string; settings: unknown; sg_id: string | null; sg_name: string | null; sg_settings: unknown }
interface ActionRow {
  id: string; ref: string; title: string; status: ActionStatus; due: string | null; lead: string | null; lead_short: string | null; officer: string | null;
  update_ms: number | null; created_ms: number; since_ms: number; note: string | null; note_ms: number | null;
}
interface UpdateRow { action_id: string; ref: string; old_status: ActionStatus | null; new_status: ActionStatus | null; at_ms: number; note: string | null; person_name: string | null }
interface ContractRow { ref: string; service: string; provider: string | null; expiry: string; notice: string | null; stage: ContractStage; route: ContractRoute }

/**
 * The digest's data in two rounds of queries: the partnership with its subgroup (one query)
 * alongside the actions, then the history, contracts (and for the admins' digest delivery
 * problems), which depend on the time zone and digest slot. Only the columns shown are read.
 */
export async function loadDigestSnapshot(db: Database, args: LoadDigestArgs): Promise<DigestSnapshot> {
  const p = db.prisma;
  const sgId = args.subgroupId;
  const [scope, actions] = await Promise.all([
    db.withSession((sql) => sql.query<ScopeRow>(SCOPE_SQL, [args.partnershipId, sgId])),
    db.withSession((sql) => sql.query<ActionRow>(ACTIONS_SQL, [args.partnershipId, sgId])),
  ]);
  const partnership = scope[0];
  if (!partnership) throw new Error(`No partnership ${args.partnershipId} for the digest.`);
  if (sgId && !partnership.sg_id) throw new Error(`No subgroup ${sgId} in partnership ${partnership.name} for the digest.`);
  const settings = readSettings(partnership.settings);
  const subgroup = sgId ? { id: partnership.sg_id!, name: partnership.sg_name! } : null;
  const sgSettings = sgId ? readSubgroupSettings(partnership.sg_settings) : undefined;
  const tz = partnership.timezone;
  const since = args.since ?? previousDigestTime(args.now, tz, sgSettings?.day ?? settings.digestDay, sgSettings?.time ?? settings.digestTime);
  const today = localDate(args.now, tz);
  const horizon = addMonths(today, 12);

  const [updates, contracts, failed, unreachable, identityChanges] = await Promise.all([
    db.withSession((sql) => sql.query<UpdateRow>(UPDATES_SQL, [args.partnershipId, since.toISOString(), args.now.toISOString(), sgId])),
    db.withSession((sql) => sql.query<ContractRow>(CONTRACTS_SQL, [args.partnershipId, today, horizon, sgId])),
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
    subgroup
      ? Promise.resolve([])
      : p.identityChange.findMany({
          where: { partnershipId: args.partnershipId, at: { gt: since, lte: args.now } },
          select: { summary: true, at: true },
          orderBy: { at: 'asc' },
          take: 200,
        }),
  ]);

  return {
    partnership: { id: partnership.id, name: partnership.name, timezone: tz, settings },
    subgroup,
    now: args.now,
    today,
    since,
    actions: actions.map((a) => ({
      id: a.id, ref: a.ref, title: a.title, status: a.status, dueDate: a.due, leadAgency: a.lead, leadShort: a.lead_short, leadOfficer: a.officer,
      lastUpdateAt: a.update_ms === null ? null : new Date(a.update_ms), createdAt: new Date(a.created_ms), statusSince: new Date(a.since_ms),
      latestNote: a.note && a.note_ms !== null ? { text: a.note, at: new Date(a.note_ms) } : null,
    })),
    updates: updates.map((u) => ({
      actionId: u.action_id, ref: u.ref, oldStatus: u.old_status, newStatus: u.new_status, at: new Date(u.at_ms), note: u.note, personName: u.person_name,
    })),
    contracts: contracts.map((c) => ({
      ref: c.ref, service: c.service, provider: c.provider, expiryDate: c.expiry, extensionNoticeDate: c.notice, stage: c.stage, route: c.route,
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
          identityChanges,
        }),
  };
}
