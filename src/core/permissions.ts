// Who may change what (SPEC §3). Everyone linked to the partnership may read. An action may be
// updated by its named lead officer and deputies (who get its reminders), people of its lead or
// partner agencies, its subgroup's chair(s) and admins; a
// contract by its commissioner (the named person, or people with the commissioner role in the
// commissioning agency) and admins. A refusal names who can do it.
import type { PersonContext } from './api.js';
import type { ActionRecord } from '../register/actions.js';
import type { ContractRecord } from '../register/contracts.js';

export function canUpdateAction(person: PersonContext, action: ActionRecord): boolean {
  if (person.isAdmin) return true;
  if (action.leadOfficerId === person.id || action.deputies.some((d) => d.personId === person.id)) return true;
  const mine = new Set(person.agencies.map((a) => a.id));
  if (action.leadAgencyId && mine.has(action.leadAgencyId)) return true;
  if (action.partners.some((p) => mine.has(p.agencyId))) return true;
  if (action.subgroupId && person.chairOf.some((s) => s.id === action.subgroupId)) return true;
  return false;
}

/** "TRS-07 can be updated by people of LBTH Substance Misuse (lead) or Metropolitan Police (partner), the Treatment & Recovery chair (Megan Bowen), or an admin (Adele Vance)." */
export function whoCanUpdateAction(action: ActionRecord, admins: string[]): string {
  const parts: string[] = [];
  if (action.leadOfficer) parts.push(`its lead officer (${list([action.leadOfficer.name, ...action.deputies.map((d) => d.person.name)], 'or')})`);
  const agencies: string[] = [];
  if (action.leadAgency) agencies.push(`${action.leadAgency.name} (lead)`);
  const partners = action.partners.map((p) => p.agency.name);
  if (partners.length) agencies.push(`${list(partners, 'and')} (${partners.length > 1 ? 'partners' : 'partner'})`);
  if (agencies.length) parts.push(`people of ${list(agencies, 'or')}`);
  if (action.subgroup) {
    const chairs = action.subgroup.chairs.map((c) => c.person.name);
    parts.push(chairs.length ? `the ${action.subgroup.name} chair (${list(chairs, 'or')})` : `the ${action.subgroup.name} chair (none registered yet)`);
  }
  parts.push(adminPhrase(admins));
  return `${action.ref} can be updated by ${list(parts, 'or')}.`;
}

export function canUpdateContract(person: PersonContext, contract: ContractRecord): boolean {
  if (person.isAdmin) return true;
  if (contract.commissionerId === person.id) return true;
  if (person.isCommissioner && contract.commissionerAgencyId && person.agencies.some((a) => a.id === contract.commissionerAgencyId)) return true;
  return false;
}

/** "C-03 can be updated by its commissioner (Carl Jones, or another commissioner of Public Health) or an admin (Adele Vance)." */
export function whoCanUpdateContract(contract: ContractRecord, agencyCommissioners: string[], admins: string[]): string {
  const names = [...new Set([...(contract.commissioner ? [contract.commissioner.name] : []), ...agencyCommissioners])];
  const agency = contract.commissionerAgency ? ` of ${contract.commissionerAgency.name}` : '';
  const who = names.length ? `its commissioner (${list(names, 'or')})` : `its commissioner${agency ? ` (a commissioner${agency}; none registered yet)` : ' (none registered yet)'}`;
  return `${contract.ref} can be updated by ${who} or ${adminPhrase(admins)}.`;
}

function adminPhrase(admins: string[]): string {
  return admins.length ? `an admin (${list(admins, 'or')})` : 'an admin (none registered yet)';
}

export function list(items: string[], conj: 'and' | 'or'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conj} ${items[items.length - 1]}`;
}
