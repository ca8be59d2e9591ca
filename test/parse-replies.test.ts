// SPEC §10 "Reading people right": how the bot reads realistic updates and replies, leads' own
// wording included. Each row: what was typed → the command it records, or the question/refusal
// it gets (nothing saved). Status words count only at the start; misspelt statuses get "did you
// mean"; off track / blocked / cancelled need a reason; a typo'd command gets a one-line hint.
import { describe, expect, it } from 'vitest';
import { parse } from '../src/commands/parse.js';
import { readStatusText } from '../src/commands/parse/status-check.js';
import type { Command } from '../src/commands/types.js';

const now = new Date('2026-11-30T10:00:00Z');
type Expect = Command | { error: string; says?: RegExp };

const ROWS: [string, Expect][] = [
  // The issue's own examples.
  ['update TRS-06 done the first workshop, second one planned for January', { name: 'update', ref: 'TRS-06', note: 'done the first workshop, second one planned for January' }],
  ['update TRS-07 ambr', { error: 'bad_status', says: /did you mean "amber"/i }],
  ['TRS-07 gren pathway launched', { error: 'bad_status', says: /did you mean "green"/i }],
  ['update TRS-07 compelte', { error: 'bad_status', says: /did you mean "complete"/i }],
  ['update TRS-07 red', { error: 'needs_reason', says: /off track needs a reason/i }],
  ['update TRS-07 blocked', { error: 'needs_reason', says: /blocked needs a reason/i }],
  ['update TRS-07 cancelled', { error: 'needs_reason', says: /cancelled needs a reason/i }],
  // Closing words: only when they stand alone or are set apart.
  ['update TRS-06 done', { name: 'update', ref: 'TRS-06', status: 'complete' }],
  ['update TRS-06 done.', { name: 'update', ref: 'TRS-06', status: 'complete' }],
  ['update TRS-06 done - both workshops delivered', { name: 'update', ref: 'TRS-06', status: 'complete', note: 'both workshops delivered' }],
  ['update TRS-06 complete: signed off at the November board', { name: 'update', ref: 'TRS-06', status: 'complete', note: 'signed off at the November board' }],
  ['update TRS-06 completed the mapping exercise, report to follow', { name: 'update', ref: 'TRS-06', note: 'completed the mapping exercise, report to follow' }],
  ['update TRS-06 finished', { name: 'update', ref: 'TRS-06', status: 'complete' }],
  ['update TRS-06 finished phase one, phase two starts in Feb', { name: 'update', ref: 'TRS-06', note: 'finished phase one, phase two starts in Feb' }],
  ['update BSC-11 cancelled - merged into BSC-12, agreed at the board', { name: 'update', ref: 'BSC-11', status: 'cancelled', note: 'merged into BSC-12, agreed at the board' }],
  ['update BSC-11 cancelled the October session because of the strike', { name: 'update', ref: 'BSC-11', note: 'cancelled the October session because of the strike' }],
  // Statuses that lead, with the note after.
  ['update TRS-07 on track - all hubs now running checks', { name: 'update', ref: 'TRS-07', status: 'on_track', note: 'all hubs now running checks' }],
  ['update TRS-07 on track all hubs now running checks', { name: 'update', ref: 'TRS-07', status: 'on_track', note: 'all hubs now running checks' }],
  ['update trs-07 green, pathway launched with the hospital', { name: 'update', ref: 'TRS-07', status: 'on_track', note: 'pathway launched with the hospital' }],
  ['update TRS-07 amber', { name: 'update', ref: 'TRS-07', status: 'at_risk' }],
  ['update TRS-07 at risk - recruitment slipped to March', { name: 'update', ref: 'TRS-07', status: 'at_risk', note: 'recruitment slipped to March' }],
  ['update TRS-07 delayed: waiting on the data sharing agreement', { name: 'update', ref: 'TRS-07', status: 'at_risk', note: 'waiting on the data sharing agreement' }],
  ['update TRS-07 red - provider pulled out; re-tendering, interim cover from outreach', { name: 'update', ref: 'TRS-07', status: 'off_track', note: 'provider pulled out; re-tendering, interim cover from outreach' }],
  ['update TRS-07 off track: no venue, looking at the library as an alternative', { name: 'update', ref: 'TRS-07', status: 'off_track', note: 'no venue, looking at the library as an alternative' }],
  ['update TRS-07 off-track — MOPAC funding not confirmed; asked the SRO to escalate', { name: 'update', ref: 'TRS-07', status: 'off_track', note: 'MOPAC funding not confirmed; asked the SRO to escalate' }],
  ['update BSC-03 blocked: waiting for police data sharing sign-off', { name: 'update', ref: 'BSC-03', status: 'blocked', note: 'waiting for police data sharing sign-off' }],
  ['update BSC-03 on hold - legal advice pending, chair informed', { name: 'update', ref: 'BSC-03', status: 'blocked', note: 'legal advice pending, chair informed' }],
  ['update GSD-02 ongoing', { name: 'update', ref: 'GSD-02', status: 'ongoing' }],
  ['update GSD-02 bau - quarterly returns continue', { name: 'update', ref: 'GSD-02', status: 'ongoing', note: 'quarterly returns continue' }],
  ['update GSD-02 not started - kick-off booked for 12 January', { name: 'update', ref: 'GSD-02', status: 'not_started', note: 'kick-off booked for 12 January' }],
  ['update TRS-07 late - supplier let us down', { name: 'update', ref: 'TRS-07', status: 'off_track', note: 'supplier let us down' }],
  ['update TRS-07 behind: two posts vacant, agency staff from January', { name: 'update', ref: 'TRS-07', status: 'off_track', note: 'two posts vacant, agency staff from January' }],
  // Everyday words at the start are notes.
  ['update TRS-07 late delivery of the naloxone kits', { name: 'update', ref: 'TRS-07', note: 'late delivery of the naloxone kits' }],
  ['update TRS-07 ok with partners so far', { name: 'update', ref: 'TRS-07', note: 'ok with partners so far' }],
  ['update TRS-07 good turnout at the first session', { name: 'update', ref: 'TRS-07', note: 'good turnout at the first session' }],
  ['update TRS-07 started the recruitment round', { name: 'update', ref: 'TRS-07', note: 'started the recruitment round' }],
  ['update TRS-07 waiting on funding', { name: 'update', ref: 'TRS-07', note: 'waiting on funding' }],
  ['update TRS-07 greenwich pilot shared with us', { name: 'update', ref: 'TRS-07', note: 'greenwich pilot shared with us' }],
  ['update TRS-07 greeted the new commissioner at the forum', { name: 'update', ref: 'TRS-07', note: 'greeted the new commissioner at the forum' }],
  ['update TRS-07 "red tape is holding up the data sharing"', { name: 'update', ref: 'TRS-07', note: 'red tape is holding up the data sharing' }],
  ['update TRS-07 redesign of the pathway agreed', { name: 'update', ref: 'TRS-07', note: 'redesign of the pathway agreed' }],
  ['update TRS-07 amberley house lease signed', { name: 'update', ref: 'TRS-07', note: 'amberley house lease signed' }],
  ['update TRS-07 compete for the grant in spring', { name: 'update', ref: 'TRS-07', note: 'compete for the grant in spring' }],
  ['update TRS-07 delays with the supplier again', { name: 'update', ref: 'TRS-07', note: 'delays with the supplier again' }],
  // Misspelt statuses: did you mean, nothing saved.
  ['update TRS-07 gren', { error: 'bad_status', says: /"green"/ }],
  ['update TRS-07 grean - pathway live', { error: 'bad_status', says: /"green"/ }],
  ['update TRS-07 amver', { error: 'bad_status', says: /"amber"/ }],
  ['update TRS-07 on trak', { error: 'bad_status', says: /"on track"/ }],
  ['update TRS-07 of track - no venue', { error: 'bad_status', says: /"off track"/ }],
  ['update TRS-07 at rsik', { error: 'bad_status', says: /"at risk"/ }],
  ['update TRS-07 blokced', { error: 'bad_status', says: /"blocked"/ }],
  ['update TRS-07 cancelld', { error: 'bad_status', says: /"cancelled"/ }],
  ['update TRS-07 complet', { error: 'bad_status', says: /"complete"/ }],
  ['update TRS-07 ongoign', { error: 'bad_status', says: /"ongoing"/ }],
  ['TRS-07 ambr', { error: 'bad_status', says: /"amber"/ }],
  // The ref-first shorthand (a reply where there are no threads).
  ['TRS-07 on track — pathway launched', { name: 'update', ref: 'TRS-07', status: 'on_track', note: 'pathway launched' }],
  ['trs-07 done', { name: 'update', ref: 'TRS-07', status: 'complete' }],
  ['TRS-07 red', { error: 'needs_reason' }],
  ['TRS-07', { name: 'show', ref: 'TRS-07' }],
  ['TRS-07 waiting on funding', { error: 'unknown_command', says: /update TRS-07 waiting on funding/ }],
  // Mistyped commands: a one-line hint.
  ['udpate TRS-07 green', { error: 'unknown_command', says: /did you mean "update"/i }],
  ['mien', { error: 'unknown_command', says: /did you mean "mine"/i }],
  ['hello there', { error: 'unknown_command', says: /not a command I know/ }],
  ['snoze TRS-07 7d', { error: 'unknown_command', says: /did you mean "snooze"/i }],
  // Other commands leads type.
  ['snooze TRS-15 30d', { name: 'snooze', ref: 'TRS-15', days: 30 }],
  ['snooze TRS-15 30d waiting for the new contract to start', { name: 'snooze', ref: 'TRS-15', days: 30, reason: 'waiting for the new contract to start' }],
  ['snooze TRS-15 2 weeks - on leave, Priya covering', { name: 'snooze', ref: 'TRS-15', days: 14, reason: 'on leave, Priya covering' }],
  ['redate TRS-07 31/01/2027 waiting on the MOPAC decision', { name: 'redate', ref: 'TRS-07', date: new Date('2027-01-31T00:00:00Z'), reason: 'waiting on the MOPAC decision' }],
  ['show trs 16', { name: 'show', ref: 'TRS-16' }],
  ['/cdp update TRS-19 at risk', { name: 'update', ref: 'TRS-19', status: 'at_risk' }],
];

