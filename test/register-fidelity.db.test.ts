// Register fidelity (issue 15): a flat tracker (Section + Action, no priority or objective
// column), named lead officers and deputies who get the reminders instead of the whole agency,
// an edited re-import attributed to a person (history "via import of FILE"), rows missing from
// the file listed and --prune, and status words read from the file.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyLine } from '../src/commands/views/action.js';
import { loadNudgeState, planNudges } from '../src/nudges/index.js';
import { canUpdateAction, whoCanUpdateAction } from '../src/core/permissions.js';
import { listOpenActions, recentHistory } from '../src/register/actions.js';
import { loadPersonContext } from '../src/register/people.js';
import { formatImportReport, importFile } from '../src/register/import/index.js';
import { readSettings, settingsOverrides, updateSettings } from '../src/settings/index.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';

const AGENCIES = path.resolve('prisma/seed/tower-hamlets-agencies.csv');
const now = new Date('2026-11-16T10:00:00Z');
let db: TestDatabase;
let tmp: string;
let pid: string;

const PEOPLE = `name,email,agency,roles
Adele Vance,adele@example.org,LBTH Substance Misuse commissioning,admin
Jo Bloggs,jo.bloggs@example.org,MPS,
Sam Lee,sam.lee@example.org,MPS,
Pat Other,pat.other@example.org,MPS,
`;
const TRACKER = `Section,Action,Lead,Owner,Deputies,Due,Status,Progress
Enforcement,Cuckooing pathway,MPS,Jo Bloggs,sam.lee@example.org,20/11/2026,in progress,Pathway drafted
Enforcement,Drug testing on arrest,MPS,jo.bloggs@example.org,,Ongoing,,
Treatment,Weekly structured treatment checks,RESET,,,31/03/2027,green,
`;

async function write(name: string, text: string): Promise<string> {
  const f = path.join(tmp, name);
  await fs.writeFile(f, text);
  return f;
}

const action = (ref: string) => db.prisma.action.findFirstOrThrow({
  where: { partnershipId: pid, ref },
  include: { leadOfficer: true, deputies: { include: { person: true } }, objective: { include: { priority: { include: { pillar: true } } } }, dueChanges: { include: { person: true } } },
});

