import { describe, expect, it } from 'vitest';
import { contractDeadline, nextStages, planNudges, type PlannedNudge } from '../../src/nudges/index.js';
import { action, at, contract, partnership, stateOf } from './fixture.js';

const plan = (contracts: ReturnType<typeof contract>[], now: Date) => planNudges(stateOf(partnership({ contracts })), now);
const summary = (ns: PlannedNudge[]) => ns.map((n) => `${n.key.replace(/:c\d+:/, ':')} → ${n.personIds.join(',')}`);

describe('contract check-ins', () => {
  it('asks the commissioner 18, 12, 9 and 6 months before expiry; at 3 and 1 months the lapse alarm replaces the check-in', () => {
    const c = contract({ expiryDate: '2027-11-23', route: 'competitive', stage: 'options_appraisal' });
    // 23 May 2026 is a Saturday → Mon 25th is the bank holiday → Tue 26th.
    expect(plan([c], at('2026-05-25'))).toEqual([]);
    expect(summary(plan([c], at('2026-05-26')))).toEqual(['contract:2027-11-23:18m → adele']);
    expect(summary(plan([c], at('2026-11-23')))).toEqual(['contract:2027-11-23:12m → adele']);
    expect(summary(plan([c], at('2027-02-23')))).toEqual(['contract:2027-11-23:9m → adele']);
    expect(summary(plan([c], at('2027-05-24'))).map((s) => s.split(' ')[0])).toEqual(['contract:2027-11-23:6m', 'contract-esc:2027-11-23:no-award']);
    expect(summary(plan([c], at('2027-08-23')))).toEqual(['contract-lapse:2027-11-23:2027-08-23 → adele']);
    expect(summary(plan([c], at('2027-10-27')))).toEqual(['contract-lapse:2027-11-23:2027-10-25 → adele']); // once a week: the key names its Monday
  });

  it('a check-in missed in the last month is asked, unless the commissioner updated the contract since', () => {
    const c = contract({ expiryDate: '2027-11-23', route: 'competitive', stage: 'options_appraisal' });
    expect(summary(plan([c], at('2026-12-10')))).toEqual(['contract:2027-11-23:12m → adele']);
    const updated = { ...c, lastUpdateAt: new Date('2026-11-25T10:00:00Z') };
    expect(plan([updated], at('2026-12-10'))).toEqual([]);
    expect(plan([c], at('2026-12-28'))).toEqual([]); // more than a month late: left for the next threshold
  });

  it('counts from the extension-notice date when it comes first', () => {
    const c = contract({ expiryDate: '2028-03-31', extensionNoticeDate: '2027-08-23' });
    expect(contractDeadline(c)).toEqual({ date: '2027-08-23', kind: 'extension_notice' });
    const ns = plan([c], at('2026-11-23'));
    expect(summary(ns)).toEqual(['contract:2027-08-23:9m → adele', 'contract-esc:2027-08-23:no-route → adele']);
    expect(ns[0]!.reason).toBe('check-in: extension notice due 23 Aug 2027 (in 9 months); expires 31 Mar 2028 — Undecided, stage now Not started');
    expect(ns[1]!.reason).toBe('escalation: route still undecided; extension notice due 23 Aug 2027 (in 9 months); expires 31 Mar 2028');
  });

  it('ignores an extension-notice date after the expiry', () => {
    expect(contractDeadline({ expiryDate: '2027-03-31', extensionNoticeDate: '2027-06-30' })).toEqual({ date: '2027-03-31', kind: 'expiry' });
  });

  it('escalates "no award" at 6 months only while not yet awarded (by route: direct award A/B are awarded before their notice)', () => {
    const open = contract({ expiryDate: '2027-05-23', route: 'competitive', stage: 'market_notice' });
    const decided = contract({ expiryDate: '2027-05-23', route: 'direct_award_a', stage: 'notice_published' });
    const extending = contract({ expiryDate: '2027-05-23', route: 'extension', stage: 'route_decided' });
    expect(summary(plan([open], at('2026-11-23')))).toEqual(['contract:2027-05-23:6m → adele', 'contract-esc:2027-05-23:no-award → adele']);
    expect(summary(plan([decided], at('2026-11-23')))).toEqual(['contract:2027-05-23:6m → adele']);
    expect(summary(plan([extending], at('2026-11-23')))).toEqual(['contract:2027-05-23:6m → adele', 'contract-esc:2027-05-23:no-award → adele']);
  });

  it('stops once awarded or extended for this end; after the new term is recorded, follows the new term', () => {
    const awarded = contract({ ref: 'C-01', expiryDate: '2026-12-24', route: 'direct_award_c', stage: 'awarded', lastUpdateAt: new Date('2026-11-17T10:00:00Z') });
    const done = contract({ expiryDate: '2027-05-23', stage: 'extended', lastUpdateAt: new Date('2026-10-01T10:00:00Z') });
    const oldRound = contract({ expiryDate: '2027-05-23', stage: 'extended', route: 'extension', lastUpdateAt: new Date('2024-01-10T10:00:00Z') });
    // Extended on 1 Oct 2026 to 23 May 2027 with the new term recorded: a fresh round, asked at 6 months.
    const renewed = contract({ expiryDate: '2027-05-23', stage: 'extended', route: 'extension', termRenewed: true, lastUpdateAt: new Date('2026-10-01T10:00:00Z') });
    expect(plan([awarded], at('2026-11-24'))).toEqual([]);
    expect(plan([done], at('2026-11-23'))).toEqual([]);
    expect(summary(plan([oldRound], at('2026-11-23')))).toEqual(['contract:2027-05-23:6m → adele', 'contract-esc:2027-05-23:no-award → adele']);
    expect(summary(plan([renewed], at('2026-11-23')))).toEqual(['contract:2027-05-23:6m → adele', 'contract-esc:2027-05-23:no-award → adele']);
  });

  it('the lapse alarm goes to the commissioner, the admins and the SRO, weekly until resolved', () => {
    const c = contract({ expiryDate: '2026-12-07', commissionerId: 'megan', route: 'undecided', stage: 'not_started' });
    const ps = partnership({ contracts: [c] });
    ps.sroIds = ['sam'];
    const first = planNudges(stateOf(ps), at('2026-11-23'));
    expect(first.map((n) => [n.kind, n.personIds])).toEqual([['contract_lapse', ['megan', 'adele', 'sam']]]);
    expect(first[0]!.reason).toBe('lapse alarm: 14 days left (expires 7 Dec 2026) and no award or extension — Undecided, stage now Not started');
    expect(first[0]!.subject).toMatchObject({ advice: expect.stringMatching(/^Next: appraise the options and decide the route .*: this is 12 months late$/) });
    // Two weeks before the end, stage Not started: the alarm, never a routine check-in.
    expect(planNudges(stateOf(ps), at('2026-11-24')).map((n) => n.kind)).toEqual(['contract_lapse']);
    const resolvedC = { ...c, route: 'direct_award_c' as const, stage: 'awarded' as const, lastUpdateAt: new Date('2026-11-20T10:00:00Z') };
    expect(planNudges(stateOf(partnership({ contracts: [resolvedC] })), at('2026-11-23'))).toEqual([]);
  });

  it('an action that tracks a contract is nudged once, through the contract', () => {
    const a = action({ ref: 'TRS-47', dueDate: '2026-11-20', status: 'on_track', leadAgencyId: 'council' });
    const c = contract({ ref: 'C-02', expiryDate: '2027-11-23', actionId: a.id, actionRef: 'TRS-47' });
    const ns = planNudges(stateOf(partnership({ actions: [a], contracts: [c] })), at('2026-11-23'));
    expect(ns.map((n) => n.subject.ref)).toEqual(['C-02']);
    expect(ns[0]!.subject).toMatchObject({ actionRef: 'TRS-47' });
    // Not tracked: the same action is reminded on its own.
    expect(planNudges(stateOf(partnership({ actions: [a] })), at('2026-11-23')).map((n) => n.subject.ref)).toEqual(['TRS-47']);
  });

  it('asks the named commissioner first, else the agency commissioners, else the admins', () => {
    const named = contract({ commissionerId: 'megan' });
    const none = contract({ commissionerAgencyId: null });
    expect(plan([named], at('2026-11-23'))[0]!.personIds).toEqual(['megan']);
    const ps = partnership({ contracts: [none] });
    ps.commissionerIds = [];
    const [n] = planNudges(stateOf(ps), at('2026-11-23'));
    expect(n!.personIds).toEqual(['adele']);
    expect(n!.recipientNote).toBe('Sent to you as an admin: this contract has no commissioner recorded.');
  });

  it('skips past deadlines and offers the next stages of the route', () => {
    expect(plan([contract({ expiryDate: '2026-11-20' })], at('2026-11-23'))).toEqual([]);
    expect(nextStages('undecided', 'not_started')).toEqual(['options_appraisal', 'route_decided']);
    expect(nextStages('direct_award_c', 'route_decided')).toEqual(['notice_published', 'standstill']);
    expect(nextStages('competitive', 'awarded')).toEqual(['mobilising', 'live']);
    expect(nextStages('competitive', 'live')).toEqual([]);
  });
});
