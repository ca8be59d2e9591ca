// Table tests for the command language (SPEC §3): every command, every status synonym,
// durations, dates, refs, quoting, and the errors people get for bad input.
import { describe, expect, it } from 'vitest';
import { parse, parseStatusAndNote } from '../src/commands/parse.js';
import { STATUS_PHRASES, parseStatus } from '../src/register/status.js';
import type { Command, ParseError } from '../src/commands/types.js';

const now = new Date('2026-11-22T12:00:00Z');
const ok = (text: string): Command => {
  const r = parse(text, { now });
  if (!r.ok) throw new Error(`expected "${text}" to parse, got ${r.error.code}: ${r.error.message}`);
  return r.command;
};
const bad = (text: string): ParseError => {
  const r = parse(text, { now });
  if (r.ok) throw new Error(`expected "${text}" to fail, got ${JSON.stringify(r.command)}`);
  expect(r.error.message.length).toBeGreaterThan(0);
  expect(r.error.hint.length).toBeGreaterThan(0);
  return r.error;
};

describe('command words', () => {
  it.each<[string, Command]>([
    ['help', { name: 'help' }],
    ['help update', { name: 'help', topic: 'update' }],
    ['?', { name: 'help' }],
    ['mine', { name: 'mine' }],
    ['MINE', { name: 'mine' }],
    ['/cdp mine', { name: 'mine' }],
    ['cdp mine', { name: 'mine' }],
    ['CDP Mine', { name: 'mine' }],
    ['  /CDP   mine  ', { name: 'mine' }],
    ['show TRS-07', { name: 'show', ref: 'TRS-07' }],
    ['show trs-07', { name: 'show', ref: 'TRS-07' }],
    ['show TRS07', { name: 'show', ref: 'TRS-07' }],
    ['show trs 07', { name: 'show', ref: 'TRS-07' }],
    ['show C-01', { name: 'show', ref: 'C-01' }],
    ['show c1', { name: 'show', ref: 'C-1' }],
    ['view bsc-12', { name: 'show', ref: 'BSC-12' }],
    ['due', { name: 'due', window: { amount: 14, unit: 'd' } }],
    ['due 14d', { name: 'due', window: { amount: 14, unit: 'd' } }],
    ['due 4w', { name: 'due', window: { amount: 4, unit: 'w' } }],
    ['due 2 weeks', { name: 'due', window: { amount: 2, unit: 'w' } }],
    ['due in 30 days', { name: 'due', window: { amount: 30, unit: 'd' } }],
    ['due 3m', { name: 'due', window: { amount: 3, unit: 'm' } }],
    ['due 12 months', { name: 'due', window: { amount: 12, unit: 'm' } }],
    ['due 365d', { name: 'due', window: { amount: 365, unit: 'd' } }],
    ['due 30', { name: 'due', window: { amount: 30, unit: 'd' } }],
    ['due a fortnight', { name: 'due', window: { amount: 2, unit: 'w' } }],
    ['overdue', { name: 'overdue' }],
    ['digest', { name: 'digest', post: false }],
    ['digest post', { name: 'digest', post: true }],
    ['digest supply', { name: 'digest', subgroup: 'supply', post: false }],
    ['digest Treatment and Recovery POST', { name: 'digest', subgroup: 'Treatment and Recovery', post: true }],
    ['contracts', { name: 'contracts', window: { amount: 12, unit: 'm' } }],
    ['contracts 6m', { name: 'contracts', window: { amount: 6, unit: 'm' } }],
    ['contracts 3 months', { name: 'contracts', window: { amount: 3, unit: 'm' } }],
    ['contracts 36m', { name: 'contracts', window: { amount: 36, unit: 'm' } }],
    ['contracts 2y', { name: 'contracts', window: { amount: 24, unit: 'm' } }],
    ['contracts 90d', { name: 'contracts', window: { amount: 90, unit: 'd' } }],
    ['contract', { name: 'contracts', window: { amount: 12, unit: 'm' } }],
    ['contract C-01 awarded', { name: 'contract', ref: 'C-01', stage: 'awarded' }],
    ['contracts C-01 live', { name: 'contract', ref: 'C-01', stage: 'live' }],
    ['contract c-01 options appraisal paper to board in May', { name: 'contract', ref: 'C-01', stage: 'options_appraisal', note: 'paper to board in May' }],
    ['contract C-01 route competitive', { name: 'contract', ref: 'C-01', route: 'competitive' }],
    ['contract C-01 direct award c', { name: 'contract', ref: 'C-01', route: 'direct_award_c' }],
    ['contract C-01 route decided', { name: 'contract', ref: 'C-01', stage: 'route_decided' }],
    ['contract C-01 route competitive stage awarded', { name: 'contract', ref: 'C-01', stage: 'awarded', route: 'competitive' }],
    ['contract C-01 awarded to Orion', { name: 'contract', ref: 'C-01', stage: 'awarded', award: { provider: 'Orion' } }],
    ['contract C-01 notice-published "on Find a Tender"', { name: 'contract', ref: 'C-01', stage: 'notice_published', note: 'on Find a Tender' }],
    ['redate TRS-07 31/03/2026 funding confirmed late', { name: 'redate', ref: 'TRS-07', date: new Date('2026-03-31T00:00:00Z'), reason: 'funding confirmed late' }],
    ['redate trs-07 31 March 2027 waiting on MOPAC', { name: 'redate', ref: 'TRS-07', date: new Date('2027-03-31T00:00:00Z'), reason: 'waiting on MOPAC' }],
    ['redate TRS-07 2027-01-15 - new lead agreed', { name: 'redate', ref: 'TRS-07', date: new Date('2027-01-15T00:00:00Z'), reason: 'new lead agreed' }],
    ['redate TRS-07 30 Jun 27 "board asked"', { name: 'redate', ref: 'TRS-07', date: new Date('2027-06-30T00:00:00Z'), reason: 'board asked' }],
    ['snooze TRS-07', { name: 'snooze', ref: 'TRS-07', days: 7 }],
    ['snooze TRS-07 7d', { name: 'snooze', ref: 'TRS-07', days: 7 }],
    ['snooze TRS-07 2w', { name: 'snooze', ref: 'TRS-07', days: 14 }],
    ['snooze trs-07 10 days', { name: 'snooze', ref: 'TRS-07', days: 10 }],
    ['snooze TRS-07 30d', { name: 'snooze', ref: 'TRS-07', days: 30 }],
    ['find naloxone', { name: 'find', words: 'naloxone' }],
    ['search cuckooing   pathway', { name: 'find', words: 'cuckooing pathway' }],
    ['find "needle exchange"', { name: 'find', words: 'needle exchange' }],
    ['whoami', { name: 'whoami' }],
    ['who am i', { name: 'whoami' }],
    ['Who am I?', { name: 'whoami' }],
    ['bind treatment and recovery', { name: 'bind', subgroup: 'treatment and recovery' }],
  ])('%s', (text, expected) => {
    expect(ok(text)).toEqual(expected);
  });
});