beforeAll(async () => {
  db = await createTestDatabase();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cdp-fidelity-'));
});
afterAll(async () => {
  await db?.drop();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('a flat tracker with lead officers', () => {
  it('the dry run says how the file was read and asks about "in progress"', async () => {
    const r = await importFile(db, { partnershipName: 'Flat', files: [AGENCIES, await write('people.csv', PEOPLE), await write('tracker.csv', TRACKER)], now, dryRun: true });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    const text = formatImportReport(r.value);
    expect(text).toContain('read as: levels: "Section" as the top level (pillar), "Action" as the action');
    expect(text).toContain('flat tracker: no priority column: one priority per top level, named after it; no objective column: one objective per priority, named after it');
    expect(text).toContain('lead agency from "Lead", lead officer from "Owner", deputies from "Deputies"');
    expect(text).toMatch(/Assumed: 1 row says "in progress", read as On track \(E-01\)\. Is that right\?/);
    expect(await db.prisma.action.count()).toBe(0);
  });

  it('is imported: one default level per missing level, officers matched by name or email, Ongoing due → ongoing', async () => {
    const r = await importFile(db, { partnershipName: 'Flat', files: [AGENCIES, await write('people.csv', PEOPLE), await write('tracker.csv', TRACKER)], now });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    pid = r.value.partnershipId;
    const e1 = await action('E-01');
    expect(e1.objective.name).toBe('Enforcement');
    expect(e1.objective.priority.name).toBe('Enforcement');
    expect(e1.objective.priority.pillar.name).toBe('Enforcement');
    expect(e1.leadOfficer?.name).toBe('Jo Bloggs');
    expect(e1.deputies.map((d) => d.person.name)).toEqual(['Sam Lee']);
    expect(e1.status).toBe('on_track');
    const history = (await recentHistory(db, e1.id)).map((h) => historyLine(h, 'Europe/London'));
    expect(history.join('\n')).toContain('Status "in progress" in tracker.csv read as On track (assumed: the file does not say whether it is on track)');
    // The first import into a new partnership names nobody: it says where it came from.
    expect(history).toContain('16 Nov 2026, 10:00 · Imported from tracker.csv: added to the register — On track — “Pathway drafted”');
    expect((await action('E-02')).status).toBe('ongoing');
    expect((await action('E-02')).leadOfficer?.email).toBe('jo.bloggs@example.org');
    expect((await action('TRS-01')).leadOfficer).toBeNull();
  });

  it('an unknown officer is refused with the line, the column and the nearest name', async () => {
    const bad = TRACKER.replace('Jo Bloggs,', 'Jo Blogs,').replace('sam.lee@example.org', 'nobody@example.org');
    const r = await importFile(db, { partnershipName: 'Flat', files: [await write('bad-officers.csv', bad)], now });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toContain('line 2, column Owner: no person called "Jo Blogs" — did you mean "Jo Bloggs"?');
    expect(r.error.message).toContain('line 2, column Deputies: no person with the email nobody@example.org in the register');
  });

  it('reminders go to the lead officer and deputies, not to everyone at the agency', async () => {
    // Monday 23 Nov 2026, after the send time: E-01 (due Friday 20 Nov) is overdue.
    const at = new Date('2026-11-23T09:45:00Z');
    for (const nudgeableOnly of [true, false]) {
      const state = await loadNudgeState(db, { partnershipIds: [pid], now: at, nudgeableOnly });
      const overdue = planNudges(state, at).filter((n) => n.kind === 'overdue' && n.subject.ref === 'E-01');
      expect(overdue).toHaveLength(1);
      const names = overdue[0]!.personIds.map((id) => state.partnerships[0]!.people[id]!.name).sort();
      expect(names).toEqual(['Jo Bloggs', 'Sam Lee']);
    }
  });
});

describe('an edited re-import, attributed', () => {
  const v2 = `Section,Action,Lead,Owner,Deputies,Due,Status,Progress,Notes
Enforcement,Cuckooing pathway,MPS,Jo Bloggs,sam.lee@example.org,31/12/2026,amber,Waiting on the housing panel,MOPAC funding dependent
Enforcement,Drug testing on arrest,MPS,Pat Other,,Ongoing,,,
`;

  it('records every change as made by the only admin, via import of the file, and lists the rows missing from it', async () => {
    const r = await importFile(db, { partnershipName: 'Flat', files: [await write('tracker-v2.csv', v2)], now: new Date('2026-11-24T11:00:00Z'), as: 'auto' });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    const text = formatImportReport(r.value);
    expect(text).toContain('changes are recorded as made by Adele Vance <adele@example.org>, via import');
    expect(text).toContain('E-01: due date "20 Nov 2026" → "31 Dec 2026"; notes "(empty)" → "MOPAC funding dependent"; status "On track" → "At risk"');
    expect(text).toContain('E-02: lead officer "Jo Bloggs" → "Pat Other"');
    expect(text).toContain('Not in the file (1 open action of the register; left as they are — add --prune to cancel them):\n  TRS-01 Weekly structured treatment checks (On track)');
    expect(text).not.toMatch(/on_track|at_risk/);

    const e1 = await action('E-01');
    expect(e1.dueMoves).toBe(1);
    expect(e1.dueChanges).toMatchObject([{ reason: 'import of tracker-v2.csv', via: 'import', person: { name: 'Adele Vance' } }]);
    const lines = (await recentHistory(db, e1.id, 10)).map((h) => historyLine(h, 'Europe/London'));
    expect(lines).toEqual(expect.arrayContaining([
      '24 Nov 2026, 11:00 · Adele Vance via import of tracker-v2.csv: On track → At risk — “Waiting on the housing panel”',
      '24 Nov 2026, 11:00 · Adele Vance via import of tracker-v2.csv: Due date moved from 20 Nov 2026 to 31 Dec 2026: import of tracker-v2.csv',
      '24 Nov 2026, 11:00 · Adele Vance via import of tracker-v2.csv: Notes changed from none to "MOPAC funding dependent"',
    ]));
    expect((await action('TRS-01')).status).toBe('on_track');

    const same = await importFile(db, { partnershipName: 'Flat', files: [await write('tracker-v2-again.csv', v2)], now: new Date('2026-11-24T12:00:00Z'), as: 'auto' });
    expect(same.ok && same.value.changes.filter((c) => c.change === 'updated')).toEqual([]);
  });

  it('--prune cancels the missing rows, each with a note; --as names someone else; a wrong --as changes nothing', async () => {
    const before = await db.prisma.statusUpdate.count();
    const wrong = await importFile(db, { partnershipName: 'Flat', files: [await write('tracker-v3.csv', v2)], now, as: 'nobody@example.org', prune: true });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.message).toContain('--as nobody@example.org: nobody with that email is registered in this partnership, so nothing was imported.');
    expect(await db.prisma.statusUpdate.count()).toBe(before);

    const r = await importFile(db, { partnershipName: 'Flat', files: [await write('tracker-v3.csv', v2)], now: new Date('2026-11-25T09:00:00Z'), as: 'jo.bloggs@example.org', prune: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(formatImportReport(r.value)).toContain('Cancelled (--prune) 1 open action not in the file, each with a note in its history:\n  TRS-01');
    const t1 = await action('TRS-01');
    expect(t1.status).toBe('cancelled');
    const [last] = await recentHistory(db, t1.id, 1);
    expect(historyLine(last!, 'Europe/London')).toBe('25 Nov 2026, 09:00 · Jo Bloggs via import of tracker-v3.csv: On track → Cancelled — Cancelled: not in tracker-v3.csv (import with --prune)');
  });

  it('with two admins the importer must be named', async () => {
    await db.prisma.personRole.create({ data: { personId: (await db.prisma.person.findFirstOrThrow({ where: { email: 'sam.lee@example.org' } })).id, role: 'admin' } });
    const r = await importFile(db, { partnershipName: 'Flat', files: [await write('tracker-v4.csv', v2)], now, as: 'auto' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message + (r.error.hint ?? '')).toMatch(/2 admins, so say who is importing.*Add --as EMAIL, one of: Adele Vance <adele@example.org>, Sam Lee <sam.lee@example.org>/s);
  });
});

describe('status words', () => {
  it("the partnership's own words are read first and not marked as assumed", async () => {
    const p = await db.prisma.partnership.findUniqueOrThrow({ where: { id: pid } });
    const s = updateSettings(readSettings(p.settings), 'importStatuses', 'in progress=at risk; wip=on track');
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(s.value.importStatuses).toEqual({ 'in progress': 'at_risk', wip: 'on_track' });
    await db.prisma.partnership.update({ where: { id: pid }, data: { settings: settingsOverrides(s.value) as object } });
    const f = await write('words.csv', `Section,Action,Status\nEnforcement,Cuckooing pathway,In progress\nEnforcement,Drug testing on arrest,WIP\n`);
    const r = await importFile(db, { partnershipName: 'Flat', files: [f], now, dryRun: true, as: 'adele@example.org' });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    expect(r.value.assumed).toEqual([]);
    const text = formatImportReport(r.value);
    expect(text).toContain('E-02: status "Ongoing" → "On track"');
    expect(text).not.toContain('Assumed');
    expect(updateSettings(s.value, 'importStatuses', 'in progress=sort of').ok).toBe(false);
  });
});

describe('a lead officer from outside the lead agency', () => {
  it('sees the action in mine/due lists and may update it; a refusal elsewhere names them', async () => {
    await db.prisma.person.create({ data: { partnershipId: pid, name: 'Kim Adviser', email: 'kim@example.org' } });
    const f = await write('kim.csv', 'Section,Action,Owner\nEnforcement,Drug testing on arrest,Kim Adviser\n');
    const r = await importFile(db, { partnershipName: 'Flat', files: [f], now, as: 'adele@example.org' });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    const kim = (await loadPersonContext(db.prisma, pid, (await db.prisma.person.findFirstOrThrow({ where: { email: 'kim@example.org' } })).id))!;
    expect(kim.agencies).toEqual([]);
    const mine = await listOpenActions(db, pid, { agencyIds: [], personId: kim.id });
    expect(mine.map((a) => a.ref)).toEqual(['E-02']);
    expect(canUpdateAction(kim, mine[0]!)).toBe(true);
    expect(whoCanUpdateAction(mine[0]!, ['Adele Vance'])).toMatch(/^E-02 can be updated by its lead officer \(Kim Adviser\), people of Metropolitan Police Service \(lead\)/);
  });
});

describe('an Owner column that names agencies', () => {
  it('is read as the lead agency when the file has no lead agency column', async () => {
    const f = await write('owners.csv', 'Workstream,Action,Owner\nSupply,Closure orders on cannabis cafes,MPS\nSupply,Prison leavers engagement,Probation\n');
    const r = await importFile(db, { partnershipName: 'Owners', files: [AGENCIES, f], now, dryRun: true });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    expect(formatImportReport(r.value)).toContain('read as: lead agency from "Owner"');
    expect(formatImportReport(r.value)).toContain('"Workstream" as the top level (pillar)');
  });
});
