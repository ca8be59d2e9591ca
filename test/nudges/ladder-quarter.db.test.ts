// The corrective-action ladder over a simulated quarter (SPEC §10), with the daily reminders job
// run at 09:30 on every working day from 23 Nov 2026 to 26 Feb 2027:
//   - TRS-16, 150 days overdue when first seen (imported backlog): the chair at the first run;
//     the chair chases the lead; still unresolved → the SRO and admins a week later.
//   - TRS-01, overdue: the chair at 14 days; the chair does nothing → the SRO 7 days later.
//   - TRS-15: the lead snoozes it for 30 days; the chair still gets the escalation at 14 days
//     overdue, saying it was snoozed, until when and why; the chair agrees a new date, which
//     ends the episode; overdue again later → the chair again (a new episode), then the SRO.
//   - TRS-07: the chair raises it to the SRO → the SRO the next working day.
// Every rung and decision is in the action's history; one message per person per day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHandlerFixture, ctxFor, textOf, type Fixture } from '../support/fixtures.js';
import type { TestDatabase } from '../support/db.js';
import type { CoreApi } from '../../src/core/api.js';
import { runReminders } from '../../src/jobs/index.js';
import { isWorkingDay } from '../../src/calendar/working-days.js';
import { exceptionList } from '../../src/register/escalations.js';
import type { Block, Message } from '../../src/message/model.js';

let db: TestDatabase;
let fx: Fixture;
let core: CoreApi;
let sro: string;
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const at = (iso: string) => new Date(`${iso}T09:30:00Z`); // GMT all quarter

type Row = { day: string; personId: string; message: Message; key: string };
const sent: Row[] = [];

beforeAll(async () => {
  ({ db, fx, core } = await openHandlerFixture());
  const p = db.prisma;
  sro = (await p.person.create({ data: { partnershipId: fx.partnership.id, name: 'Sam Rowe', email: 'sam.rowe@example.com', roles: { create: [{ role: 'sro' }] } } })).id;
  const objectiveId = (await p.action.findUniqueOrThrow({ where: { id: fx.actions['TRS-07']! } })).objectiveId;
  const add = async (ref: string, due: string) => {
    fx.actions[ref] = (await p.action.create({
      data: {
        partnershipId: fx.partnership.id, ref, title: `${ref} action`, objectiveId, leadAgencyId: fx.agencies.sms, subgroupId: fx.subgroups.treatment,
        dueDate: day(due), originalDueDate: day(due), status: 'on_track', statusSince: day('2026-06-01'), lastUpdateAt: day('2026-11-01'), createdAt: day('2026-06-01'),
      },
    })).id;
  };
  await add('TRS-16', '2026-06-26'); // 150 days overdue on 23 Nov
  await add('TRS-15', '2026-11-20');
});
afterAll(async () => db?.drop());

const press = async (who: 'alex' | 'megan', when: string, action: Parameters<CoreApi['commands']['button']>[1], note?: string) =>
  core.commands.button(await ctxFor(db, fx, who, { now: new Date(`${when}T11:00:00Z`), platform: 'teams' }), action, note ? { note } : undefined);
const type = async (who: 'alex' | 'megan', when: string, text: string) => core.commands.text(await ctxFor(db, fx, who, { now: new Date(`${when}T11:00:00Z`), platform: 'teams' }), text);

const items = (m: Message) => m.blocks.filter((b): b is Extract<Block, { type: 'item' }> => b.type === 'item');
const to = (personId: string, ref: string) => sent.filter((r) => r.personId === personId && items(r.message).some((i) => i.ref === ref));
const escalationsOf = (personId: string, ref: string) => to(personId, ref).filter((r) => items(r.message).find((i) => i.ref === ref)!.lines!.some((l) => /^Escalated to /.test(l)));

