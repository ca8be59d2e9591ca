import { describe, expect, it } from 'vitest';
import { planNudges, type PlannedNudge } from '../../src/nudges/index.js';
import { action, at, partnership, stateOf } from './fixture.js';

const plan = (actions: ReturnType<typeof action>[], now: Date, opts = {}) => planNudges(stateOf(partnership({ actions })), now, opts);
const keys = (ns: PlannedNudge[]) => ns.map((n) => n.key);
/** An update a few days before `day`, so the quiet policy stays silent. */
const fresh = (day: string) => new Date(`${day}T08:00:00Z`);

describe('due soon', () => {
  // Table: due date, day of the sweep, expected key suffix (or null), reason.
  const table: [string, string, string, string | null, string?][] = [
    ['14 days before, a Monday', '2026-12-07', '2026-11-23', '14d', 'due in 14 days'],
    ['not the day after', '2026-12-07', '2026-11-24', null],
    ['3 days before', '2026-12-07', '2026-12-04', '3d', 'due in 3 days'],
    ['trigger on a Saturday goes out on Monday', '2026-12-08', '2026-12-07', '3d', 'due tomorrow'],
    ['… and not on the Friday before', '2026-12-08', '2026-12-04', null],
    ['trigger on the 28 Dec substitute holiday → 29 Dec', '2026-12-31', '2026-12-29', '3d', 'due in 2 days'],
    ['trigger on Christmas Day → 29 Dec', '2027-01-08', '2026-12-29', '14d', 'due in 10 days'],
    ['trigger on Good Friday → the Tuesday after Easter', '2026-04-17', '2026-04-07', '14d', 'due in 10 days'],
    ['across a month end (due 2 Feb, trigger 30 Jan)', '2026-02-02', '2026-01-30', '3d', 'due in 3 days'],
    ['across a year end (due 4 Jan 2027, trigger 21 Dec)', '2027-01-04', '2026-12-21', '14d', 'due in 14 days'],
  ];
  it.each(table)('%s', (_label, due, day, suffix, reason) => {
    const a = action({ dueDate: due, lastUpdateAt: fresh('2026-01-01'), createdAt: fresh('2026-01-01') });
    const dueSoon = plan([a], at(day)).filter((n) => n.kind === 'due_soon');
    if (suffix === null) {
      expect(dueSoon).toEqual([]);
    } else {
      expect(keys(dueSoon)).toEqual([`due:${a.id}:${due}:${suffix}`]);
      expect(dueSoon[0]!.reason).toBe(reason);
      expect(dueSoon[0]!.personIds).toEqual(['alex', 'sam']);
    }
  });

  it('sends nothing for ongoing, complete or cancelled actions', () => {
    const as = (['ongoing', 'complete', 'cancelled'] as const).map((status) => action({ status, dueDate: '2026-12-07', lastUpdateAt: fresh('2026-11-20') }));
    expect(plan(as, at('2026-11-23'))).toEqual([]);
  });
});

describe('overdue', () => {
  it('first working day after the due date, then weekly', () => {
    const a = action({ dueDate: '2026-11-20', lastUpdateAt: fresh('2026-11-10') }); // due Friday
    const days = ['2026-11-20', '2026-11-23', '2026-11-24', '2026-11-27', '2026-11-30', '2026-12-07'];
    const hits = days.map((d) => keys(plan([a], at(d)).filter((n) => n.kind === 'overdue')));
    expect(hits).toEqual([
      [], [`overdue:${a.id}:2026-11-20:2026-11-23`], [], [], [`overdue:${a.id}:2026-11-20:2026-11-30`], [`overdue:${a.id}:2026-11-20:2026-12-07`],
    ]);
    expect(plan([a], at('2026-11-30')).find((n) => n.kind === 'overdue')!.reason).toBe('overdue by 10 days (due 20 Nov 2026)');
  });

  it('an update pauses the reminders for a week, then they resume while still overdue', () => {
    const a = action({ dueDate: '2026-11-20', lastUpdateAt: new Date('2026-11-25T14:00:00Z') });
    const overdue = (d: string) => keys(plan([a], at(d)).filter((n) => n.kind === 'overdue'));
    expect(overdue('2026-11-30')).toEqual([]);
    expect(overdue('2026-12-02')).toEqual([`overdue:${a.id}:2026-11-20:2026-12-02`]);
    expect(overdue('2026-12-09')).toEqual([`overdue:${a.id}:2026-11-20:2026-12-09`]);
  });

  it('a due date at a month end on a Saturday is first chased on Monday', () => {
    const a = action({ dueDate: '2026-01-31', lastUpdateAt: fresh('2026-01-20') });
    expect(keys(plan([a], at('2026-02-02')).filter((n) => n.kind === 'overdue'))).toEqual([`overdue:${a.id}:2026-01-31:2026-02-02`]);
  });

  it('a weekly reminder falling on a bank holiday goes out the next working day', () => {
    // Due Fri 18 Dec 2026: first Mon 21 Dec, then Mon 28 Dec (substitute holiday) → Tue 29 Dec.
    const a = action({ dueDate: '2026-12-18', lastUpdateAt: fresh('2026-12-01') });
    expect(keys(plan([a], at('2026-12-28')))).toEqual([]);
    expect(keys(plan([a], at('2026-12-29')).filter((n) => n.kind === 'overdue'))).toEqual([`overdue:${a.id}:2026-12-18:2026-12-28`]);
  });
});

