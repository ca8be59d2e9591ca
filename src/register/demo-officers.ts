// The demo's named people per action and its subgroups' names (documented in
// prisma/seed/README.md, "Demo choices"):
// - Lead officers: each action is led by one named person of its lead agency — the same person
//   for the actions of one objective (as a real plan assigns a workstream), alternating between
//   the agency's two demo people from one objective to the next; every third action names the
//   other person as deputy. TRS-06..08 are led by Alex Wilber (the Playground user of their
//   agency) so the local try-out's reminders reach him.
// - Subgroups: named by remit, not after the pillar ("Treatment and Recovery subgroup").
import type { Prisma } from '../generated/prisma/client.js';
import { bulkInsert } from './import/bulk.js';

type Tx = Prisma.TransactionClient;

const SUBGROUP_NAMES: [RegExp, string][] = [
  [/supply/i, 'Enforcement and Supply subgroup'],
  [/treatment|recovery/i, 'Treatment and Recovery subgroup'],
  [/demand|generational/i, 'Prevention and Young People subgroup'],
];

/** Renames the pillar-named subgroups; returns the subgroup names. */
export async function nameSubgroups(tx: Tx, partnershipId: string): Promise<string[]> {
  const subgroups = await tx.subgroup.findMany({ where: { partnershipId }, orderBy: { createdAt: 'asc' } });
  const names: string[] = [];
  for (const sg of subgroups) {
    const name = SUBGROUP_NAMES.find(([re]) => re.test(sg.name))?.[1] ?? sg.name;
    if (name !== sg.name) await tx.subgroup.update({ where: { id: sg.id }, data: { name } });
    names.push(name);
  }
  return names;
}

/** Sets a lead officer (and some deputies) on every action with a lead agency; returns officer by action id. */
export async function assignLeadOfficers(
  tx: Tx,
  partnershipId: string,
  peopleByAgency: Map<string, string[]>,
  preferred: Record<string, string>,
): Promise<Map<string, string>> {
  const actions = await tx.action.findMany({ where: { partnershipId }, orderBy: [{ position: 'asc' }, { ref: 'asc' }], select: { id: true, ref: true, leadAgencyId: true, objectiveId: true } });
  const demoPeople = await tx.person.findMany({ where: { partnershipId, email: { endsWith: '@example.org' } }, select: { id: true } });
  const isDemo = new Set(demoPeople.map((p) => p.id));
  const turn = new Map<string, number>();
  const objectiveTurn = new Map<string, number>();
  const officer = new Map<string, string>();
  const deputies: Prisma.ActionDeputyCreateManyInput[] = [];
  let n = 0;
  for (const a of actions) {
    const pool = (a.leadAgencyId && peopleByAgency.get(a.leadAgencyId)?.filter((id) => isDemo.has(id))) || [];
    const chosen = preferred[a.ref];
    if (!pool.length && !chosen) continue;
    const key = `${a.leadAgencyId}:${a.objectiveId}`;
    if (!objectiveTurn.has(key)) {
      const t = turn.get(a.leadAgencyId!) ?? 0;
      objectiveTurn.set(key, t);
      turn.set(a.leadAgencyId!, t + 1);
    }
    const lead = chosen ?? pool[objectiveTurn.get(key)! % pool.length]!;
    officer.set(a.id, lead);
    const other = pool.find((id) => id !== lead);
    if (other && n++ % 3 === 0) deputies.push({ actionId: a.id, personId: other, position: 0 });
  }
  if (officer.size) {
    const params: string[] = [];
    const values = [...officer].map(([id, person]) => `($${params.push(id)}, $${params.push(person)})`);
    await tx.$executeRawUnsafe(`UPDATE "Action" AS a SET "leadOfficerId" = v.person FROM (VALUES ${values.join(', ')}) AS v(id, person) WHERE a.id = v.id`, ...params);
  }
  await bulkInsert(tx, 'ActionDeputy', deputies);
  return officer;
}