async function runDay(iso: string) {
  const r = await runReminders(db, { now: at(iso) });
  for (const key of r.enqueuedKeys) {
    const n = await db.prisma.notification.findUniqueOrThrow({ where: { dedupeKey: key } });
    sent.push({ day: iso, personId: n.personId!, message: (n.payload as unknown as { message: Message }).message, key });
  }
}

describe('the ladder over a quarter', () => {
  it('runs the quarter with the leads and the chair acting as described', async () => {
    for (let t = day('2026-11-23').getTime(); t <= day('2027-02-26').getTime(); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10);
      if (!isWorkingDay(iso)) continue;
      if (iso === '2026-11-23') {
        await runDay(iso);
        // After the morning's message, the lead snoozes TRS-15 for 30 days.
        expect(textOf(await type('alex', iso, 'snooze TRS-15 30d waiting for the new contract to start'))).toMatch(/snoozed reminders for TRS-15 until 23 Dec 2026/);
        continue;
      }
      await runDay(iso);
      if (iso === '2026-11-24') expect(textOf(await press('megan', iso, { kind: 'escalation', ref: 'TRS-16', step: 'chase' }))).toMatch(/chased LBTH Substance Misuse Service about TRS-16/);
      if (iso === '2026-12-07') {
        const out = await press('megan', iso, { kind: 'escalation', ref: 'TRS-15', step: 'new_date' }, '29/01/2027 supplier delay agreed with the lead');
        expect(textOf(out)).toMatch(/moved TRS-15's due date from 20 Nov 2026 to 29 Jan 2027/);
      }
      if (iso === '2026-12-15') expect(textOf(await press('megan', iso, { kind: 'escalation', ref: 'TRS-07', step: 'raise' }))).toMatch(/raised TRS-07 to the SRO/);
    }
  }, 120_000);

  it('escalates imported backlog to the chair at the first run, and to the SRO a week later though the chair chased', () => {
    expect(escalationsOf(fx.people.megan, 'TRS-16').map((r) => r.day)).toEqual(['2026-11-23']);
    const [sroRow] = escalationsOf(sro, 'TRS-16');
    expect(sroRow?.day).toBe('2026-11-30');
    const lines = items(sroRow!.message).find((i) => i.ref === 'TRS-16')!.lines!.join('\n');
    expect(lines).toMatch(/^Escalated to the SRO and admins: overdue by 157 days/);
    expect(lines).toMatch(/Chair: Megan Bowen, told on 23 Nov 2026 — still unresolved since/);
    // The lead's next message after the chase says the chair asked.
    const chase = to(fx.people.alex, 'TRS-16').find((r) => r.day === '2026-11-25');
    expect(items(chase!.message).find((i) => i.ref === 'TRS-16')!.lines![0]).toMatch(/the chair \(Megan Bowen\) asked on 24 Nov 2026 for an update/i);
  });

  it('escalates to the chair at 14 days overdue and to the SRO when the chair does not act for 7 days', () => {
    expect(escalationsOf(fx.people.megan, 'TRS-01').map((r) => r.day)).toEqual(['2026-11-24']);
    const esc = items(escalationsOf(fx.people.megan, 'TRS-01')[0]!.message).find((i) => i.ref === 'TRS-01')!;
    expect(esc.lines![0]).toBe('Escalated to you as chair of Treatment & Recovery: overdue by 14 days (due 10 Nov 2026).');
    // The bot started on 23 Nov, between two of TRS-01's weekly reminders: it says so, plainly.
    expect(esc.lines!.join('\n')).toMatch(/Chased: no reminder about it reached the lead in the last 4 months\./);
    expect(esc.buttons!.map((b) => b.label)).toEqual(['Chase the lead', 'Agree a new date…', 'Raise to the SRO', 'Add a note…']);
    const sroRows = escalationsOf(sro, 'TRS-01');
    expect(sroRows.map((r) => r.day)).toEqual(['2026-12-01']);
    expect(items(sroRows[0]!.message).find((i) => i.ref === 'TRS-01')!.lines!.join('\n')).toMatch(/no action by the chair since 24 Nov 2026/);
    // The admins hear it with the SRO.
    expect(escalationsOf(fx.people.adele, 'TRS-01').map((r) => r.day)).toEqual(['2026-12-01']);
    // An escalation never carries "Mark all on track".
    expect(textOf(escalationsOf(fx.people.megan, 'TRS-01')[0]!.message)).not.toMatch(/Mark all on track/);
  });

  it("never lets a lead's snooze drop an escalation, and says it was snoozed", () => {
    const lead = to(fx.people.alex, 'TRS-15').map((r) => r.day);
    expect(lead.filter((d) => d > '2026-11-23' && d < '2026-12-23')).toEqual([]);
    const [esc] = escalationsOf(fx.people.megan, 'TRS-15');
    expect(esc?.day).toBe('2026-12-04');
    expect(items(esc!.message).find((i) => i.ref === 'TRS-15')!.lines!.join('\n')).toMatch(/Chased: Alex Wilber \(23 Nov 2026\)\./);
    expect(items(esc!.message).find((i) => i.ref === 'TRS-15')!.lines!.join('\n')).toMatch(/The lead's reminders were snoozed by Alex Wilber until 23 Dec 2026 — “Reminders snoozed for 30 days, until 23 Dec 2026: waiting for the new contract to start”\. Escalations are never snoozed\./);
  });

  it('starts a new episode after a new date is agreed, and raises to the SRO when the chair asks', () => {
    // Due 29 Jan 2027 + 14 days = Friday 12 Feb: the chair again.
    expect(escalationsOf(fx.people.megan, 'TRS-15').map((r) => r.day)).toEqual(['2026-12-04', '2027-02-12']);
    // …and the chair does nothing this time: the SRO a week later.
    expect(escalationsOf(sro, 'TRS-15').map((r) => r.day)).toEqual(['2027-02-19']);
    expect(escalationsOf(fx.people.megan, 'TRS-07').map((r) => r.day)).toEqual(['2026-12-15']);
    const raised = escalationsOf(sro, 'TRS-07');
    expect(raised.map((r) => r.day)).toEqual(['2026-12-16']);
    expect(items(raised[0]!.message).find((i) => i.ref === 'TRS-07')!.lines!.join('\n')).toMatch(/Megan Bowen raised it to the SRO/);
  });

  it('keeps every rung and decision in the history, puts SRO rungs on the exception list, and one message per person per day', async () => {
    const history = async (ref: string) =>
      (await db.prisma.statusUpdate.findMany({ where: { actionId: fx.actions[ref]! }, orderBy: { createdAt: 'asc' } })).map((h) => h.note ?? '');
    const h16 = await history('TRS-16');
    expect(h16.filter((n) => /^Escalated to the chair of Treatment & Recovery \(Megan Bowen\)/.test(n))).toHaveLength(1);
    expect(h16).toContain('Escalation — Megan Bowen chased the lead (LBTH Substance Misuse Service).');
    expect(h16.filter((n) => /^Escalated to the SRO and admins \(/.test(n))).toHaveLength(1);
    expect((await history('TRS-15')).filter((n) => /^Escalation — Megan Bowen agreed a new date: supplier delay agreed with the lead/.test(n))).toHaveLength(1);
    expect((await history('TRS-07'))).toContain('Escalation — Megan Bowen raised it to the SRO.');
    const exceptions = (await exceptionList(db.prisma, fx.partnership.id)).map((e) => e.ref).sort();
    expect(exceptions).toEqual(['TRS-01', 'TRS-07', 'TRS-15', 'TRS-16']);
    const perDay = new Map<string, number>();
    for (const r of sent) perDay.set(`${r.personId}|${r.day}`, (perDay.get(`${r.personId}|${r.day}`) ?? 0) + 1);
    expect(Math.max(...perDay.values())).toBe(1);
  });
});
