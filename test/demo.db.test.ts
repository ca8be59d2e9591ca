// The demo plan (issue 2 item 6, SPEC §6 local mode): Tower Hamlets moved to the current
// financial year with a spread of statuses that gives reminders, digests and contract
// check-ins something to show; the Agents Playground's users; idempotent; CLI verbs.
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError, type CliContext, type CliIO, type Runtime } from '../src/cli/context.js';
import * as demoVerb from '../src/cli/verbs/demo.js';
import * as partnershipsVerb from '../src/cli/verbs/partnerships.js';
import { renderText } from '../adapters/console/render-text.js';
import { actionDetail } from '../src/commands/views/action.js';
import { findActionByRef, recentHistory } from '../src/register/actions.js';
import { loadDemoPlan } from '../src/register/demo.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';

const now = new Date('2026-11-22T10:00:00Z');
const DAY = 86_400_000;
const today = new Date(Date.UTC(2026, 10, 22));
let db: TestDatabase;
let pid: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const r = await loadDemoPlan(db, { now });
  if (!r.ok) throw new Error(r.error.message);
  pid = r.value.partnershipId;
  console.log(`[measure] demo load on ${db.kind}: ${r.value.elapsedMs} ms`);
});
afterAll(async () => {
  await db?.drop();
});