describe('update: status first, then the note', () => {
  it.each<[string, Command]>([
    ['update TRS-07 on track pathway launched', { name: 'update', ref: 'TRS-07', status: 'on_track', note: 'pathway launched' }],
    ['update TRS-07 at-risk waiting on funding', { name: 'update', ref: 'TRS-07', status: 'at_risk', note: 'waiting on funding' }],
    ['update TRS-07 waiting on funding', { name: 'update', ref: 'TRS-07', note: 'waiting on funding' }],
    ['update TRS-07 green', { name: 'update', ref: 'TRS-07', status: 'on_track' }],
    ['update trs07 AMBER', { name: 'update', ref: 'TRS-07', status: 'at_risk' }],
    ['update TRS-07 red: supplier pulled out', { name: 'update', ref: 'TRS-07', status: 'off_track', note: 'supplier pulled out' }],
    ['update TRS-07 done — launched 3 Nov', { name: 'update', ref: 'TRS-07', status: 'complete', note: 'launched 3 Nov' }],
    ['update TRS-07 on_track', { name: 'update', ref: 'TRS-07', status: 'on_track' }],
    ['update TRS-07 ON TRACK', { name: 'update', ref: 'TRS-07', status: 'on_track' }],
    ['update TRS-07 business as usual now', { name: 'update', ref: 'TRS-07', status: 'ongoing', note: 'now' }],
    ['update TRS-07 a', { name: 'update', ref: 'TRS-07', status: 'at_risk' }],
    ['update TRS-07 a new pathway', { name: 'update', ref: 'TRS-07', note: 'a new pathway' }],
    ['update TRS-07 greenwich pilot started', { name: 'update', ref: 'TRS-07', note: 'greenwich pilot started' }],
    // weak words: a status only when set apart
    ['update TRS-07 late delivery of kit', { name: 'update', ref: 'TRS-07', note: 'late delivery of kit' }],
    ['update TRS-07 late - kit arrives in May', { name: 'update', ref: 'TRS-07', status: 'off_track', note: 'kit arrives in May' }],
    ['update TRS-07 late', { name: 'update', ref: 'TRS-07', status: 'off_track' }],
    ['update TRS-07 ok with partners so far', { name: 'update', ref: 'TRS-07', note: 'ok with partners so far' }],
    ['update TRS-07 ok: with partners so far', { name: 'update', ref: 'TRS-07', status: 'on_track', note: 'with partners so far' }],
    // quotes
    ['update TRS-07 "on track is the aim"', { name: 'update', ref: 'TRS-07', note: 'on track is the aim' }],
    ["update TRS-07 green 'launched at last'", { name: 'update', ref: 'TRS-07', status: 'on_track', note: 'launched at last' }],
    ['update TRS-07 amber “waiting on funding”', { name: 'update', ref: 'TRS-07', status: 'at_risk', note: 'waiting on funding' }],
    // note text kept as typed, control characters removed
    ['update TRS-07 green line one\r\nline two\u0007', { name: 'update', ref: 'TRS-07', status: 'on_track', note: 'line one\nline two' }],
    ['status TRS-07 blocked', { name: 'update', ref: 'TRS-07', status: 'blocked' }],
  ])('%s', (text, expected) => {
    expect(ok(text)).toEqual(expected);
  });

  it('accepts every status synonym on its own', () => {
    for (const phrase of STATUS_PHRASES) {
      expect(ok(`update TRS-07 ${phrase}`), phrase).toEqual({ name: 'update', ref: 'TRS-07', status: parseStatus(phrase) });
    }
    for (const [letter, status] of [['g', 'on_track'], ['a', 'at_risk'], ['r', 'off_track'], ['R', 'off_track']] as const) {
      expect(ok(`update TRS-07 ${letter}`)).toEqual({ name: 'update', ref: 'TRS-07', status });
    }
  });

  it('accepts every status synonym followed by a dash and a note', () => {
    for (const phrase of STATUS_PHRASES) {
      expect(ok(`update TRS-07 ${phrase} - met the board`), phrase).toEqual({
        name: 'update', ref: 'TRS-07', status: parseStatus(phrase), note: 'met the board',
      });
      expect(ok(`update TRS-07 ${phrase}: met the board`), phrase).toMatchObject({ status: parseStatus(phrase), note: 'met the board' });
    }
  });

  it('with only a space before the note, everyday words stay in the note', () => {
    const weak = ['late', 'ok', 'good', 'new', 'started', 'behind', 'delivered', 'finished', 'stuck', 'planned', 'in progress'];
    for (const w of weak) {
      expect(ok(`update TRS-07 ${w} with the partners`), w).toEqual({ name: 'update', ref: 'TRS-07', note: `${w} with the partners` });
    }
    const strong = ['green', 'amber', 'red', 'on track', 'at risk', 'off track', 'done', 'complete', 'blocked', 'delayed', 'cancelled', 'not started', 'on hold'];
    for (const w of strong) {
      expect(ok(`update TRS-07 ${w} with the partners`), w).toMatchObject({ status: parseStatus(w), note: 'with the partners' });
    }
  });

  it('parseStatusAndNote gives replies to reminders the same rule', () => {
    expect(parseStatusAndNote('green, all good')).toEqual({ status: 'on_track', note: 'all good' });
    expect(parseStatusAndNote('waiting on funding')).toEqual({ note: 'waiting on funding' });
    expect(parseStatusAndNote('')).toEqual({});
  });
});

