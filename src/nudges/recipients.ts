// Who hears about an action or a contract, with the fallbacks said out loud.
import type { NudgeAction, NudgeContract, PartnershipNudgeState } from './state.js';

export interface Recipients {
  personIds: string[];
  note?: string;
}

const uniq = (xs: string[]) => [...new Set(xs)];

/** The subgroup's chairs, or the partnership admins when the subgroup has none. */
export function chairsOf(ps: PartnershipNudgeState, subgroupId: string | null): Recipients {
  const sg = subgroupId ? ps.subgroups[subgroupId] : undefined;
  if (sg && sg.chairIds.length) return { personIds: uniq(sg.chairIds) };
  const why = sg ? `${sg.name} has no chair registered with the bot` : 'this action belongs to no subgroup';
  return { personIds: uniq(ps.adminIds), note: `Sent to you as an admin: ${why}.` };
}

/**
 * The action's lead officer and deputies when named (not every person of the agency); else the
 * lead agency's people; else the subgroup chair(s); else the admins — with a note saying why.
 */
export function leadsOf(ps: PartnershipNudgeState, a: NudgeAction): Recipients {
  const named = [a.leadOfficerId, ...(a.deputyIds ?? [])].filter((id): id is string => !!id && !!ps.people[id]);
  if (a.leadOfficerId && named.length) return { personIds: uniq(named) };
  const agency = a.leadAgencyId ? ps.agencies[a.leadAgencyId] : undefined;
  if (agency && agency.personIds.length) return { personIds: uniq(agency.personIds) };
  const why = agency ? `${agency.name} (the lead agency) has nobody registered with the bot` : 'this action has no lead agency';
  const sg = a.subgroupId ? ps.subgroups[a.subgroupId] : undefined;
  if (sg && sg.chairIds.length) return { personIds: uniq(sg.chairIds), note: `Sent to you as chair of ${sg.name}: ${why}.` };
  return { personIds: uniq(ps.adminIds), note: `Sent to you as an admin: ${why}.` };
}

/** The contract's commissioner; else commissioners of its commissioning agency; else all commissioners; else admins. */
export function commissionersOf(ps: PartnershipNudgeState, c: NudgeContract): Recipients {
  if (c.commissionerId && ps.people[c.commissionerId]) return { personIds: [c.commissionerId] };
  const agency = c.commissionerAgencyId ? ps.agencies[c.commissionerAgencyId] : undefined;
  if (agency) {
    const inAgency = ps.commissionerIds.filter((id) => ps.people[id]?.agencyIds.includes(agency.id));
    if (inAgency.length) return { personIds: uniq(inAgency) };
  }
  const why = agency ? `${agency.name} has no commissioner registered with the bot` : 'this contract has no commissioner recorded';
  if (ps.commissionerIds.length) return { personIds: uniq(ps.commissionerIds), note: `Sent to you as a commissioner: ${why}.` };
  return { personIds: uniq(ps.adminIds), note: `Sent to you as an admin: ${why}.` };
}
