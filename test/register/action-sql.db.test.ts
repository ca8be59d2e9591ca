// The one-statement action loader (issue 18) returns exactly what Prisma's nested include
// returned: every column, the objective › priority › pillar chain, lead agency and officer,
// deputies and partners in order, the subgroup with its chairs — and dates as the same instants.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectActions } from '../../src/register/action-sql.js';
import { actionInclude, findActionByRef, findActionWithHistory, listOpenActions, pageOpenActions, recentHistory, updateAction } from '../../src/register/actions.js';
import { isOverdue } from '../../src/commands/views/action.js';
import { loadDemoPlan } from '../../src/register/demo.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const now = new Date('2026-11-22T10:00:00Z');
let db: TestDatabase;
let pid: string;

// Chairs have no order in Prisma's include: compare them by name, as the loader orders them.
const byChairName = <T extends { subgroup: { chairs: { person: { name: string } }[] } | null }>(a: T): T =>
  a.subgroup ? { ...a, subgroup: { ...a.subgroup, chairs: [...a.subgroup.chairs].sort((x, y) => x.person.name.localeCompare(y.person.name)) } } : a;

beforeAll(async () => {
  db = await createTestDatabase();
  const r = await loadDemoPlan(db, { now });
  if (!r.ok) throw new Error(r.error.message);
  pid = r.value.partnershipId;
  // Every optional part filled somewhere: odd milliseconds, snooze, review, a second deputy and partner.
  const [first, second] = await db.prisma.action.findMany({ where: { partnershipId: pid }, orderBy: { ref: 'asc' }, take: 2 });
  const people = await db.prisma.person.findMany({ where: { partnershipId: pid }, take: 2, orderBy: { email: 'asc' } });
  const agencies = await db.prisma.agency.findMany({ where: { partnershipId: pid }, take: 2, orderBy: { name: 'asc' } });
  await db.prisma.action.update({
    where: { id: first!.id },
    data: {
      snoozedUntil: new Date('2027-01-05T23:59:59.987Z'), reviewUntil: new Date('2027-04-30T12:00:00.001Z'), statusSince: new Date('2026-06-30T23:30:00.5Z'),
      deputies: { createMany: { data: people.map((p, i) => ({ personId: p.id, position: 2 - i })) } },
    },
  });
  await db.prisma.actionPartner.deleteMany({ where: { actionId: second!.id } });
  await db.prisma.action.update({ where: { id: second!.id }, data: { partners: { createMany: { data: agencies.map((g, i) => ({ agencyId: g.id, position: i })) } } } });
});
afterAll(async () => {
  await db?.drop();
});

describe('the one-statement action loader', () => {
  it('returns what the Prisma include returns, for every action of the demo plan', async () => {
    const viaPrisma = await db.prisma.action.findMany({ where: { partnershipId: pid }, include: actionInclude, orderBy: { ref: 'asc' } });
    const viaSql = await selectActions(db, 'a."partnershipId" = $1', [pid]);
    expect(viaSql.length).toBe(156);
    expect(viaSql.map(byChairName)).toEqual(viaPrisma.map(byChairName));
    const snoozed = viaSql.find((a) => a.snoozedUntil);
    expect(snoozed?.snoozedUntil?.toISOString()).toBe('2027-01-05T23:59:59.987Z');
    const positions = snoozed!.deputies.map((d) => d.position);
    expect(positions.length).toBeGreaterThanOrEqual(2);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
  });

  it('finds by ref in any case, and lists what `mine` lists, soonest due first', async () => {
    const a = await findActionByRef(db, pid, ' trs-07 ');
    expect(a.ok && a.value.ref).toBe('TRS-07');
    const person = await db.prisma.person.findFirstOrThrow({ where: { partnershipId: pid, email: 'alexw@example.com' }, include: { agencies: true } });
    const agencyIds = person.agencies.map((x) => x.agencyId);
    const listed = await listOpenActions(db, pid, { agencyIds, personId: person.id });
    const expected = await db.prisma.action.findMany({
      where: {
        partnershipId: pid, status: { notIn: ['complete', 'cancelled'] },
        OR: [{ leadAgencyId: { in: agencyIds } }, { partners: { some: { agencyId: { in: agencyIds } } } }, { leadOfficerId: person.id }, { deputies: { some: { personId: person.id } } }],
      },
      orderBy: [{ dueDate: { sort: 'asc', nulls: 'last' } }, { ref: 'asc' }],
      select: { ref: true },
    });
    expect(listed.length).toBeGreaterThan(5);
    expect(listed.map((x) => x.ref)).toEqual(expected.map((x) => x.ref));
    // A page: the first rows of the same list, with the whole list's size and overdue count.
    const today = new Date('2026-11-22T00:00:00Z');
    const page = await pageOpenActions(db, pid, { agencyIds, personId: person.id }, { limit: 2, today });
    expect(page.actions).toEqual(listed.slice(0, 2));
    expect(page.total).toBe(listed.length);
    expect(page.overdue).toBe(listed.filter((x) => isOverdue(x, today)).length);
    expect(page.overdue).toBeGreaterThan(0);
    const before = await listOpenActions(db, pid, { agencyIds, personId: person.id, dueBefore: new Date('2026-11-22T00:00:00Z') });
    expect(before.every((x) => x.dueDate && x.dueDate < new Date('2026-11-22T00:00:00Z'))).toBe(true);
  });

  it('`show` gets the action and its latest history in the same statement, as the history query gives it', async () => {
    const a = await findActionByRef(db, pid, 'TRS-07');
    if (!a.ok) throw new Error(a.error.message);
    const person = await db.prisma.person.findFirstOrThrow({ where: { partnershipId: pid, email: 'alexw@example.com' } });
    for (let i = 0; i < 7; i++) await updateAction(db, { actionId: a.value.id, personId: i % 2 ? person.id : null, via: 'console', now: new Date(now.getTime() + i * 1000), note: `note ${i}` });
    const shown = await findActionWithHistory(db, pid, 'trs-07', 5);
    if (!shown.ok) throw new Error(shown.error.message);
    const { history, ...action } = shown.value;
    // As Prisma reads them: newest first, with the person's name.
    const viaPrisma = await db.prisma.statusUpdate.findMany({ where: { actionId: a.value.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 5, include: { person: { select: { name: true } } } });
    expect(history).toEqual(viaPrisma.map((r) => ({ createdAt: r.createdAt, via: r.via, oldStatus: r.oldStatus, newStatus: r.newStatus, note: r.note, personName: r.person?.name ?? null, source: r.source, change: r.change })));
    expect(await recentHistory(db, a.value.id, 5)).toEqual(history);
    expect(history.map((h) => h.note)).toEqual(['note 6', 'note 5', 'note 4', 'note 3', 'note 2']);
    expect(history[1]!.personName).toBe(person.name);
    expect(action.ref).toBe('TRS-07');
    expect(action.lastUpdateAt?.toISOString()).toBe(new Date(now.getTime() + 6000).toISOString());
  });
});
