import { describe, expect, it } from 'vitest';
import { batchNudges, planNudges, MAX_ITEMS_PER_MESSAGE, type PersonBatch } from '../../src/nudges/index.js';
import type { Block } from '../../src/message/model.js';
import { action, at, contract, partnership, stateOf } from './fixture.js';

const items = (b: PersonBatch) => b.message.blocks.filter((x): x is Extract<Block, { type: 'item' }> => x.type === 'item');
const buttons = (b: PersonBatch) => b.message.blocks.filter((x): x is Extract<Block, { type: 'buttons' }> => x.type === 'buttons');
const recent = new Date('2026-11-20T10:00:00Z');

function run(ps: ReturnType<typeof partnership>, now: Date) {
  const state = stateOf(ps);
  return batchNudges(planNudges(state, now), state, now);
}

describe('one message per person per day', () => {
  const now = at('2026-11-23');
  const ps = partnership({
    actions: [
      action({ ref: 'TRS-07', dueDate: '2026-12-07', lastUpdateAt: recent }), // due in 14 days → alex, sam
      action({ ref: 'TRS-02', dueDate: '2026-11-20', lastUpdateAt: new Date('2026-10-26T12:00:00Z') }), // overdue + quiet
      action({ ref: 'TRS-11', dueDate: '2026-11-26', lastUpdateAt: recent }), // due in 3 days
      action({ ref: 'BSC-01', leadAgencyId: 'mps', dueDate: '2026-11-09', lastUpdateAt: recent }), // 14 d overdue: escalation to the chair
      action({ ref: 'BSC-04', leadAgencyId: 'mps', dueDate: '2026-12-07', lastUpdateAt: recent }), // MPS has nobody: to the chair
    ],
    contracts: [
      contract({ ref: 'C-01', expiryDate: '2027-08-23' }), // 9 months: check-in + no-route escalation
    ],
  });
  const batches = run(ps, now);
  const byPerson = Object.fromEntries(batches.map((b) => [b.personId, b]));

  it('batches every nudge of a person into one message with one dedupe key', () => {
    expect(batches.map((b) => b.personId).sort()).toEqual(['adele', 'alex', 'megan', 'sam']);
    const alex = byPerson.alex!;
    expect(alex.dedupeKey).toBe('batch:alex:2026-11-23');
    expect(alex.localDate).toBe('2026-11-23');
    expect(alex.notBefore.toISOString()).toBe('2026-11-23T09:30:00.000Z');
    expect(alex.actionRefs.sort()).toEqual(['TRS-02', 'TRS-07', 'TRS-11']);
    expect(alex.nudgeKeys).toHaveLength(4); // due 14d, due 3d, overdue, quiet
    expect(alex.message.blocks[0]).toEqual({ type: 'heading', text: 'Your CDP actions — Monday 23 November' });
  });

  it('has a line per action with why, and its buttons', () => {
    const alex = byPerson.alex!;
    const its = items(alex);
    expect(its.map((i) => i.ref)).toEqual(['TRS-02', 'TRS-11', 'TRS-07']);
    expect(its[0]!.lines![0]).toBe('Overdue by 3 days (due 20 Nov 2026) · no update for 28 days');
    expect(its[1]!.lines![0]).toBe('Due in 3 days');
    expect(its[1]!.lines![1]).toBe('Due 26 Nov 2026 · Lead: LBTH Substance Misuse · Treatment & Recovery');
    expect(its[0]!.buttons!.map((b) => b.label)).toEqual(['On track', 'At risk', 'Off track', 'Done', 'Add note…']);
    // Every button knows the list it is in (refs in display order, the kind of list, the day),
    // so a press re-renders the whole message rather than replacing it with one item.
    const where = { list: ['TRS-02', 'TRS-11', 'TRS-07'], view: 'nudge', day: '2026-11-23' };
    expect(its[0]!.buttons![3]!.action).toEqual({ kind: 'set_status', ref: 'TRS-02', status: 'complete', ...where });
  });

  it('ends with "Mark all on track" and how to reply in the thread', () => {
    const alex = byPerson.alex!;
    expect(buttons(alex)[0]!.buttons).toEqual([
      {
        label: 'Mark all on track',
        action: { kind: 'all_on_track', refs: ['TRS-02', 'TRS-11', 'TRS-07'], list: ['TRS-02', 'TRS-11', 'TRS-07'], view: 'nudge', day: '2026-11-23' },
        style: 'primary',
      },
    ]);
    expect(alex.message.blocks.at(-1)).toEqual({ type: 'context', text: 'Reply with e.g. `TRS-02 on track — pathway launched` (in Slack, in this message\'s thread), or use the buttons.' });
  });

  it("batches a chair's escalation with a reminder passed to them because the lead agency has nobody", () => {
    const megan = byPerson.megan!;
    const its = items(megan);
    expect(its.map((i) => i.ref)).toEqual(['BSC-01', 'BSC-04']);
    expect(its[0]!.lines![0]).toBe('Escalation: overdue by 14 days (due 9 Nov 2026)');
    expect(its[1]!.lines).toContain('Sent to you as chair of Treatment & Recovery: Metropolitan Police Service (the lead agency) has nobody registered with the bot.');
    expect(megan.dedupeKey).toBe('batch:megan:2026-11-23');
  });

  it('does not repeat "overdue by N days" when an escalation says it already', () => {
    const a = action({ ref: 'TRS-30', dueDate: '2026-11-09', lastUpdateAt: new Date('2026-11-16T12:00:00Z') }); // series restarted by the update: 23 Nov
    const ps2 = partnership({ actions: [a] });
    ps2.agencies.lbth!.personIds.push('megan');
    const megan = run(ps2, now).find((b) => b.personId === 'megan')!;
    expect(megan.kinds.sort()).toEqual(['escalation', 'overdue']);
    expect(items(megan)[0]!.lines![0]).toBe('Escalation: overdue by 14 days (due 9 Nov 2026)');
  });

  it('has no "mark all" button for a single action', () => {
    const one = run(partnership({ actions: [action({ ref: 'TRS-09', dueDate: '2026-12-07', lastUpdateAt: recent })] }), now);
    expect(one.map((b) => b.personId)).toEqual(['alex', 'sam']);
    expect(buttons(one[0]!)).toEqual([]);
    expect(items(one[0]!)).toHaveLength(1);
  });

  it("gives the commissioner one contract line with stage buttons and the admin's escalation", () => {
    const adele = byPerson.adele!;
    expect(adele.contractRefs).toEqual(['C-01']);
    expect(adele.kinds.sort()).toEqual(['contract_checkin', 'contract_escalation']);
    expect(adele.message.blocks[0]).toEqual({ type: 'heading', text: 'Your CDP contracts — Monday 23 November' });
    const [it1] = items(adele);
    expect(it1!.stage).toBe('not_started');
    expect(it1!.lines![0]).toMatch(/^Escalation: route still undecided; expires 23 Aug 2027 \(in 9 months\) · check-in: /);
    // A one-item reminder's buttons still know their message: a press re-renders it with its heading and hint.
    expect(it1!.buttons!.map((b) => b.action)).toContainEqual({ kind: 'contract_stage', ref: 'C-01', stage: 'options_appraisal', list: ['C-01'], view: 'nudge', day: '2026-11-23' });
  });

  it('plans the same batches on a second run (stable keys for the outbox)', () => {
    expect(run(ps, now).map((b) => [b.dedupeKey, b.nudgeKeys])).toEqual(batches.map((b) => [b.dedupeKey, b.nudgeKeys]));
  });
});

describe('long batches', () => {
  it(`shows ${MAX_ITEMS_PER_MESSAGE} actions and names the rest`, () => {
    const actions = Array.from({ length: 22 }, (_, i) => action({ ref: `GSD-${String(i + 1).padStart(2, '0')}`, title: 'x'.repeat(400), dueDate: '2026-12-07', lastUpdateAt: recent }));
    const [alex] = run(partnership({ actions }), at('2026-11-23')).filter((b) => b.personId === 'alex');
    expect(items(alex!)).toHaveLength(MAX_ITEMS_PER_MESSAGE);
    expect(items(alex!)[0]!.title.length).toBeLessThanOrEqual(150);
    expect(items(alex!)[0]!.title.endsWith('…')).toBe(true);
    expect(alex!.message.blocks.some((b) => b.type === 'context' && b.text.startsWith('And 7 more: GSD-16, GSD-17'))).toBe(true);
    expect(alex!.actionRefs).toHaveLength(22);
    expect(alex!.message.blocks.length).toBeLessThan(25);
  });
});
