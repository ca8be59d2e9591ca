// Routes and stages by regime (PSR 2023, Procurement Act 2023), standstill dates in working days,
// "Next" advice with lateness, the lapse alarm, extension options and the change planner.
import { describe, expect, it } from 'vitest';
import { lapseText, nextAdvice, adviceFor } from '../../src/contracts/advice.js';
import { planContractChange, type ContractNow } from '../../src/contracts/change.js';
import { ROUTES, nextStagesOn, resolved, stageLabelOn, standstillEnd } from '../../src/contracts/regimes.js';
import { awardTerm, checkExtension, extensionOptions } from '../../src/contracts/terms.js';
import { STAGE_LABEL } from '../../src/register/status.js';

const label = (r: Parameters<typeof stageLabelOn>[0], s: Parameters<typeof stageLabelOn>[1]) => stageLabelOn(r, s, STAGE_LABEL);

describe('each route has its own stage sequence', () => {
  it.each([
    ['direct_award_a', 'not_started options_appraisal route_decided awarded notice_published mobilising live', false],
    ['direct_award_b', 'not_started options_appraisal route_decided awarded notice_published mobilising live', false],
    ['direct_award_c', 'not_started options_appraisal route_decided notice_published standstill awarded mobilising live', 'from_day_after'],
    ['most_suitable_provider', 'not_started options_appraisal route_decided market_notice evaluation notice_published standstill awarded mobilising live', 'from_day_after'],
    ['competitive', 'not_started options_appraisal route_decided market_notice evaluation notice_published standstill awarded mobilising live', 'from_day_after'],
    ['pa_open', 'not_started options_appraisal route_decided market_notice evaluation notice_published standstill awarded mobilising live', 'from_day_of'],
    ['pa_competitive_flexible', 'not_started options_appraisal route_decided market_notice evaluation notice_published standstill awarded mobilising live', 'from_day_of'],
    ['pa_direct_award', 'not_started options_appraisal route_decided market_notice notice_published standstill awarded mobilising live', 'from_day_of'],
    ['extension', 'not_started options_appraisal route_decided notice_published extended', false],
    ['decommission', 'not_started options_appraisal route_decided notice_published decommissioned', false],
  ] as const)('%s', (route, stages, standstill) => {
    expect(ROUTES[route].stages.join(' ')).toBe(stages);
    expect(ROUTES[route].standstill).toBe(standstill);
  });

  it('names the notice by regime: intention to award (PSR), contract award notice (PA23), award notice after a direct award A/B', () => {
    expect(label('direct_award_c', 'notice_published')).toBe('Intention to award published');
    expect(label('pa_open', 'notice_published')).toBe('Contract award notice published');
    expect(label('direct_award_a', 'notice_published')).toBe('Award notice published (within 30 days of the award)');
    expect(label('pa_direct_award', 'market_notice')).toBe('Transparency notice published');
    expect(label('most_suitable_provider', 'market_notice')).toBe('Intention to follow the MSP process published');
  });

  it('offers the next stages of the route, and knows when a round no longer risks a lapse', () => {
    expect(nextStagesOn('direct_award_c', 'route_decided')).toEqual(['notice_published', 'standstill']);
    expect(nextStagesOn('direct_award_a', 'route_decided')).toEqual(['awarded', 'notice_published']);
    expect(nextStagesOn('pa_open', 'market_notice')).toEqual(['evaluation', 'notice_published']);
    expect(nextStagesOn('undecided', 'not_started')).toEqual(['options_appraisal', 'route_decided']);
    expect(resolved('direct_award_a', 'notice_published')).toBe(true); // the notice comes after the award
    expect(resolved('direct_award_c', 'notice_published')).toBe(false);
    expect(resolved('decommission', 'route_decided')).toBe(true);
  });
});