describe('the demo plan', () => {
  it('is the Tower Hamlets plan, marked as demo, in the current financial year', async () => {
    const p = await db.prisma.partnership.findUniqueOrThrow({ where: { id: pid } });
    expect(p).toMatchObject({ name: 'Tower Hamlets', isDemo: true, planYear: '2026-27', timezone: 'Europe/London' });
    expect(await db.prisma.action.count({ where: { partnershipId: pid } })).toBe(156);
    expect(await db.prisma.contract.count({ where: { partnershipId: pid } })).toBe(5);
    const dues = await db.prisma.action.findMany({ where: { partnershipId: pid, dueDate: { not: null } }, select: { dueDate: true } });
    expect(dues.length).toBeGreaterThan(130);
    for (const d of dues) {
      expect(d.dueDate!.getTime()).toBeGreaterThanOrEqual(Date.UTC(2026, 3, 1) - 60 * DAY);
      expect(d.dueDate!.getTime()).toBeLessThanOrEqual(Date.UTC(2027, 2, 31));
    }
  });

  it('has overdue, due-soon, quiet, long off-track/blocked and complete actions', async () => {
    const actions = await db.prisma.action.findMany({ where: { partnershipId: pid } });
    const open = actions.filter((a) => !['complete', 'cancelled'].includes(a.status));
    const overdue = open.filter((a) => a.dueDate && a.dueDate < today);
    const dueSoon = open.filter((a) => a.dueDate && a.dueDate >= today && a.dueDate.getTime() <= today.getTime() + 14 * DAY);
    const quiet = open.filter((a) => a.lastUpdateAt && now.getTime() - a.lastUpdateAt.getTime() >= 28 * DAY);
    const stuck = open.filter((a) => ['off_track', 'blocked'].includes(a.status) && now.getTime() - a.statusSince.getTime() >= 14 * DAY);
    const complete = actions.filter((a) => a.status === 'complete');
    for (const [label, list] of Object.entries({ overdue, dueSoon, quiet, stuck, complete })) {
      expect(list.length, label).toBeGreaterThanOrEqual(3);
    }
    expect(actions.filter((a) => a.dueMoves > 0).length).toBeGreaterThan(0);
    for (const a of actions.filter((x) => x.dueMoves > 0)) expect(a.originalDueDate).not.toEqual(a.dueDate);
  });

  it('labels every demo update as demo data and never dates it after now', async () => {
    const updates = await db.prisma.statusUpdate.findMany({ where: { partnershipId: pid } });
    expect(updates.length).toBeGreaterThan(100);
    for (const u of updates) {
      expect(u.note).toMatch(/^\[demo\] /);
      expect(u.createdAt.getTime()).toBeLessThanOrEqual(now.getTime());
    }
  });

  it('has the Agents Playground users exactly as SPEC §6 says, and Alex leads TRS-07', async () => {
    const people = await db.prisma.person.findMany({
      where: { partnershipId: pid, email: { endsWith: '@example.com' } },
      include: { agencies: { include: { agency: true } }, roles: { include: { subgroup: true } } },
      orderBy: { email: 'asc' },
    });
    const view = people.map((p) => ({
      email: p.email, name: p.name,
      agencies: p.agencies.map((a) => a.agency.name),
      roles: p.roles.map((r) => (r.role === 'chair' ? `chair: ${r.subgroup?.name}` : r.role)).sort(),
    }));
    expect(view).toEqual([
      { email: 'adelev@example.com', name: 'Adele Vance', agencies: ['London Borough of Tower Hamlets Substance Misuse commissioning'], roles: ['admin', 'commissioner'] },
      { email: 'alexw@example.com', name: 'Alex Wilber', agencies: ['London Borough of Tower Hamlets Substance Misuse services'], roles: [] },
      { email: 'meganb@example.com', name: 'Megan Bowen', agencies: ['London Borough of Tower Hamlets Public Health'], roles: ['chair: Treatment and Recovery subgroup'] },
    ]);
    const trs07 = await db.prisma.action.findFirstOrThrow({ where: { partnershipId: pid, ref: 'TRS-07' }, include: { leadAgency: { include: { members: { include: { person: true } } } } } });
    expect(trs07.leadAgency?.members.map((m) => m.person.email)).toContain('alexw@example.com');
    expect(trs07.status).toBe('at_risk');
    // Adele's agency commissions the contracts, and she is their commissioner.
    const contracts = await db.prisma.contract.findMany({ where: { partnershipId: pid }, include: { commissioner: true, commissionerAgency: true } });
    for (const c of contracts) {
      expect(c.commissioner?.email).toBe('adelev@example.com');
      expect(c.commissionerAgency?.name).toBe('London Borough of Tower Hamlets Substance Misuse commissioning');
    }
  });

  it('gives every lead agency two fictional people and every subgroup a chair', async () => {
    const leads = await db.prisma.action.findMany({ where: { partnershipId: pid }, distinct: ['leadAgencyId'], select: { leadAgencyId: true } });
    for (const l of leads) {
      const members = await db.prisma.personAgency.count({ where: { agencyId: l.leadAgencyId!, person: { email: { endsWith: '@example.org' } } } });
      expect(members).toBeGreaterThanOrEqual(2);
    }
    const subgroups = await db.prisma.subgroup.findMany({ where: { partnershipId: pid }, include: { chairs: true } });
    expect(subgroups).toHaveLength(3);
    for (const s of subgroups) expect(s.chairs.length).toBeGreaterThanOrEqual(1);
    expect(await db.prisma.person.count({ where: { partnershipId: pid, isDemo: false } })).toBe(0);
  });

  it('reads like a real plan: no source dates in titles, no import remarks as notes, no contradictions, subgroups named by remit', async () => {
    const actions = await db.prisma.action.findMany({ where: { partnershipId: pid }, include: { leadAgency: true, objective: { include: { priority: { include: { pillar: true } } } } } });
    for (const a of actions) {
      expect(a.title, a.ref).not.toMatch(/ - \d\d\/\d\d\/\d\d$/);
      expect(a.notes ?? '', a.ref).not.toMatch(/agencies column|contract expiry|cross-reference|tracked as contract/);
      // Past its due date and still open: never "On track" (TRS-08 was On track 152 days overdue).
      if (a.dueDate && a.dueDate < today && !['complete', 'cancelled', 'ongoing'].includes(a.status)) expect(a.status, a.ref).not.toBe('on_track');
    }
    expect(actions.find((a) => a.ref === 'TRS-50')!.title).toBe('Specialist midwife');
    const pillars = new Set(actions.map((a) => a.objective.priority.pillar.name));
    const subgroups = await db.prisma.subgroup.findMany({ where: { partnershipId: pid }, orderBy: { name: 'asc' } });
    expect(subgroups.map((s) => s.name)).toEqual(['Enforcement and Supply subgroup', 'Prevention and Young People subgroup', 'Treatment and Recovery subgroup']);
    for (const sg of subgroups) expect(pillars.has(sg.name)).toBe(false);
  });

  it('names a lead officer of the lead agency for every action, and fixes the leads the layout got wrong', async () => {
    const actions = await db.prisma.action.findMany({
      where: { partnershipId: pid },
      include: { leadAgency: true, leadOfficer: { include: { agencies: true } }, deputies: { include: { person: { include: { agencies: true } } } } },
    });
    for (const a of actions) {
      expect(a.leadOfficer, a.ref).not.toBeNull();
      expect(a.leadOfficer!.agencies.map((x) => x.agencyId), a.ref).toContain(a.leadAgencyId);
      for (const d of a.deputies) expect(d.person.agencies.map((x) => x.agencyId)).toContain(a.leadAgencyId);
    }
    const lead = (ref: string) => actions.find((a) => a.ref === ref)!.leadAgency!.name;
    expect(lead('BSC-17')).toBe('London Borough of Tower Hamlets Adult Social Care');
    expect(lead('BSC-21')).toBe('Probation Service');
    expect(lead('BSC-05')).toBe("London Borough of Tower Hamlets Children's Exploitation Service");
    expect(actions.filter((a) => a.leadAgency?.name === 'Metropolitan Police Service').length).toBeLessThanOrEqual(13);
    expect(actions.find((a) => a.ref === 'TRS-07')!.leadOfficer!.email).toBe('alexw@example.com');
    // Reminders follow the officer: the demo's history is written by the lead officer.
    const trs07 = actions.find((a) => a.ref === 'TRS-07')!;
    const history = await recentHistory(db, trs07.id);
    expect(history.every((h) => h.personName === 'Alex Wilber')).toBe(true);
  });

  it('show prints the title once, with the lead officer', async () => {
    const a = await findActionByRef(db, pid, 'TRS-50');
    if (!a.ok) throw new Error(a.error.message);
    const text = renderText({ summary: 'TRS-50', blocks: actionDetail(a.value, [], today, 'Europe/London', false) }).text;
    expect(text.split('Specialist midwife').length - 1).toBe(1);
    expect(text).toMatch(/Lead officer: \w+ \w+/);
  });

  it('spreads contract expiries over 1 to 20 months ahead, with varied routes and stages', async () => {
    const all = await db.prisma.contract.findMany({ where: { partnershipId: pid }, include: { periods: { orderBy: { endDate: 'asc' } } } });
    // The end of the term running today (C-01 is awarded with its new term recorded).
    const ends = (c: (typeof all)[number]) => (c.periods.length > 1 ? c.periods[c.periods.length - 2]!.endDate : c.expiryDate);
    const contracts = all.sort((a, b) => ends(a).getTime() - ends(b).getTime());
    expect(contracts[0]!.periods.map((p) => p.kind)).toEqual(['original', 'award']);
    const months = contracts.map((c) => (ends(c).getTime() - today.getTime()) / (30.44 * DAY));
    expect(months[0]).toBeLessThanOrEqual(1);
    expect(months[contracts.length - 1]).toBeGreaterThanOrEqual(12);
    for (const m of months) expect(m).toBeGreaterThan(0);
    for (const m of months) expect(m).toBeLessThanOrEqual(20);
    expect(new Set(contracts.map((c) => c.stage)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(contracts.map((c) => c.route)).size).toBeGreaterThanOrEqual(3);
  });

  it('is idempotent: loading it again changes nothing', async () => {
    const count = async () => [await db.prisma.action.count(), await db.prisma.person.count(), await db.prisma.statusUpdate.count(), await db.prisma.contract.count(), await db.prisma.partnership.count()];
    const before = await count();
    const again = await loadDemoPlan(db, { now });
    expect(again.ok && again.value.alreadyLoaded).toBe(true);
    expect(await count()).toEqual(before);
  });

  it('--reset reloads it with the same shape; a real partnership of that name is never touched', async () => {
    const r = await loadDemoPlan(db, { now, reset: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.alreadyLoaded).toBe(false);
    expect(r.value.actions).toBe(156);
    pid = r.value.partnershipId;
    await db.prisma.partnership.create({ data: { name: 'Haringey', planYear: '2026-27' } });
    const refused = await loadDemoPlan(db, { now, partnershipName: 'haringey', reset: true });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/holds real data/);
  });
});

describe('CLI verbs', () => {
  const run = async (args: string[]) => {
    const out: string[] = [];
    const errs: string[] = [];
    const io: CliIO = { out: (t) => out.push(t), err: (t) => errs.push(t), readStdin: async () => undefined, isTTY: false, cwd: process.cwd() };
    const ctx: CliContext = {
      io,
      withRuntime: (fn) => fn({ db, io, now: () => now } as unknown as Runtime),
    };
    const program = new Command('cdp').exitOverride();
    demoVerb.register(program, ctx);
    partnershipsVerb.register(program, ctx);
    try {
      await program.parseAsync(args, { from: 'user' });
      return { code: 0, out: out.join('\n'), err: errs.join('\n') };
    } catch (e) {
      if (e instanceof CliError) return { code: e.exitCode, out: out.join('\n'), err: e.message };
      throw e;
    }
  };

  it('cdp demo says it is already loaded', async () => {
    const r = await run(['demo']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/already loaded \(156 actions, 5 contracts/);
  });

  it('cdp partnerships bind and list; a workspace bound elsewhere is refused naming the partnership', async () => {
    expect((await run(['partnerships', 'bind', 'tower hamlets', 'slack', 'T0DEMO'])).out).toMatch(/Bound Slack workspace T0DEMO to "Tower Hamlets"/);
    expect((await run(['partnerships', 'bind', 'Tower Hamlets', 'slack', 'T0DEMO'])).out).toMatch(/already bound/);
    const clash = await run(['partnerships', 'bind', 'Haringey', 'slack', 'T0DEMO']);
    expect(clash.code).toBe(1);
    expect(clash.err).toMatch(/already bound to the partnership "Tower Hamlets"/);
    const unknown = await run(['partnerships', 'bind', 'Nowhere', 'teams', 'abc']);
    expect(unknown.err).toMatch(/no partnership "Nowhere".*"Haringey", "Tower Hamlets"/s);
    const list = await run(['partnerships', 'list']);
    expect(list.out).toMatch(/Tower Hamlets\s+2026-27\s+156\s+slack T0DEMO\s+yes/);
  });
});
