// Year end (issue 15, SPEC §10 "Register and year"): `cdp year rollover --to 2027-28` closes
// the plan year. A dry run writes nothing; the real run carries open actions forward with
// their history (or closes / redates them from a review file), keeps the old year readable,
// and the next morning brings no flood of "overdue by 1 day" reminders.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as yearVerb from '../src/cli/verbs/year.js';
import { loadNudgeState, planNudges } from '../src/nudges/index.js';
import { importFile } from '../src/register/import/index.js';
import { formatClosedYear, formatRollover } from '../src/register/year/format.js';
import { closedYear } from '../src/register/year/register.js';
import { rolloverYear } from '../src/register/year/rollover.js';
import { cliRunner } from './support/cli.js';
import { createTestDatabase, type TestDatabase } from './support/db.js';

let db: TestDatabase;
let tmp: string;
let pid: string;

const PLAN = `Ref,Section,Action,Lead officer,Due,Status
Y-01,Enforcement,Cuckooing pathway,jo@example.org,31/03/2027,on track
Y-02,Enforcement,Drug testing on arrest,jo@example.org,31/03/2027,at risk
Y-03,Enforcement,Out of court disposals,jo@example.org,31/03/2027,on track
Y-04,Treatment,Weekly checks,jo@example.org,31/12/2026,complete
Y-05,Treatment,Peer mentoring,jo@example.org,31/03/2027,not started
`;
const PEOPLE = `name,email,roles\nAdele Vance,adele@example.org,admin\nJo Bloggs,jo@example.org,\n`;
// Before the year end: Tuesday 30 March 2027, noon in London.
const closing = new Date('2027-03-30T11:00:00Z');
// The first morning of the new year, after the send time: Thursday 1 April 2027, 09:45 BST.
const firstMorning = new Date('2027-04-01T08:45:00Z');

async function write(name: string, text: string): Promise<string> {
  const f = path.join(tmp, name);
  await fs.writeFile(f, text);
  return f;
}

async function overdueNudges(at: Date) {
  const state = await loadNudgeState(db, { partnershipIds: [pid], now: at, nudgeableOnly: true });
  return planNudges(state, at).filter((n) => n.kind === 'overdue').map((n) => `${n.subject.ref}: ${n.reason}`).sort();
}

