// The plan's hierarchy for an import: pillars → priorities → objectives, created as the
// rows name them, and one subgroup per pillar (named in the file's Subgroup column, else after
// the pillar) unless the pillar already has one. Pillar codes (BSC, TRS, GSD) come from the refs' prefixes.
import crypto from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client.js';
import type { ActionRow, RecordChange } from './types.js';

type Tx = Prisma.TransactionClient;

export interface Hierarchy {
  /** objective id by "pillar\u0000priority\u0000objective" (lower case). */
  objectiveId(row: Pick<ActionRow, 'pillar' | 'priority' | 'objective'>): string;
  /** The subgroup of the pillar of an objective. */
  subgroupOfObjective(objectiveId: string): string | null;
  /** "Pillar › Priority › Objective" names of an objective. */
  path(objectiveId: string): { pillar: string; priority: string; objective: string };
  created: { pillars: number; priorities: number; objectives: number; subgroups: number };
}

const k = (...parts: string[]) => parts.map((p) => p.trim().toLowerCase()).join('\u0000');

/** Known pillar codes for the three national pillars; other pillars use their initials. */
export function pillarCode(name: string): string {
  const n = name.toLowerCase();
  if (/supply/.test(n)) return 'BSC';
  if (/treatment|recovery/.test(n)) return 'TRS';
  if (/demand|generational/.test(n)) return 'GSD';
  const words = name.split(/[^A-Za-z]+/).filter((w) => w.length > 2 && !/^(the|and|for|of|a|an|to)$/i.test(w));
  return (words.map((w) => w[0]!.toUpperCase()).join('') || 'ACT').slice(0, 4);
}