describe('bad input says what was wrong and how to say it right', () => {
  it('empty', () => {
    expect(bad('').code).toBe('empty');
    expect(bad('   ').code).toBe('empty');
    expect(bad('/cdp').code).toBe('empty');
  });

  it('unknown command with a near miss suggests it and shows its usage', () => {
    const e = bad('udpate TRS-07 green');
    expect(e.code).toBe('unknown_command');
    expect(e.message).toContain('Did you mean "update"?');
    expect(e.hint).toContain('update <ref> [status] [note]');
    expect(e.hint).toContain('update TRS-07');
    expect(bad('overdeu').suggestion).toBe('overdue');
    expect(bad('snoze TRS-07').suggestion).toBe('snooze');
    expect(bad('contrcts').suggestion).toBe('contracts');
    expect(bad('whomai').suggestion).toBe('whoami');
    expect(bad('mien').suggestion).toBe('mine');
    expect(bad('overd').suggestion).toBe('overdue');
    expect(bad('foo').suggestion).toBeUndefined();
    expect(bad('xyz TRS-07').suggestion).toBeUndefined();
  });

  it('unknown command far from any gets the general help', () => {
    const e = bad('frobnicate the widgets');
    expect(e.code).toBe('unknown_command');
    expect(e.suggestion).toBeUndefined();
    expect(e.hint).toContain('help');
  });

  it('a ref where the command should be: a status after it is an update, a ref alone is show, anything else a suggestion', () => {
    // The natural reply to a reminder in Teams, which has no threads.
    expect(parse('TRS-07 green')).toEqual({ ok: true, command: { name: 'update', ref: 'TRS-07', status: 'on_track' } });
    expect(parse('trs-07 on track — pathway launched')).toEqual({
      ok: true,
      command: { name: 'update', ref: 'TRS-07', status: 'on_track', note: 'pathway launched' },
    });
    expect(parse('trs-07')).toEqual({ ok: true, command: { name: 'show', ref: 'TRS-07' } });
    const c = parse('C-01 route decided — direct award C');
    expect(c.ok && c.command).toMatchObject({ name: 'contract', ref: 'C-01', stage: 'route_decided' });
    expect(bad('TRS-07 waiting on funding').suggestion).toBe('update TRS-07 waiting on funding');
  });

  it.each<[string, ParseError['code'], string]>([
    ['show', 'bad_arguments', 'needs a ref'],
    ['show green', 'bad_ref', 'is not a ref'],
    ['show TRS-07 please', 'bad_arguments', 'takes one ref'],
    ['update', 'bad_arguments', 'needs a ref'],
    ['update TRS-07', 'bad_arguments', 'needs a status, a note, or both'],
    ['update funding TRS-07', 'bad_ref', '"funding" is not a ref'],
    ['mine please', 'bad_arguments', 'takes nothing after it'],
    ['due forever', 'bad_duration', 'is not a length of time'],
    ['due 0d', 'bad_duration', 'at least 1 day'],
    ['due 400d', 'bad_duration', 'at most 365 days'],
    ['due 13m', 'bad_duration', 'at most 365 days'],
    ['due 3 fortnights-ish', 'bad_duration', ''],
    ['contracts 37m', 'bad_duration', 'at most 36 months'],
    ['contracts 4y', 'bad_duration', 'at most 36 months'],
    ['snooze TRS-07 31d', 'bad_duration', 'at most 30 days'],
    ['snooze TRS-07 5w', 'bad_duration', 'at most 30 days'],
    ['snooze TRS-07 forever', 'bad_duration', 'not a length of time'],
    ['snooze', 'bad_arguments', 'needs a ref'],
    ['contract C-01', 'bad_stage', 'needs a stage or a route'],
    ['contract C-01 maybe later', 'bad_stage', 'does not start with a contract stage or route'],
    ['redate TRS-07', 'bad_date', 'needs the new due date and a reason'],
    ['redate TRS-07 31/03/2026', 'bad_arguments', 'needs a reason'],
    ['redate TRS-07 soon because', 'bad_date', 'is not a date'],
    ['redate TRS-07 31/02/2026 typo', 'bad_date', 'is not a date'],
    ['redate TRS-07 tbc not known', 'bad_date', 'needs the new due date'],
    ['find', 'bad_arguments', 'needs the words'],
    ['bind', 'bad_arguments', 'needs the name of the subgroup'],
  ])('%s → %s', (text, code, words) => {
    const e = bad(text);
    expect(e.code).toBe(code);
    expect(e.message).toContain(words);
  });

  it('errors quote the right form with an example', () => {
    const e = bad('snooze TRS-07 6 weeks');
    expect(e.command).toBe('snooze');
    expect(e.hint).toContain('snooze TRS-07 7d');
    expect(bad('redate TRS-07 whenever x').hint).toMatch(/31\/03\/2025/);
  });

  it('a note over 2,000 characters is refused with its length, not cut', () => {
    const e = bad(`update TRS-07 green ${'x'.repeat(2001)}`);
    expect(e.code).toBe('too_long');
    expect(e.message).toContain('2,001');
    expect(e.message).toContain('2,000');
    expect(ok(`update TRS-07 green ${'x'.repeat(2000)}`)).toMatchObject({ note: 'x'.repeat(2000) });
  });

  it('a message over 10,000 characters is refused', () => {
    expect(bad(`find ${'a'.repeat(20_000)}`).code).toBe('too_long');
  });

  it('personal data in a note or reason is refused before anything is stored', () => {
    expect(bad('update TRS-07 green client John Smith engaged').code).toBe('personal_data');
    expect(bad('update TRS-07 NHS no 943 476 5919').code).toBe('personal_data');
    expect(bad('redate TRS-07 31/03/2027 service user Mary DOB 12/03/1985 in hospital').code).toBe('personal_data');
    expect(bad('contract C-01 awarded — patient Smith complained').code).toBe('personal_data');
  });

  it('words that are properties of every JavaScript object are not commands, statuses or units', () => {
    for (const w of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(bad(w).code).toBe('unknown_command');
      expect(ok(`update TRS-07 ${w}`)).toEqual({ name: 'update', ref: 'TRS-07', note: w });
      expect(bad(`due 3 ${w}`).code).toBe('bad_duration');
      expect(bad(`contract C-01 ${w}`).code).toBe('bad_stage');
    }
  });

  it('echoes of user input are short and single-line', () => {
    const e = bad(`${'z'.repeat(500)} TRS-07`);
    expect(e.message.length).toBeLessThan(120);
    expect(bad('foo\u0007bar').message).not.toContain('\u0007');
  });
});
