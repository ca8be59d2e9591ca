// `cdp demo`: the Tower Hamlets 2024-25 plan (prisma/seed) loaded through the real import,
// moved to the current financial year with demo dates, statuses and history, fictional
// people (@example.org) for each lead agency, a chair per subgroup, and the Microsoft 365
// Agents Playground's own users so the local try-out works out of the box. All in one
// transaction; running it again changes nothing (use --reset to reload).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { registerChanged } from '../core/resolution-cache.js';
import type { Database } from '../db/client.js';
import { domainError, err, ok, type Result } from '../result.js';
import { spreadActions, spreadContracts } from './demo-plan.js';
import { assignLeadOfficers, nameSubgroups } from './demo-officers.js';
import { financialYearLabel, importFile } from './import/index.js';
import type { PersonRow, RecordChange } from './import/types.js';
import { emptyCounts } from './import/types.js';
import { applyPeople, matchSubgroup } from './people-import.js';
import { loadDemoMetrics } from '../metrics/demo.js';

export const DEMO_PARTNERSHIP = 'Tower Hamlets';
export const SEED_DIR = fileURLToPath(new URL('../../prisma/seed/', import.meta.url));
export const SEED_FILES = ['tower-hamlets-agencies.csv', 'tower-hamlets-2024-25-actions.csv', 'tower-hamlets-2024-25-contracts.csv'];

/** The Agents Playground's default users (SPEC §6): they must exist exactly like this. */
export const PLAYGROUND_PEOPLE = [
  { name: 'Alex Wilber', email: 'alexw@example.com', agency: 'London Borough of Tower Hamlets Substance Misuse services', roles: [] as string[] },
  { name: 'Megan Bowen', email: 'meganb@example.com', agency: 'London Borough of Tower Hamlets Public Health', roles: ['chair: treatment and recovery'] },
  { name: 'Adele Vance', email: 'adelev@example.com', agency: 'London Borough of Tower Hamlets Substance Misuse commissioning', roles: ['admin', 'commissioner'] },
];

const FIRST = ['Amira', 'Ben', 'Chloe', 'Dev', 'Ellie', 'Farid', 'Grace', 'Hassan', 'Isla', 'Jamal', 'Kate', 'Liam', 'Maya', 'Nadia', 'Oscar', 'Priya', 'Rahul', 'Sara', 'Tom', 'Uma', 'Victor', 'Wendy', 'Yusuf', 'Zara'];
const LAST = ['Ahmed', 'Begum', 'Clarke', 'Desai', 'Evans', 'Fraser', 'Green', 'Hussain', 'Islam', 'Jones', 'Khan', 'Lewis', 'Miah', 'Nolan', 'Okafor', 'Patel', 'Quinn', 'Rahman', 'Shah', 'Taylor', 'Uddin', 'Walsh', 'Young'];

export interface DemoOptions {
  partnershipName?: string;
  now: Date;
  reset?: boolean;
}

export interface DemoReport {
  partnershipId: string;
  partnership: string;
  planYear: string;
  alreadyLoaded: boolean;
  actions: number;
  contracts: number;
  people: number;
  elapsedMs: number;
}