beforeAll(async () => {
  db = await createTestDatabase();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cdp-year-'));
  const r = await importFile(db, { partnershipName: 'Yearly', planYear: '2026-27', files: [await write('people.csv', PEOPLE), await write('plan.csv', PLAN)], now: new Date('2026-04-10T10:00:00Z') });
  if (!r.ok) throw new Error(r.error.message);
  pid = r.value.partnershipId;
});
afterAll(async () => {
  await db?.drop();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('cdp year rollover', () => {
  it('refuses a year that does not follow the current one, and a rollover more than a month early', async () => {
    const wrong = await rolloverYear(db, { to: '2028-29', now: closing });
    expect(!wrong.ok && wrong.error.message).toBe("Yearly's plan year is 2026-27: it rolls over to 2027-28, not 2028-29.");
    const bad = await rolloverYear(db, { to: 'next year', now: closing });
    expect(!bad.ok && bad.error.hint).toBe('Write it like 2027-28 (1 April 2027 to 31 March 2028).');
    const early = await rolloverYear(db, { to: '2027-28', now: new Date('2027-01-15T10:00:00Z') });
    expect(!early.ok && early.error.message).toBe('Too early: the 2026-27 plan year runs to 31 Mar 2027; the rollover to 2027-28 opens on 1 Mar 2027.');
    // A dry run is a rehearsal, allowed any time.
    const rehearsal = await rolloverYear(db, { to: '2027-28', dryRun: true, now: new Date('2027-01-15T10:00:00Z') });
    expect(rehearsal.ok && formatRollover(rehearsal.value, 'Europe/London')).toContain('(a rehearsal: the rollover itself opens on 1 Mar 2027; statuses and dates may change before then)');
  });

  it('without a rollover, the first morning of the new year would bring "overdue by 1 day" for every open action', async () => {
    expect(await overdueNudges(firstMorning)).toEqual([
      'Y-01: overdue by 1 day (due 31 Mar 2027)', 'Y-02: overdue by 1 day (due 31 Mar 2027)', 'Y-03: overdue by 1 day (due 31 Mar 2027)', 'Y-05: overdue by 1 day (due 31 Mar 2027)',
    ]);
  });

  it('a dry run says what would happen and writes nothing', async () => {
    const review = await write('review.csv', 'Ref,Decision,New due,Note\nY-02,carry forward,30/06/2027,Waiting on the custody contract\nY-03,done,,Delivered in March\nY-05,cancel,,Superseded by the new treatment plan\n');
    const before = await db.prisma.statusUpdate.count();
    const r = await rolloverYear(db, { to: '2027-28', dryRun: true, reviewFile: review, as: 'auto', now: closing });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (!r.ok) return;
    const text = formatRollover(r.value, 'Europe/London');
    expect(text).toBe([
      'Dry run: year end for "Yearly", 2026-27 → 2027-28. Nothing was written; this is what the rollover would do:',
      '  recorded as done by Adele Vance <adele@example.org>',
      '  5 actions: 1 already complete or cancelled, 3 decided by the review file, 1 open and carried forward',
      '  Complete or cancelled (1): stay in the 2026-27 record, not carried: Y-04',
      'Review file review.csv:',
      '  Y-03 closed as complete (was On track) — Delivered in March',
      '  Y-05 cancelled (was Not started) — Superseded by the new treatment plan',
      '  Y-02 carried forward, due 30 Jun 2027 (was 31 Mar 2027) — Waiting on the custody contract',
      'Carried forward with their history, under year-end review until 8 Apr 2027 — no reminders for them meanwhile (1): Y-01',
      '  1 of them is due on or before the year end (Y-01): give them a new date or close them in a review file, or their overdue reminders resume on 8 Apr 2027.',
      'To do it: run the same command without --dry-run. The 2026-27 register stays readable afterwards: cdp year show 2026-27',
    ].join('\n'));
    expect(await db.prisma.statusUpdate.count()).toBe(before);
    expect((await db.prisma.partnership.findUniqueOrThrow({ where: { id: pid } })).planYear).toBe('2026-27');
  });

  it('a bad review file is refused whole, every bad row listed', async () => {
    const review = await write('bad-review.csv', 'Ref,Decision,New due\nY-99,carry,\nY-01,maybe,\nY-03,complete,30/06/2027\n');
    const r = await rolloverYear(db, { to: '2027-28', reviewFile: review, now: closing });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toContain('line 2, column Ref: no action Y-99 in the register');
    expect(r.error.message).toContain('line 3, column Decision: "maybe" is not a decision; accepted: carry forward (or continue), complete (or done), cancel (or drop)');
    expect(r.error.message).toContain('line 4, column New due: a new due date only goes with "carry forward" (this row says complete)');
    expect((await db.prisma.partnership.findUniqueOrThrow({ where: { id: pid } })).planYear).toBe('2026-27');
  });

  it('the real run: decisions applied with history, the old year readable, and no overdue flood the next morning', async () => {
    const review = await write('review.csv', 'Ref,Decision,New due,Note\nY-02,carry forward,30/06/2027,Waiting on the custody contract\nY-03,done,,Delivered in March\nY-05,cancel,,Superseded by the new treatment plan\n');
    const r = await rolloverYear(db, { to: '2027-28', reviewFile: review, as: 'auto', now: closing });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    expect((await db.prisma.partnership.findUniqueOrThrow({ where: { id: pid } })).planYear).toBe('2027-28');
    const byRef = Object.fromEntries((await db.prisma.action.findMany({ where: { partnershipId: pid }, include: { updates: { include: { person: true } }, dueChanges: true } })).map((a) => [a.ref, a]));
    expect(byRef['Y-03']!.status).toBe('complete');
    expect(byRef['Y-05']!.status).toBe('cancelled');
    expect(byRef['Y-02']!.dueDate?.toISOString().slice(0, 10)).toBe('2027-06-30');
    expect(byRef['Y-02']!.dueChanges).toMatchObject([{ reason: 'year-end review (review.csv): Waiting on the custody contract' }]);
    expect(byRef['Y-01']!.updates.find((u) => u.change === 'year_end')).toMatchObject({
      person: { name: 'Adele Vance' }, note: 'Carried forward from 2026-27 to 2027-28; under year-end review until 8 Apr 2027 (no reminders meanwhile)',
    });
    // Earlier history is kept: the import row is still there.
    expect(byRef['Y-01']!.updates.some((u) => u.change === 'created')).toBe(true);

    expect(await overdueNudges(firstMorning)).toEqual([]);
    // After the review week, an action still overdue is chased again.
    expect(await overdueNudges(new Date('2027-04-08T08:45:00Z'))).toEqual(['Y-01: overdue by 8 days (due 31 Mar 2027)']);

    const years = await closedYear(db, undefined, '2026-27');
    expect(years.ok).toBe(true);
    if (!years.ok) return;
    const shown = formatClosedYear(years.value[0]!);
    expect(shown).toContain('Plan year 2026-27 (closed 30 Mar 2027 by Adele Vance, review file review.csv; followed by 2027-28): 5 actions as they stood at the close');
    expect(shown).toContain('Y-03 [On track] Out of court disposals · due 31 Mar 2027 · Jo Bloggs → completed at review');
    expect(shown).toContain('Y-04 [Complete] Weekly checks · due 31 Dec 2026 · Jo Bloggs → closed before year end');

    const again = await rolloverYear(db, { to: '2027-28', now: closing });
    expect(!again.ok && again.error.message).toBe('Yearly is already in the 2027-28 plan year: nothing to roll over.');
  });
});

describe('cdp year verbs', () => {
  const run = async (args: string[], now: Date) => {
    const r = await cliRunner(db, [yearVerb], () => now)(...args);
    return { code: r.code, out: (r.out + r.err).trim() };
  };

  it('rollover --dry-run through commander, and year show of the closed year', async () => {
    const dry = await run(['year', 'rollover', '--to', '2028-29', '--dry-run'], new Date('2028-03-20T10:00:00Z'));
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Dry run: year end for "Yearly", 2027-28 → 2028-29. Nothing was written');
    const wrong = await run(['year', 'rollover', '--to', '2029-30'], new Date('2028-03-20T10:00:00Z'));
    expect(wrong).toEqual({ code: 1, out: "Yearly's plan year is 2027-28: it rolls over to 2028-29, not 2029-30.\ncdp year rollover --to 2028-29" });
    const shown = await run(['year', 'show'], new Date('2028-03-20T10:00:00Z'));
    expect(shown.out).toMatch(/^Plan year 2026-27 \(closed 30 Mar 2027 by Adele Vance/);
    const none = await run(['year', 'show', '2025-26'], new Date('2028-03-20T10:00:00Z'));
    expect(none.out).toBe('Yearly has no closed plan year 2025-26.\nClosed years: 2026-27; the current year is 2027-28.');
  });
});