describe('escalation to the subgroup chair', () => {
  const reached = (episode: string, day: string) => [{ rung: 'chair' as const, episode, day, createdAt: new Date(`${day}T09:30:00Z`), personIds: ['megan'], chasedAt: null, raisedAt: null, actedAt: null }];

  it('overdue by 14 days, until the chair rung is reached (then once per due date)', () => {
    const a = action({ dueDate: '2026-11-06', lastUpdateAt: fresh('2026-11-02') });
    const esc = (d: string, x = a) => plan([x], at(d)).filter((n) => n.kind === 'escalation');
    expect(esc('2026-11-19')).toEqual([]);
    const [e] = esc('2026-11-20');
    expect(e!.key).toBe(`esc:${a.id}:overdue:2026-11-06`);
    expect(e!.personIds).toEqual(['megan']);
    expect(e!.reason).toBe('escalation: overdue by 14 days (due 6 Nov 2026)');
    expect(e!.escalation).toMatchObject({ rung: 'chair', episode: 'overdue:2026-11-06', cause: 'overdue', days: 14 });
    // Not sent on the 20th (e.g. the chair's message for the day had gone): it goes the next run.
    expect(esc('2026-11-23').map((n) => n.key)).toEqual([`esc:${a.id}:overdue:2026-11-06`]);
    expect(esc('2026-11-23', { ...a, ladder: reached('overdue:2026-11-06', '2026-11-20') })).toEqual([]);
  });

  it('off track or blocked for 14 days, once per episode', () => {
    const a = action({ status: 'off_track', statusSince: new Date('2026-11-09T10:00:00Z'), lastUpdateAt: new Date('2026-11-09T10:00:00Z') });
    expect(keys(plan([a], at('2026-11-23')))).toEqual([`esc:${a.id}:off_track:2026-11-09`]);
    expect(plan([{ ...a, ladder: reached('off_track:2026-11-09', '2026-11-23') }], at('2026-11-24'))).toEqual([]);
    const b = action({ status: 'blocked', statusSince: new Date('2026-12-11T10:00:00Z'), lastUpdateAt: new Date('2026-12-11T10:00:00Z') });
    // 14 days later is Christmas Day: out on 29 December.
    expect(plan([b], at('2026-12-24'))).toEqual([]);
    expect(keys(plan([b], at('2026-12-29')))).toEqual([`esc:${b.id}:blocked:2026-12-11`]);
  });

  it('goes to the admins, saying why, when the subgroup has no chair', () => {
    const a = action({ subgroupId: 'sup', dueDate: '2026-11-06', lastUpdateAt: fresh('2026-11-02') });
    const [e] = plan([a], at('2026-11-20')).filter((n) => n.kind === 'escalation');
    expect(e!.personIds).toEqual(['adele']);
    expect(e!.recipientNote).toBe('Sent to you as an admin: Supply has no chair registered with the bot.');
  });
});

