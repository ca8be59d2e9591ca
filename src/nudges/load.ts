// Loads the nudge state for one, several or all partnerships in a FIXED number of queries
// (eleven, with the ladder and the owned metrics), whatever the size of the register: no query per action, person or partnership.
//
// With `nudgeableOnly` (what a sweep uses) the partnerships are read first, then only the
// actions that can produce a nudge today are read, with the columns the policies use: in a
// partnership whose send window is open, open actions that are due within the
// longest due-soon threshold or overdue, quiet for quietDays or more, or off track/blocked for
// escalateStuckDays or more (snoozed ones too: a snooze delays the lead's reminders, never an
// escalation), with the ladder rungs they reached (./ladder-load.ts). The filter is a superset of what the policies fire on (instants
// are compared with a few hours' margin past local midnight), so the plan is unchanged.
import type { Database } from '../db/client.js';
import { addDays, dbDateOf, isoOfDbDate, type IsoDate } from '../calendar/working-days.js';
import { atLocalTime, localDate } from '../calendar/zone.js';
import { readSettings } from '../settings/index.js';
import type { NudgeAction, NudgeContract, NudgeState, PartnershipNudgeState } from './state.js';
import { sendWindow } from './window.js';
import { loadLadder } from './ladder-load.js';
import { attachOwnedMetrics } from './load-metrics.js';

export interface LoadNudgeStateArgs {
  /** Leave out for every partnership. */
  partnershipIds?: string[];
  now: Date;
  /**
   * Only the actions that can produce a nudge at `now` (and none for a partnership whose send
   * window is closed): what a sweep needs. Default: every open action.
   */
  nudgeableOnly?: boolean;
}

const NUDGEABLE_ACTIONS_SQL = `
SELECT a.id, a."partnershipId" AS pid, a.ref, a.title, a.status::text AS status, a."dueDate"::text AS due,
       a."leadAgencyId" AS lead, a."subgroupId" AS sg, a."leadOfficerId" AS officer,
       (SELECT array_agg(d."personId" ORDER BY d.position) FROM "ActionDeputy" d WHERE d."actionId" = a.id) AS deputies,
       (extract(epoch FROM a."statusSince") * 1000)::float8 AS since_ms,
       (extract(epoch FROM a."lastUpdateAt") * 1000)::float8 AS update_ms,
       (extract(epoch FROM a."createdAt") * 1000)::float8 AS created_ms,
       (extract(epoch FROM a."snoozedUntil") * 1000)::float8 AS snoozed_ms
  FROM "Action" a
  JOIN unnest($1::text[], $2::date[], $3::timestamp[], $4::timestamp[]) AS t(pid, due_max, quiet_before, stuck_before)
    ON a."partnershipId" = t.pid
 WHERE a.status NOT IN ('complete', 'cancelled')
   AND (a."reviewUntil" IS NULL OR a."reviewUntil" <= $5::timestamp)
   AND ((a.status <> 'ongoing' AND a."dueDate" <= t.due_max)
        OR coalesce(a."lastUpdateAt", a."createdAt") < t.quiet_before
        OR (a.status IN ('off_track', 'blocked') AND a."statusSince" < t.stuck_before))
 ORDER BY a.ref`;

interface NudgeableRow {
  id: string;
  pid: string;
  ref: string;
  title: string;
  status: NudgeAction['status'];
  due: string | null;
  lead: string | null;
  sg: string | null;
  officer: string | null;
  deputies: string[] | null;
  since_ms: number;
  update_ms: number | null;
  created_ms: number;
  snoozed_ms: number | null;
}

// A timestamp whose local day (in the zone) is on or before `day` is earlier than this: local
// midnight after `day`, plus a margin for any zone oddity (the filter may only over-select).
const MARGIN_MS = 3 * 3_600_000;
const endOfLocalDay = (day: IsoDate, tz: string) => new Date(atLocalTime(addDays(day, 1), '00:00', tz).getTime() + MARGIN_MS).toISOString();