describe('standstill end in working days', () => {
  it.each([
    // PSR: 8 working days from the day AFTER the notice; PA23: beginning WITH the day of publication.
    ['direct_award_c', '2027-01-12', '2027-01-22', 'PSR, Tuesday notice'],
    ['pa_open', '2027-01-12', '2027-01-21', 'PA23, Tuesday notice'],
    ['competitive', '2027-01-15', '2027-01-27', 'PSR, Friday notice: the weekend is skipped'],
    ['pa_open', '2027-01-15', '2027-01-26', 'PA23, Friday notice counts as day 1'],
    ['pa_competitive_flexible', '2027-01-16', '2027-01-27', 'PA23, Saturday notice: counting begins Monday'],
    ['most_suitable_provider', '2026-12-23', '2027-01-07', 'PSR over Christmas: 25, 28 Dec and 1 Jan are bank holidays'],
    ['pa_direct_award', '2026-12-23', '2027-01-06', 'PA23 over Christmas'],
    ['direct_award_c', '2027-03-24', '2027-04-07', 'PSR over Easter: Good Friday and Easter Monday'],
  ] as const)('%s notice %s → %s (%s)', (route, notice, end, _why) => {
    expect(standstillEnd(route, notice)).toBe(end);
  });

  it('direct awards A and B, extension and decommission have none', () => {
    for (const r of ['direct_award_a', 'direct_award_b', 'extension', 'decommission'] as const) expect(standstillEnd(r, '2027-01-12')).toBeNull();
  });
});

describe('"Next" advice from route, stage and time left', () => {
  const base = { expiry: '2027-08-16', today: '2026-11-30' };
  it('says how late the route decision is', () => {
    expect(nextAdvice({ ...base, route: 'undecided', stage: 'not_started' })).toBe(
      'Next: appraise the options and decide the route — the route is usually decided 13–15 months before expiry: this is 4 months late',
    );
    expect(nextAdvice({ ...base, today: '2026-01-10', route: 'undecided', stage: 'options_appraisal' })).toBe(
      'Next: decide the route — the route is usually decided 13–15 months before expiry (by 16 Jul 2026)',
    );
  });

  it('follows the route: tender for a competition, intention to award for direct award C, no standstill for A', () => {
    expect(nextAdvice({ ...base, route: 'competitive', stage: 'route_decided' })).toBe('Next: publish the tender notice — the tender notice usually goes out about 9 months before expiry: this is 14 days late');
    expect(nextAdvice({ ...base, route: 'direct_award_c', stage: 'route_decided' })).toBe('Next: publish the intention to award — the intention to award is usually published about 2 months before expiry (by 16 Jun 2027)');
    expect(nextAdvice({ ...base, route: 'direct_award_a', stage: 'route_decided' })).toBe('Next: award the contract — a direct award is usually made at least a month before expiry (by 16 Jul 2027)');
    expect(nextAdvice({ ...base, route: 'direct_award_a', stage: 'awarded' })).toBe('Next: publish the award notice (within 30 days of the award)');
    expect(nextAdvice({ ...base, route: 'pa_open', stage: 'notice_published', standstillEnd: '2026-12-09' })).toBe('Next: award after the standstill ends on 9 Dec 2026 (if no representations are made)');
  });

  it('a route on record counts as decided (C-03: most suitable provider at options appraisal)', () => {
    const a = adviceFor({ ...base, route: 'most_suitable_provider', stage: 'options_appraisal', termRenewed: false, stageDay: '2026-11-17', termStart: null });
    expect(a.next).toMatch(/^Next: publish the intention to follow the MSP process/);
  });

  it('restarts on the new term after an award or extension', () => {
    const extended = adviceFor({ route: 'extension', stage: 'extended', expiry: '2028-08-16', today: '2026-11-30', termRenewed: true, stageDay: '2026-11-30', termStart: '2027-08-17' });
    expect(extended.next).toBe('Next: appraise the options and decide the route — the route is usually decided 13–15 months before expiry (by 16 Jul 2027)');
    const awarded = adviceFor({ route: 'competitive', stage: 'awarded', expiry: '2030-02-17', today: '2026-11-30', termRenewed: true, stageDay: '2026-11-30', termStart: '2027-02-18' });
    expect(awarded.next).toBe('Next: mobilise the new contract: the new term starts 18 Feb 2027');
  });

  it('raises the lapse alarm at 3 months or less with no award', () => {
    expect(lapseText({ route: 'competitive', stage: 'evaluation', expiry: '2027-02-17', today: '2026-11-30' })).toBe('Lapse alarm: 79 days left and no award or extension recorded');
    expect(lapseText({ route: 'competitive', stage: 'awarded', expiry: '2027-02-17', today: '2026-11-30' })).toBeUndefined();
    expect(lapseText({ route: 'competitive', stage: 'evaluation', expiry: '2027-03-01', today: '2026-11-30' })).toBeUndefined();
  });
});

