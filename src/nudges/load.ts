// Loads the nudge state for one, several or all partnerships in a FIXED number of queries
// (eight), whatever the size of the register: no query per action, person or partnership.
import type { Database } from '../db/client.js';
import { addDays, dbDateOf, isoOfDbDate } from '../calendar/working-days.js';
import { localDate } from '../calendar/zone.js';
import { readSettings } from '../settings/index.js';
import type { NudgeState, PartnershipNudgeState } from './state.js';

export interface LoadNudgeStateArgs {
  /** Leave out for every partnership. */
  partnershipIds?: string[];
  now: Date;
}

export async function loadNudgeState(db: Database, args: LoadNudgeStateArgs): Promise<NudgeState> {
  const p = db.prisma;
  const inP = args.partnershipIds ? { partnershipId: { in: args.partnershipIds } } : {};
  // Contracts that expired before yesterday (UTC) can no longer be nudged.
  const expiredBefore = dbDateOf(addDays(localDate(args.now, 'UTC'), -1));

  const [partnerships, actions, contracts, agencies, people, memberships, roles, subgroups] = await Promise.all([
    p.partnership.findMany({
      where: args.partnershipIds ? { id: { in: args.partnershipIds } } : {},
      select: { id: true, name: true, timezone: true, settings: true },
      orderBy: { name: 'asc' },
    }),
    p.action.findMany({
      where: { ...inP, status: { notIn: ['complete', 'cancelled'] } },
      select: {
        id: true, partnershipId: true, ref: true, title: true, status: true, dueDate: true, leadAgencyId: true,
        subgroupId: true, statusSince: true, lastUpdateAt: true, createdAt: true, snoozedUntil: true,
      },
      orderBy: { ref: 'asc' },
    }),
    p.contract.findMany({
      where: { ...inP, expiryDate: { gte: expiredBefore } },
      select: {
        id: true, partnershipId: true, ref: true, service: true, provider: true, expiryDate: true, extensionNoticeDate: true,
        route: true, stage: true, commissionerId: true, commissionerAgencyId: true, subgroupId: true, lastUpdateAt: true, createdAt: true,
      },
      orderBy: { ref: 'asc' },
    }),
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
  for (const row of partnerships) {
    byId.set(row.id, {
      id: row.id, name: row.name, timezone: row.timezone, settings: readSettings(row.settings),
      actions: [], contracts: [], people: {}, agencies: {}, subgroups: {}, adminIds: [], commissionerIds: [],
    });
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
    else if (r.role === 'chair' && r.subgroupId) ps.subgroups[r.subgroupId]?.chairIds.push(r.personId);
  }
  for (const a of actions) {
    byId.get(a.partnershipId)?.actions.push({
      id: a.id, ref: a.ref, title: a.title, status: a.status, dueDate: a.dueDate ? isoOfDbDate(a.dueDate) : null,
      leadAgencyId: a.leadAgencyId, subgroupId: a.subgroupId, statusSince: a.statusSince, lastUpdateAt: a.lastUpdateAt,
      createdAt: a.createdAt, snoozedUntil: a.snoozedUntil,
    });
  }
  for (const c of contracts) {
    byId.get(c.partnershipId)?.contracts.push({
      id: c.id, ref: c.ref, service: c.service, provider: c.provider, expiryDate: isoOfDbDate(c.expiryDate),
      extensionNoticeDate: c.extensionNoticeDate ? isoOfDbDate(c.extensionNoticeDate) : null, route: c.route, stage: c.stage,
      commissionerId: c.commissionerId, commissionerAgencyId: c.commissionerAgencyId, subgroupId: c.subgroupId,
      lastUpdateAt: c.lastUpdateAt, createdAt: c.createdAt,
    });
  }
  return { partnerships: [...byId.values()] };
}