/** The actions of the given partnerships that can produce a nudge at `now` (one query). */
async function loadNudgeableActions(db: Database, partnerships: PartnershipNudgeState[], now: Date): Promise<Map<string, NudgeAction[]>> {
  const ids: string[] = [];
  const dueMax: string[] = [];
  const quietBefore: string[] = [];
  const stuckBefore: string[] = [];
  for (const ps of partnerships) {
    const s = ps.settings;
    if (!sendWindow(now, ps.timezone, s.sendTime)) continue;
    const today = localDate(now, ps.timezone);
    ids.push(ps.id);
    dueMax.push(addDays(today, Math.max(0, ...s.dueSoonDays)));
    quietBefore.push(endOfLocalDay(addDays(today, -s.quietDays), ps.timezone));
    stuckBefore.push(endOfLocalDay(addDays(today, -s.escalateStuckDays), ps.timezone));
  }
  const out = new Map<string, NudgeAction[]>();
  if (!ids.length) return out;
  const rows = await db.withSession((sql) => sql.query<NudgeableRow>(NUDGEABLE_ACTIONS_SQL, [ids, dueMax, quietBefore, stuckBefore, now.toISOString()]));
  const ladder = await loadLadder(db, rows.map((r) => r.id));
  for (const r of rows) {
    let list = out.get(r.pid);
    if (!list) out.set(r.pid, (list = []));
    list.push({
      id: r.id, ref: r.ref, title: r.title, status: r.status, dueDate: r.due, leadAgencyId: r.lead, subgroupId: r.sg,
      leadOfficerId: r.officer, deputyIds: r.deputies ?? [],
      statusSince: new Date(r.since_ms), lastUpdateAt: r.update_ms === null ? null : new Date(r.update_ms),
      createdAt: new Date(r.created_ms), snoozedUntil: r.snoozed_ms === null ? null : new Date(r.snoozed_ms),
      ladder: ladder.rungs.get(r.id) ?? [], chairActedAt: ladder.chairActedAt.get(r.id) ?? null,
    });
  }
  return out;
}

export async function loadNudgeState(db: Database, args: LoadNudgeStateArgs): Promise<NudgeState> {
  const p = db.prisma;
  const inP = args.partnershipIds ? { partnershipId: { in: args.partnershipIds } } : {};
  // Contracts that expired before yesterday (UTC) can no longer be nudged.
  const expiredBefore = dbDateOf(addDays(localDate(args.now, 'UTC'), -1));

  const partnershipsQ = p.partnership
    .findMany({
      where: args.partnershipIds ? { id: { in: args.partnershipIds } } : {},
      select: { id: true, name: true, timezone: true, settings: true },
      orderBy: { name: 'asc' },
    })
    .then((rows) =>
      rows.map((row): PartnershipNudgeState => ({
        id: row.id, name: row.name, timezone: row.timezone, settings: readSettings(row.settings),
        actions: [], contracts: [], people: {}, agencies: {}, subgroups: {}, adminIds: [], commissionerIds: [],
      })),
    );
  const actionsQ = args.nudgeableOnly
    ? partnershipsQ.then((states) => loadNudgeableActions(db, states, args.now))
    : p.action
        .findMany({
          // Actions under year-end review (cdp year rollover) get no reminders until it ends.
          where: { ...inP, status: { notIn: ['complete', 'cancelled'] }, OR: [{ reviewUntil: null }, { reviewUntil: { lte: args.now } }] },
          select: {
            id: true, partnershipId: true, ref: true, title: true, status: true, dueDate: true, leadAgencyId: true,
            leadOfficerId: true, deputies: { select: { personId: true }, orderBy: { position: 'asc' } },
            subgroupId: true, statusSince: true, lastUpdateAt: true, createdAt: true, snoozedUntil: true,
          },
          orderBy: { ref: 'asc' },
        })
        .then((rows) => {
          const out = new Map<string, NudgeAction[]>();
          for (const a of rows) {
            let list = out.get(a.partnershipId);
            if (!list) out.set(a.partnershipId, (list = []));
            list.push({
              id: a.id, ref: a.ref, title: a.title, status: a.status, dueDate: a.dueDate ? isoOfDbDate(a.dueDate) : null,
              leadAgencyId: a.leadAgencyId, leadOfficerId: a.leadOfficerId, deputyIds: a.deputies.map((d) => d.personId),
              subgroupId: a.subgroupId, statusSince: a.statusSince, lastUpdateAt: a.lastUpdateAt,
              createdAt: a.createdAt, snoozedUntil: a.snoozedUntil,
            });
          }
          return out;
        });

  const [partnerships, actions, contracts, agencies, people, memberships, roles, subgroups] = await Promise.all([
    partnershipsQ,
    actionsQ,
    loadContracts(db, args.partnershipIds, expiredBefore),
    p.agency.findMany({ where: inP, select: { id: true, partnershipId: true, name: true } }),
    p.person.findMany({ where: inP, select: { id: true, partnershipId: true, name: true, email: true }, orderBy: { name: 'asc' } }),
    p.personAgency.findMany({
      where: args.partnershipIds ? { person: { partnershipId: { in: args.partnershipIds } } } : {},
      select: { personId: true, agencyId: true },
    }),
    p.personRole.findMany({
      where: args.partnershipIds ? { person: { partnershipId: { in: args.partnershipIds } } } : {},
      select: { personId: true, role: true, subgroupId: true },
    }),
    p.subgroup.findMany({ where: inP, select: { id: true, partnershipId: true, name: true } }),
  ]);

  const byId = new Map<string, PartnershipNudgeState>();
  for (const ps of partnerships) {
    ps.actions = actions.get(ps.id) ?? [];
    byId.set(ps.id, ps);
  }
  const personPartnership = new Map<string, PartnershipNudgeState>();
  for (const a of agencies) {
    const ps = byId.get(a.partnershipId);
    if (ps) ps.agencies[a.id] = { id: a.id, name: a.name, personIds: [] };
  }
  for (const s of subgroups) {
    const ps = byId.get(s.partnershipId);
    if (ps) ps.subgroups[s.id] = { id: s.id, name: s.name, chairIds: [] };
  }
  for (const person of people) {
    const ps = byId.get(person.partnershipId);
    if (!ps) continue;
    ps.people[person.id] = { id: person.id, name: person.name, email: person.email, agencyIds: [] };
    personPartnership.set(person.id, ps);
  }
  for (const m of memberships) {
    const ps = personPartnership.get(m.personId);
    const agency = ps?.agencies[m.agencyId];
    if (!ps || !agency) continue;
    agency.personIds.push(m.personId);
    ps.people[m.personId]!.agencyIds.push(m.agencyId);
  }
  for (const r of roles) {
    const ps = personPartnership.get(r.personId);
    if (!ps) continue;
    if (r.role === 'admin') ps.adminIds.push(r.personId);
    else if (r.role === 'commissioner') ps.commissionerIds.push(r.personId);
    else if (r.role === 'sro') (ps.sroIds ??= []).push(r.personId);
    else if (r.role === 'chair' && r.subgroupId) ps.subgroups[r.subgroupId]?.chairIds.push(r.personId);
  }
  for (const { pid, contract } of contracts) byId.get(pid)?.contracts.push(contract);
  await attachOwnedMetrics(db, [...byId.values()], args.now);
  return { partnerships: [...byId.values()] };
}