describe('terms and extension options', () => {
  it('reads extension options', () => {
    expect(extensionOptions('1+1 years')).toEqual([12, 12]);
    expect(extensionOptions('2 years')).toEqual([24]);
    expect(extensionOptions('2 x 6 months')).toEqual([6, 6]);
    expect(extensionOptions('by agreement')).toEqual([null]);
    expect(extensionOptions(null)).toEqual([]);
  });

  it('an extension uses the fewest options that cover it, and is refused with the reason when none is left', () => {
    expect(checkExtension('1+1 years', 0, '2027-08-16', '2028-08-16')).toEqual({ ok: true, uses: 1, left: 1 });
    expect(checkExtension('1+1 years', 0, '2027-08-16', '2029-08-16')).toEqual({ ok: true, uses: 2, left: 0 });
    expect(checkExtension('1+1 years', 2, '2027-08-16', '2028-08-16')).toEqual({ ok: false, reason: 'its extension options (1+1 years) are all used' });
    expect(checkExtension('1 year', 0, '2027-08-16', '2029-08-16')).toEqual({ ok: false, reason: 'the options left (12 months) reach 16 Aug 2028, not 16 Aug 2029' });
    expect(checkExtension(null, 0, '2027-08-16', '2028-08-16').ok).toBe(false);
  });

  it('an award term: until a date, or for a length from a start (default the day after the current end)', () => {
    expect(awardTerm({ end: '2030-02-17' }, '2027-02-17')).toEqual({ start: '2027-02-18', end: '2030-02-17' });
    expect(awardTerm({ months: 36, start: '2027-02-18' }, '2027-02-17')).toEqual({ start: '2027-02-18', end: '2030-02-17' });
    expect(awardTerm({ months: 12 }, '2027-02-17')).toEqual({ start: '2027-02-18', end: '2028-02-17' });
  });
});

describe('planning a reply against the contract', () => {
  const c: ContractNow = { ref: 'C-02', route: 'undecided', stage: 'not_started', provider: 'PHS group', expiry: '2027-02-17', extensionOptions: '1+1 years', extensionOptionsUsed: 0, standstillEnd: null };
  const plan = (over: Partial<ContractNow>, asked: Parameters<typeof planContractChange>[1]) => planContractChange({ ...c, ...over }, asked, '2026-11-30', label);

  it('a route alone records the route decided', () => {
    expect(plan({}, { route: 'pa_open' })).toEqual({ kind: 'record', change: { stage: 'route_decided', route: 'pa_open' } });
  });

  it('asks which route instead of guessing', () => {
    expect(plan({}, { stage: 'route_decided' }).kind).toBe('question');
    expect(plan({}, { stage: 'notice_published' }).kind).toBe('question');
  });

  it('refuses a stage that is not on the route, saying why', () => {
    const p = plan({ route: 'direct_award_a', stage: 'route_decided' }, { stage: 'standstill' });
    expect(p).toMatchObject({ kind: 'refuse', text: 'C-02 is on the route PSR direct award A, which has no stage "Standstill" (PSR direct award A has no standstill). Nothing was changed.' });
  });

  it('works out the standstill end from the notice date', () => {
    const p = plan({ route: 'direct_award_c', stage: 'route_decided' }, { stage: 'notice_published', noticeDate: '2026-11-27' });
    expect(p).toMatchObject({ kind: 'record', change: { notice: { date: '2026-11-27', standstillEnd: '2026-12-09' } } });
  });

  it('an award with a term starts a new period; without one it asks for the term', () => {
    expect(plan({ route: 'competitive', stage: 'standstill' }, { stage: 'awarded', award: { provider: 'PHS group', term: { months: 36, start: '2027-02-18' } } })).toMatchObject({
      kind: 'record', change: { term: { kind: 'award', provider: 'PHS group', start: '2027-02-18', end: '2030-02-17' } },
    });
    const bare = plan({ route: 'competitive', stage: 'standstill' }, { stage: 'awarded' });
    expect(bare.kind === 'record' && bare.change.ask).toMatch(/^When does the new contract run\?/);
  });

  it('an extension moves the end and uses an option; refused when none is left', () => {
    expect(plan({}, { stage: 'extended', extension: { end: '2028-02-17' } })).toMatchObject({
      kind: 'record', change: { route: 'extension', term: { kind: 'extension', start: '2027-02-18', end: '2028-02-17', optionsUsed: 1 } },
    });
    expect(plan({ extensionOptionsUsed: 2 }, { stage: 'extended', extension: { end: '2028-02-17' } })).toMatchObject({
      kind: 'refuse', text: "C-02 can't be extended to 17 Feb 2028: its extension options (1+1 years) are all used. Nothing was changed.",
    });
  });
});