export async function ensureHierarchy(tx: Tx, partnershipId: string, rows: ActionRow[], changes: RecordChange[]): Promise<Hierarchy> {
  const pillars = await tx.pillar.findMany({ where: { partnershipId }, include: { subgroups: true } });
  const priorities = await tx.priority.findMany({ where: { partnershipId } });
  const objectives = await tx.objective.findMany({ where: { partnershipId } });
  const subgroups = await tx.subgroup.findMany({ where: { partnershipId } });
  const created = { pillars: 0, priorities: 0, objectives: 0, subgroups: 0 };

  const pillarByKey = new Map(pillars.map((p) => [k(p.name), { id: p.id, name: p.name, code: p.code, subgroupId: p.subgroups[0]?.subgroupId ?? null }]));
  const priorityByKey = new Map(priorities.map((p) => [k(p.pillarId, p.name), { id: p.id, name: p.name, pillarId: p.pillarId }]));
  const objectiveByKey = new Map(objectives.map((o) => [k(o.priorityId, o.name), { id: o.id, name: o.name, priorityId: o.priorityId }]));

  // Most common ref prefix per pillar, for the pillar code.
  const prefixes = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const m = r.ref ? /^([A-Z]+)[-._]?\d/.exec(r.ref) : null;
    if (!m) continue;
    const pk = k(r.pillar);
    const counts = prefixes.get(pk) ?? new Map<string, number>();
    counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
    prefixes.set(pk, counts);
  }
  const codeFor = (pillar: string) => {
    const counts = prefixes.get(k(pillar));
    if (!counts) return pillarCode(pillar);
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  };

  // Work out what is missing in memory, then create each level with one statement.
  let pillarPos = pillars.length;
  const priorityPos = new Map<string, number>();
  const objectivePos = new Map<string, number>();
  const newPillars: Prisma.PillarCreateManyInput[] = [];
  const newPriorities: Prisma.PriorityCreateManyInput[] = [];
  const newObjectives: Prisma.ObjectiveCreateManyInput[] = [];
  const newSubgroups: Prisma.SubgroupCreateManyInput[] = [];
  const newLinks: Prisma.SubgroupPillarCreateManyInput[] = [];
  const codeUpdates: { id: string; code: string }[] = [];
  for (const r of rows) {
    let pillar = pillarByKey.get(k(r.pillar));
    if (!pillar) {
      pillar = { id: crypto.randomUUID(), name: r.pillar, code: codeFor(r.pillar), subgroupId: null };
      newPillars.push({ id: pillar.id, partnershipId, name: r.pillar, code: pillar.code, position: pillarPos++ });
      pillarByKey.set(k(r.pillar), pillar);
      created.pillars++;
      changes.push({ kind: 'pillar', key: r.pillar, change: 'created', fields: [] });
    } else if (!pillar.code) {
      pillar.code = codeFor(r.pillar);
      codeUpdates.push({ id: pillar.id, code: pillar.code });
    }
    if (!pillar.subgroupId) {
      // The file's Subgroup column (an export) names it; else it is named after the pillar.
      const wanted = r.subgroup || pillar.name;
      let sg = subgroups.find((s) => s.name.toLowerCase() === wanted.toLowerCase());
      if (!sg) {
        sg = { id: crypto.randomUUID(), name: wanted } as (typeof subgroups)[number];
        newSubgroups.push({ id: sg.id, partnershipId, name: wanted });
        subgroups.push(sg);
        created.subgroups++;
        changes.push({ kind: 'subgroup', key: sg.name, change: 'created', fields: [] });
      }
      newLinks.push({ subgroupId: sg.id, pillarId: pillar.id });
      pillar.subgroupId = sg.id;
    }
    let priority = priorityByKey.get(k(pillar.id, r.priority));
    if (!priority) {
      priority = { id: crypto.randomUUID(), name: r.priority, pillarId: pillar.id };
      const pos = priorityPos.get(pillar.id) ?? priorities.filter((p) => p.pillarId === pillar!.id).length;
      priorityPos.set(pillar.id, pos + 1);
      newPriorities.push({ id: priority.id, partnershipId, pillarId: pillar.id, name: r.priority, position: pos });
      priorityByKey.set(k(pillar.id, r.priority), priority);
      created.priorities++;
    }
    if (!objectiveByKey.has(k(priority.id, r.objective))) {
      const id = crypto.randomUUID();
      const pos = objectivePos.get(priority.id) ?? objectives.filter((o) => o.priorityId === priority!.id).length;
      objectivePos.set(priority.id, pos + 1);
      newObjectives.push({ id, partnershipId, priorityId: priority.id, name: r.objective, position: pos });
      objectiveByKey.set(k(priority.id, r.objective), { id, name: r.objective, priorityId: priority.id });
      created.objectives++;
    }
  }
  if (newPillars.length) await tx.pillar.createMany({ data: newPillars });
  for (const u of codeUpdates) await tx.pillar.update({ where: { id: u.id }, data: { code: u.code } });
  if (newSubgroups.length) await tx.subgroup.createMany({ data: newSubgroups });
  if (newLinks.length) await tx.subgroupPillar.createMany({ data: newLinks });
  if (newPriorities.length) await tx.priority.createMany({ data: newPriorities });
  if (newObjectives.length) await tx.objective.createMany({ data: newObjectives });

  const pillarById = new Map([...pillarByKey.values()].map((p) => [p.id, p]));
  const priorityById = new Map([...priorityByKey.values()].map((p) => [p.id, p]));
  const objectiveById = new Map([...objectiveByKey.values()].map((o) => [o.id, o]));
  return {
    objectiveId(row) {
      const p = pillarByKey.get(k(row.pillar))!;
      const pr = priorityByKey.get(k(p.id, row.priority))!;
      return objectiveByKey.get(k(pr.id, row.objective))!.id;
    },
    subgroupOfObjective(objectiveId) {
      const o = objectiveById.get(objectiveId);
      const pr = o && priorityById.get(o.priorityId);
      return (pr && pillarById.get(pr.pillarId)?.subgroupId) ?? null;
    },
    path(objectiveId) {
      const o = objectiveById.get(objectiveId)!;
      const pr = priorityById.get(o.priorityId)!;
      return { pillar: pillarById.get(pr.pillarId)!.name, priority: pr.name, objective: o.name };
    },
    created,
  };
}