// Contracts whose expiry has not passed, with the ref of the action tracking each (one query).
const CONTRACTS_SQL = `
SELECT c.id, c."partnershipId" AS pid, c.ref, c.service, c.provider, c."expiryDate"::text AS expiry,
       c."extensionNoticeDate"::text AS ext_notice, c.route::text AS route, c.stage::text AS stage,
       c."commissionerId" AS comm, c."commissionerAgencyId" AS comm_agency, c."subgroupId" AS sg,
       (extract(epoch FROM c."lastUpdateAt") * 1000)::float8 AS update_ms,
       (extract(epoch FROM c."createdAt") * 1000)::float8 AS created_ms,
       c."termRenewed" AS renewed, c."standstillEnd"::text AS standstill, c."actionId" AS action_id, a.ref AS action_ref
  FROM "Contract" c LEFT JOIN "Action" a ON a.id = c."actionId"
 WHERE c."expiryDate" >= $1::date AND ($2::text[] IS NULL OR c."partnershipId" = ANY($2::text[]))
 ORDER BY c.ref`;

interface ContractRow {
  id: string; pid: string; ref: string; service: string; provider: string | null; expiry: string; ext_notice: string | null;
  route: NudgeContract['route']; stage: NudgeContract['stage']; comm: string | null; comm_agency: string | null; sg: string | null;
  update_ms: number | null; created_ms: number; renewed: boolean; standstill: string | null; action_id: string | null; action_ref: string | null;
}

async function loadContracts(db: Database, partnershipIds: string[] | undefined, expiredBefore: Date): Promise<{ pid: string; contract: NudgeContract }[]> {
  const rows = await db.withSession((sql) => sql.query<ContractRow>(CONTRACTS_SQL, [isoOfDbDate(expiredBefore), partnershipIds ?? null]));
  return rows.map((r) => ({
    pid: r.pid,
    contract: {
      id: r.id, ref: r.ref, service: r.service, provider: r.provider, expiryDate: r.expiry, extensionNoticeDate: r.ext_notice,
      route: r.route, stage: r.stage, commissionerId: r.comm, commissionerAgencyId: r.comm_agency, subgroupId: r.sg,
      lastUpdateAt: r.update_ms === null ? null : new Date(r.update_ms), createdAt: new Date(r.created_ms),
      termRenewed: r.renewed, standstillEnd: r.standstill, actionId: r.action_id, actionRef: r.action_ref,
    },
  }));
}