describe('quiet', () => {
  it('asks after 28 days without an update, and again 28 days later', () => {
    const a = action({ lastUpdateAt: new Date('2026-10-26T12:00:00Z') });
    expect(plan([a], at('2026-11-20'))).toEqual([]);
    const [q] = plan([a], at('2026-11-23'));
    expect(q!.key).toBe(`quiet:${a.id}:2026-10-26:1`);
    expect(q!.reason).toBe('no update for 28 days');
    expect(keys(plan([a], at('2026-12-21')))).toEqual([`quiet:${a.id}:2026-10-26:2`]);
  });

  it('counts from creation when never updated, and includes ongoing actions', () => {
    const a = action({ status: 'ongoing', dueDate: '2026-11-01', createdAt: new Date('2026-10-26T12:00:00Z') });
    const ns = plan([a], at('2026-11-23'));
    expect(keys(ns)).toEqual([`quiet:${a.id}:2026-10-26:1`]);
    expect(ns[0]!.reason).toBe('no update since it was added 28 days ago');
  });
});

describe('snoozes, days and times', () => {
  const a = action({ dueDate: '2026-12-07', lastUpdateAt: fresh('2026-11-20') });

  it('skips a snoozed action and resumes after the snooze', () => {
    expect(plan([{ ...a, snoozedUntil: new Date('2026-11-30T00:00:00Z') }], at('2026-11-23'))).toEqual([]);
    expect(plan([{ ...a, snoozedUntil: new Date('2026-11-23T00:00:00Z') }], at('2026-11-23'))).toHaveLength(1);
  });

  it('sends nothing at weekends, on bank holidays or before the send time', () => {
    const b = action({ dueDate: '2026-12-05', lastUpdateAt: fresh('2026-11-15') }); // trigger Sat 21 Nov
    expect(plan([b], at('2026-11-21'))).toEqual([]);
    expect(plan([b], at('2026-11-23', '09:29'))).toEqual([]);
    expect(plan([b], at('2026-11-23', '09:30'))).toHaveLength(1);
    const c = action({ dueDate: '2027-01-08', lastUpdateAt: fresh('2026-12-20') });
    expect(plan([c], at('2026-12-25'))).toEqual([]);
    expect(plan([c], at('2026-12-28'))).toEqual([]);
  });

  it('follows the March clock change: 09:30 is 08:30 UTC on Monday 30 March 2026', () => {
    const b = action({ dueDate: '2026-04-13', lastUpdateAt: fresh('2026-03-25') });
    expect(plan([b], new Date('2026-03-30T08:29:00Z'))).toEqual([]);
    expect(keys(plan([b], new Date('2026-03-30T08:31:00Z')))).toEqual([`due:${b.id}:2026-04-13:14d`]);
  });

  it('follows the October clock change: 09:30 is 09:30 UTC on Monday 26 October 2026', () => {
    const b = action({ dueDate: '2026-11-09', lastUpdateAt: fresh('2026-10-20') });
    expect(plan([b], new Date('2026-10-26T09:29:00Z'))).toEqual([]);
    expect(keys(plan([b], new Date('2026-10-26T09:31:00Z')))).toEqual([`due:${b.id}:2026-11-09:14d`]);
  });

  it('honours a later send time from the settings', () => {
    const ps = partnership({ actions: [a], settings: { sendTime: '14:00' } });
    expect(planNudges(stateOf(ps), at('2026-11-23', '13:59'))).toEqual([]);
    expect(planNudges(stateOf(ps), at('2026-11-23', '14:00'))).toHaveLength(1);
  });

  it('catches up working days missed while the bot was down, when told the last run', () => {
    expect(plan([a], at('2026-11-24'))).toEqual([]);
    expect(keys(plan([a], at('2026-11-24'), { catchUpFrom: { p1: '2026-11-20' } }))).toEqual([`due:${a.id}:2026-12-07:14d`]);
  });
});

describe('recipients', () => {
  it('falls back to the subgroup chair, saying so, when the lead agency has nobody', () => {
    const a = action({ leadAgencyId: 'mps', dueDate: '2026-12-07', lastUpdateAt: fresh('2026-11-20') });
    const [n] = plan([a], at('2026-11-23'));
    expect(n!.personIds).toEqual(['megan']);
    expect(n!.recipientNote).toBe('Sent to you as chair of Treatment & Recovery: Metropolitan Police Service (the lead agency) has nobody registered with the bot.');
  });
});
