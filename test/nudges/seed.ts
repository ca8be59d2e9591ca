// Seeds a small partnership through Prisma for the nudge and digest database tests, and
// counts the SQL statements a piece of code sends.
import type { Database } from '../../src/db/client.js';
import { dbDateOf } from '../../src/calendar/working-days.js';

export interface Seeded {
  partnershipId: string;
  subgroupId: string;
  otherSubgroupId: string;
  objectiveId: string;
  people: Record<'alex' | 'sam' | 'megan' | 'adele' | 'pat', string>;
  agencies: Record<'lbth' | 'mps' | 'council', string>;
}

export async function seedPartnership(db: Database, name = 'Tower Hamlets'): Promise<Seeded> {
  const p = db.prisma;
  const partnership = await p.partnership.create({ data: { name, planYear: '2026-27' } });
  const pid = partnership.id;
  const pillar = await p.pillar.create({ data: { partnershipId: pid, name: 'Treatment and recovery', code: 'TRS' } });
  const priority = await p.priority.create({ data: { partnershipId: pid, pillarId: pillar.id, name: 'Treatment capacity' } });
  const objective = await p.objective.create({ data: { partnershipId: pid, priorityId: priority.id, name: 'More people in treatment' } });
  const agency = (n: string) => p.agency.create({ data: { partnershipId: pid, name: n } });
  const lbth = await agency('LBTH Substance Misuse');
  const mps = await agency('Metropolitan Police Service');
  const council = await agency('LBTH Public Health');
  const sg = await p.subgroup.create({ data: { partnershipId: pid, name: 'Treatment & Recovery' } });
  const other = await p.subgroup.create({ data: { partnershipId: pid, name: 'Supply' } });
  const person = (n: string, email: string, agencyId?: string) =>
    p.person.create({ data: { partnershipId: pid, name: n, email, ...(agencyId ? { agencies: { create: { agencyId } } } : {}) } });
  const alex = await person('Alex Wilber', `alexw@${name.replace(/\W/g, '').toLowerCase()}.example.com`, lbth.id);
  const sam = await person('Sam Patel', `sam@${name.replace(/\W/g, '').toLowerCase()}.example.com`, lbth.id);
  const megan = await person('Megan Bowen', `meganb@${name.replace(/\W/g, '').toLowerCase()}.example.com`);
  const adele = await person('Adele Vance', `adelev@${name.replace(/\W/g, '').toLowerCase()}.example.com`, council.id);
  const pat = await person('Pat Chair', `pat@${name.replace(/\W/g, '').toLowerCase()}.example.com`);
  await p.personRole.createMany({
    data: [
      { personId: megan.id, role: 'chair', subgroupId: sg.id },
      { personId: pat.id, role: 'chair', subgroupId: other.id },
      { personId: adele.id, role: 'admin' },
      { personId: adele.id, role: 'commissioner' },
    ],
  });
  return {
    partnershipId: pid, subgroupId: sg.id, otherSubgroupId: other.id, objectiveId: objective.id,
    people: { alex: alex.id, sam: sam.id, megan: megan.id, adele: adele.id, pat: pat.id },
    agencies: { lbth: lbth.id, mps: mps.id, council: council.id },
  };
}

export interface ActionSeed {
  ref: string;
  title?: string;
  status?: 'not_started' | 'on_track' | 'at_risk' | 'off_track' | 'blocked' | 'ongoing' | 'complete' | 'cancelled';
  due?: string | null;
  lead?: string | null;
  subgroupId?: string | null;
  lastUpdateAt?: Date | null;
  statusSince?: Date;
  createdAt?: Date;
  snoozedUntil?: Date | null;
}

export async function addAction(db: Database, s: Seeded, a: ActionSeed) {
  return db.prisma.action.create({
    data: {
      partnershipId: s.partnershipId, objectiveId: s.objectiveId, ref: a.ref, title: a.title ?? `Action ${a.ref}`,
      status: a.status ?? 'on_track', dueDate: a.due ? dbDateOf(a.due) : null, originalDueDate: a.due ? dbDateOf(a.due) : null,
      leadAgencyId: a.lead === undefined ? s.agencies.lbth : a.lead, subgroupId: a.subgroupId === undefined ? s.subgroupId : a.subgroupId,
      lastUpdateAt: a.lastUpdateAt ?? null, snoozedUntil: a.snoozedUntil ?? null,
      statusSince: a.statusSince ?? new Date('2026-01-05T10:00:00Z'), createdAt: a.createdAt ?? new Date('2026-01-05T10:00:00Z'),
    },
  });
}

/** Counts SQL statements sent to the embedded database while fn runs (PGlite only; null elsewhere). */
export async function countSql<T>(db: Database, fn: () => Promise<T>): Promise<{ result: T; statements: number | null }> {
  const pg = db.pglite;
  if (!pg) return { result: await fn(), statements: null };
  const original = pg.query.bind(pg);
  let n = 0;
  (pg as unknown as { query: typeof original }).query = ((...args: Parameters<typeof original>) => {
    n++;
    return original(...args);
  }) as typeof original;
  try {
    return { result: await fn(), statements: n };
  } finally {
    (pg as unknown as { query: typeof original }).query = original;
  }
}