export async function loadDemoPlan(db: Database, opts: DemoOptions): Promise<Result<DemoReport>> {
  const started = performance.now();
  const name = opts.partnershipName?.trim() || DEMO_PARTNERSHIP;
  const planYear = financialYearLabel(opts.now);
  const existing = await db.prisma.partnership.findFirst({ where: { name: { equals: name, mode: 'insensitive' } } });
  if (existing && !existing.isDemo) {
    return err(domainError('not_demo', `The partnership "${existing.name}" holds real data, not the demo: the demo will not touch it.`, 'Load the demo under another name: cdp demo --partnership "Tower Hamlets demo"'));
  }
  if (existing && !opts.reset) {
    const counts = await countsOf(db, existing.id);
    return ok({ partnershipId: existing.id, partnership: existing.name, planYear: existing.planYear, alreadyLoaded: true, ...counts, elapsedMs: Math.round(performance.now() - started) });
  }
  if (existing) {
    // Actions first: their objective link does not cascade.
    await db.prisma.$transaction([
      db.prisma.action.deleteMany({ where: { partnershipId: existing.id } }),
      db.prisma.partnership.delete({ where: { id: existing.id } }),
    ]);
  }
  const imported = await importFile(db, {
    partnershipName: name,
    files: SEED_FILES.map((f) => path.join(SEED_DIR, f)),
    now: opts.now,
    via: 'import',
    planYear,
    isDemo: true,
    async inTransaction(tx, report) {
      const pid = report.partnershipId;
      await tx.partnership.update({ where: { id: pid }, data: { isDemo: true, planYear, timezone: 'Europe/London' } });
      const actions = await tx.action.findMany({ where: { partnershipId: pid }, orderBy: [{ position: 'asc' }, { ref: 'asc' }], select: { id: true, ref: true, leadAgencyId: true } });
      const agencies = await tx.agency.findMany({ where: { partnershipId: pid }, select: { id: true, name: true } });
      // The import names one subgroup per pillar after the pillar; a partnership names them by remit.
      const subgroups = await nameSubgroups(tx, pid);
      const rows = demoPeople(actions, agencies, subgroups);
      const changes: RecordChange[] = [];
      await applyPeople(tx, pid, rows, changes, emptyCounts(), { isDemo: true });
      const people = await tx.person.findMany({ where: { partnershipId: pid }, include: { agencies: true } });
      const byAgency = new Map<string, string[]>();
      for (const p of people) for (const a of p.agencies) byAgency.set(a.agencyId, [...(byAgency.get(a.agencyId) ?? []), p.id]);
      // The demo writes its own history: the import's "added" rows would all sit at `now`.
      await tx.statusUpdate.deleteMany({ where: { partnershipId: pid, change: 'created' } });
      const alex = people.find((p) => p.email === 'alexw@example.com');
      const officers = await assignLeadOfficers(tx, pid, byAgency, alex ? { 'TRS-06': alex.id, 'TRS-07': alex.id, 'TRS-08': alex.id } : {});
      await spreadActions(tx, pid, actions.map((a) => ({ ...a, leadOfficerId: officers.get(a.id) ?? null })), byAgency, opts.now);
      const adele = people.find((p) => p.email === 'adelev@example.com');
      await spreadContracts(tx, pid, adele?.id ?? null, opts.now);
      await loadDemoMetrics(tx, pid, opts.now);
    },
  });
  registerChanged(); // a reset removed the old demo's people, bindings and conversations
  if (!imported.ok) return err(domainError(imported.error.code, `The demo plan could not be loaded: ${imported.error.message}`));
  const counts = await countsOf(db, imported.value.partnershipId);
  return ok({
    partnershipId: imported.value.partnershipId,
    partnership: imported.value.partnership,
    planYear,
    alreadyLoaded: false,
    ...counts,
    elapsedMs: Math.round(performance.now() - started),
  });
}

async function countsOf(db: Database, partnershipId: string) {
  const [actions, contracts, people] = await Promise.all([
    db.prisma.action.count({ where: { partnershipId } }),
    db.prisma.contract.count({ where: { partnershipId } }),
    db.prisma.person.count({ where: { partnershipId } }),
  ]);
  return { actions, contracts, people };
}

/** Two fictional people per lead agency, a chair per subgroup, and the Playground's users. */
function demoPeople(actions: { leadAgencyId: string | null }[], agencies: { id: string; name: string }[], subgroups: string[]): PersonRow[] {
  const rows: PersonRow[] = [];
  const emails = new Set<string>();
  let line = 0;
  const add = (name: string, agency: string | undefined, roles: string[]) => {
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.org`;
    if (emails.has(email)) return;
    emails.add(email);
    rows.push({ source: 'demo', line: ++line, name, email, agencies: agency ? [agency] : [], roles: chairRoles(roles, subgroups) });
  };
  const leadIds = [...new Set(actions.map((a) => a.leadAgencyId).filter((x): x is string => !!x))];
  const agencyName = new Map(agencies.map((a) => [a.id, a.name]));
  let n = 0;
  for (const id of leadIds) {
    for (let k = 0; k < 2; k++, n++) add(`${FIRST[n % FIRST.length]} ${LAST[(n * 7 + 3) % LAST.length]}`, agencyName.get(id), []);
  }
  // Chairs of the subgroups other than treatment and recovery (Megan Bowen chairs that one).
  const chairs: [RegExp, string, string][] = [
    [/supply|enforcement/i, 'Rachel Osei', 'Metropolitan Police Service'],
    [/demand|generational|prevention/i, 'Daniel Kowalski', 'London Borough of Tower Hamlets Public Health'],
  ];
  for (const sg of subgroups) {
    if (/treatment/i.test(sg)) continue;
    const c = chairs.find(([re]) => re.test(sg)) ?? [/./, `Sam Chair ${rows.length}`, undefined];
    add(c[1], c[2] && agencies.some((a) => a.name === c[2]) ? c[2] : undefined, [`chair: ${sg}`]);
  }
  for (const p of PLAYGROUND_PEOPLE) {
    rows.push({ source: 'demo', line: ++line, name: p.name, email: p.email, agencies: [p.agency], roles: chairRoles(p.roles, subgroups) });
  }
  return rows;
}

function chairRoles(roles: string[], subgroups: string[]): PersonRow['roles'] {
  return roles.map((r) => {
    if (r === 'admin' || r === 'commissioner') return { role: r };
    const sg = matchSubgroup(r.replace(/^chair:\s*/, ''), subgroups);
    if (!sg) throw new Error(`demo: no subgroup for role "${r}" among ${subgroups.join(', ')}`);
    return { role: 'chair' as const, subgroup: sg };
  });
}