describe('leads\' replies, read right (SPEC §10)', () => {
  it('has at least 60 realistic rows', () => expect(ROWS.length).toBeGreaterThanOrEqual(60));

  it.each(ROWS)('%s', (text, expected) => {
    const r = parse(text, { now });
    if ('error' in expected) {
      expect(r.ok, JSON.stringify(r.ok ? r.command : null)).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe(expected.error);
      if (expected.says) expect(`${r.error.message} ${r.error.hint}`).toMatch(expected.says);
      // One line: the message and its hint, never the whole help.
      expect(r.error.hint.split('\n')).toHaveLength(1);
    } else {
      expect(r.ok ? r.command : r.error).toEqual(expected);
    }
  });

  it('replies to reminders follow the same rules', () => {
    expect(readStatusText('on track - all hubs now running checks', 'TRS-07')).toEqual({ ok: true, status: 'on_track', note: 'all hubs now running checks' });
    expect(readStatusText('ambr', 'TRS-07')).toMatchObject({ ok: false, code: 'bad_status', suggestion: 'update TRS-07 amber' });
    expect(readStatusText('blocked', 'TRS-07')).toMatchObject({ ok: false, code: 'needs_reason' });
    expect(readStatusText('done the first workshop', 'TRS-07')).toEqual({ ok: true, note: 'done the first workshop' });
  });
});
