// The one reply grammar for contracts (src/commands/parse/contract-stage.ts), through parse():
// typed as a command or as a bare reply to a check-in. Ambiguous replies are questions.
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/commands/parse.js';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('contract reply grammar', () => {
  it.each([
    ['contract C-05 route decided — direct award C', { stage: 'route_decided', route: 'direct_award_c' }],
    ['C-05 route decided — direct award C', { stage: 'route_decided', route: 'direct_award_c' }],
    ['C-04 route decided most suitable provider', { stage: 'route_decided', route: 'most_suitable_provider' }],
    ['contract C-04 route decided: PA direct award', { stage: 'route_decided', route: 'pa_direct_award' }],
    ['contract C-02 open procedure', { route: 'pa_open' }],
    ['contract C-02 competitive flexible procedure', { route: 'pa_competitive_flexible' }],
    ['contract C-02 awarded to PHS group until 17/02/2030', { stage: 'awarded', award: { provider: 'PHS group', term: { end: d('2030-02-17') } } }],
    ['contract C-02 awarded to PHS group for 3 years from 18/02/2027', { stage: 'awarded', award: { provider: 'PHS group', term: { months: 36, start: d('2027-02-18') } } }],
    ['contract C-02 awarded to PHS group 3 year contract from 18/02/2027', { stage: 'awarded', award: { provider: 'PHS group', term: { months: 36, start: d('2027-02-18') } } }],
    ['contract C-02 awarded to Change Grow Live until 31 March 2030 at £1.2m a year', { stage: 'awarded', award: { provider: 'Change Grow Live', term: { end: d('2030-03-31') }, annualValue: '1200000.00' } }],
    ['contract C-02 awarded — signed off by cabinet', { stage: 'awarded', note: 'signed off by cabinet' }],
    ['contract C-04 extended until 16/08/2028', { stage: 'extended', extension: { end: d('2028-08-16') } }],
    ['contract C-04 extended by 1 year — cabinet agreed', { stage: 'extended', extension: { months: 12 }, note: 'cabinet agreed' }],
    ['C-02 notice published 12/01/2027', { stage: 'notice_published', noticeDate: d('2027-01-12') }],
    ['contract C-02 intention to award published on 12 Jan 2027', { stage: 'notice_published', noticeDate: d('2027-01-12') }],
    ['contract C-03 tender published 3 March 2027', { stage: 'market_notice', noticeDate: d('2027-03-03') }],
    ['contract C-01 options appraisal paper to board in May', { stage: 'options_appraisal', note: 'paper to board in May' }],
    ['contract C-02 decommission', { route: 'decommission' }],
    ['contract C-02 decommissioned', { stage: 'decommissioned' }],
    ['contract C-04 route decided — extension', { stage: 'route_decided', route: 'extension' }],
    ['contract C-04 extension until 16/08/2028', { stage: 'extended', extension: { end: d('2028-08-16') } }],
  ])('%s', (text, want) => {
    const r = parse(text);
    expect(r.ok && r.command).toEqual({ name: 'contract', ref: /C-0\d/.exec(text)![0], ...want });
  });

  it.each([
    ['contract C-05 direct award', /^Which direct award\?/],
    ['C-05 route decided — direct award', /^Which direct award\?/],
    ['contract C-04 extension', /^Until when is it extended\?/],
    ['contract C-04 extended', /^Until when is it extended\?/],
    ['contract C-02 awarded new contract signed', /^I could not read the new term in "new contract signed"/],
  ])('%s is answered with a question, never a silent note', (text, question) => {
    const r = parse(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toMatch(question);
      expect(r.error.message).toMatch(/Nothing was changed\.$/);
      expect(r.error.hint).toMatch(/^Say: contract C-0\d /);
    }
  });
});
