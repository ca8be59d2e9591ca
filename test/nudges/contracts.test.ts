import { describe, expect, it } from 'vitest';
import { contractDeadline, nextStages, planNudges, type PlannedNudge } from '../../src/nudges/index.js';
import { at, contract, partnership, stateOf } from './fixture.js';

const plan = (contracts: ReturnType<typeof contract>[], now: Date) => planNudges(stateOf(partnership({ contracts })), now);
const summary = (ns: PlannedNudge[]) => ns.map((n) => `${n.key.replace(/:c\d+:/, ':')} → ${n.personIds.join(',')}`);

describe('contract check-ins', () => {
  it('asks the commissioner 18, 12, 9, 6, 3 and 1 months before expiry', () => {
    const c = contract({ expiryDate: '2027-11-23', route: 'competitive', stage: 'options_appraisal' });
    const days = ['2026-05-25', '2026-11-23', '2027-02-23', '2027-05-24', '2027-08-23', '2027-10-25'];
    // 23 May 2026 is a Saturday → Mon 25th is the bank holiday → Tue 26th.
    expect(plan([c], at('2026-05-25'))).toEqual([]);
    expect(summary(plan([c], at('2026-05-26')))).toEqual(['contract:2027-11-23:18m → adele']);
    expect(summary(plan([c], at(days[1]!)))).toEqual(['contract:2027-11-23:12m → adele']);
    expect(summary(plan([c], at(days[2]!)))).toEqual(['contract:2027-11-23:9m → adele']);
    expect(summary(plan([c], at(days[3]!))).map((s) => s.split(' ')[0])).toEqual(['contract:2027-11-23:6m', 'contract-esc:2027-11-23:no-award']);
    expect(summary(plan([c], at(days[4]!)))).toEqual(['contract:2027-11-23:3m → adele']);
    expect(summary(plan([c], at('2027-10-25')))).toEqual(['contract:2027-11-23:1m → adele']);
    expect(plan([c], at('2026-11-24'))).toEqual([]);
  });

  it('counts from the extension-notice date when it comes first', () => {
    const c = contract({ expiryDate: '2028-03-31', extensionNoticeDate: '2027-08-23' });
    expect(contractDeadline(c)).toEqual({ date: '2027-08-23', kind: 'extension_notice' });
    const ns = plan([c], at('2026-11-23'));
    expect(summary(ns)).toEqual(['contract:2027-08-23:9m → adele', 'contract-esc:2027-08-23:no-route → adele']);
    expect(ns[0]!.reason).toBe('check-in: extension notice due 23 Aug 2027 (in 9 months); expires 31 Mar 2028 — stage now Not started');
    expect(ns[1]!.reason).toBe('escalation: route still undecided; extension notice due 23 Aug 2027 (in 9 months); expires 31 Mar 2028');
  });

  it('ignores an extension-notice date after the expiry', () => {
    expect(contractDeadline({ expiryDate: '2027-03-31', extensionNoticeDate: '2027-06-30' })).toEqual({ date: '2027-03-31', kind: 'expiry' });
  });

  it('escalates "no award" at 6 months only while not yet awarded', () => {
    const open = contract({ expiryDate: '2027-05-23', route: 'competitive', stage: 'notice_published' });
    const awarded = contract({ expiryDate: '2027-05-23', route: 'competitive', stage: 'awarded' });
    const extending = contract({ expiryDate: '2027-05-23', route: 'extension', stage: 'route_decided' });
    expect(summary(plan([open], at('2026-11-23')))).toEqual(['contract:2027-05-23:6m → adele', 'contract-esc:2027-05-23:no-award → adele']);
    expect(summary(plan([awarded], at('2026-11-23')))).toEqual(['contract:2027-05-23:6m → adele']);
    expect(summary(plan([extending], at('2026-11-23')))).toEqual(['contract:2027-05-23:6m → adele']);
  });

  it('stops once the round finished (live/extended/decommissioned recorded this cycle), resumes for the next round', () => {
    const done = contract({ expiryDate: '2027-05-23', stage: 'extended', lastUpdateAt: new Date('2026-10-01T10:00:00Z') });
    const oldRound = contract({ expiryDate: '2027-05-23', stage: 'extended', route: 'extension', lastUpdateAt: new Date('2024-01-10T10:00:00Z') });
    expect(plan([done], at('2026-11-23'))).toEqual([]);
    expect(summary(plan([oldRound], at('2026-11-23')))).toEqual(['contract:2027-05-23:6m → adele']);
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

  it('skips past deadlines and offers the next sensible stages', () => {
    expect(plan([contract({ expiryDate: '2026-11-20' })], at('2026-11-23'))).toEqual([]);
    expect(nextStages('not_started')).toEqual(['options_appraisal', 'route_decided', 'extended', 'decommissioned']);
    expect(nextStages('awarded')).toEqual(['mobilising', 'live']);
    expect(nextStages('live')).toEqual([]);
  });
});
