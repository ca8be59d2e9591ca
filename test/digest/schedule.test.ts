import { describe, expect, it } from 'vitest';
import { digestDueSlots, lastWeeklySlot, previousDigestTime } from '../../src/digest/index.js';
import { DEFAULT_SETTINGS } from '../../src/settings/index.js';
import { at, TZ } from '../nudges/fixture.js';

const slots = (now: Date, subgroups: { id: string; settings: unknown }[] = [], settings = DEFAULT_SETTINGS) =>
  digestDueSlots(settings, subgroups, now, TZ).map((s) => `${s.kind}:${s.subgroupId ?? 'all'}:${s.localDate}@${s.at.toISOString()}`);

describe('weekly digest slots', () => {
  const sgs = [{ id: 'tr', settings: {} }, { id: 'sup', settings: { day: 'thursday', time: '10:00' } }, { id: 'off', settings: { weekly: false } }];

  it('is due on Monday from 09:00 local, for the partnership and each subgroup, the whole day (catch-up)', () => {
    expect(slots(at('2026-11-23', '08:59'), sgs)).toEqual([]);
    expect(slots(at('2026-11-23', '09:00'), sgs)).toEqual(['weekly:all:2026-11-23@2026-11-23T09:00:00.000Z', 'weekly:tr:2026-11-23@2026-11-23T09:00:00.000Z']);
    expect(slots(at('2026-11-23', '17:00'), sgs)).toHaveLength(2);
    expect(slots(at('2026-11-24', '09:30'), sgs)).toEqual([]);
    expect(slots(at('2026-11-26', '10:00'), sgs)).toEqual(['weekly:sup:2026-11-26@2026-11-26T10:00:00.000Z']);
  });

  it('is BST-correct in summer and across the March change', () => {
    expect(slots(at('2026-06-15', '09:00'))).toEqual(['weekly:all:2026-06-15@2026-06-15T08:00:00.000Z']);
    expect(slots(at('2026-03-30', '09:00'))).toEqual(['weekly:all:2026-03-30@2026-03-30T08:00:00.000Z']);
  });

  it('moves a bank-holiday Monday digest to Tuesday', () => {
    expect(slots(at('2026-12-28', '09:00'))).toEqual([]);
    expect(slots(at('2026-12-29', '09:00'))).toEqual(['weekly:all:2026-12-29@2026-12-29T09:00:00.000Z']);
    expect(slots(at('2026-04-06', '10:00'))).toEqual([]);
    expect(slots(at('2026-04-07', '10:00'))).toEqual(['weekly:all:2026-04-07@2026-04-07T08:00:00.000Z']);
  });

  it('follows the partnership digest day and time', () => {
    const s = { ...DEFAULT_SETTINGS, digestDay: 'friday' as const, digestTime: '15:30' };
    expect(slots(at('2026-11-27', '15:30'), [], s)).toEqual(['weekly:all:2026-11-27@2026-11-27T15:30:00.000Z']);
  });
});

describe('meeting digests', () => {
  it('goes out N working days before each meeting', () => {
    const sg = [{ id: 'tr', settings: { weekly: false, meetingDates: ['2026-12-03', '2027-01-05'], daysBeforeMeeting: 2 } }];
    expect(slots(at('2026-12-01', '09:00'), sg)).toEqual(['meeting:tr:2026-12-01@2026-12-01T09:00:00.000Z']);
    expect(slots(at('2026-12-02', '09:00'), sg)).toEqual([]);
    // 5 Jan 2027 − 2 working days, over the New Year bank holiday: 31 Dec.
    expect(slots(at('2026-12-31', '09:00'), sg)).toEqual(['meeting:tr:2026-12-31@2026-12-31T09:00:00.000Z']);
    expect(digestDueSlots(DEFAULT_SETTINGS, sg, at('2026-12-31', '09:00'), TZ)[0]!.period).toBe('meeting:tr:2027-01-05');
  });

  it('replaces the weekly digest on the day a meeting digest goes to the channel (one a day)', () => {
    // Easter Monday 29 March 2027 moves the weekly digest to Tuesday 30 March, the day the
    // meeting digest (2 working days before 1 April) goes out: the channel gets the meeting one.
    const sg = [{ id: 'tr', settings: { meetingDates: ['2027-04-01'], daysBeforeMeeting: 2 } }];
    const forTr = (now: Date) => slots(now, sg).filter((s) => s.includes(':tr:'));
    expect(forTr(at('2027-03-30', '09:00'))).toEqual(['meeting:tr:2027-03-30@2027-03-30T08:00:00.000Z']);
    expect(forTr(at('2027-04-05', '09:00'))).toEqual(['weekly:tr:2027-04-05@2027-04-05T08:00:00.000Z']);
  });
});

describe('since the last digest', () => {
  it('counts from the previous Monday 09:00 on a Monday, and from this Monday later in the week', () => {
    expect(previousDigestTime(at('2026-11-23', '09:00'), TZ, 'monday', '09:00').toISOString()).toBe('2026-11-16T09:00:00.000Z');
    expect(previousDigestTime(at('2026-11-23', '08:00'), TZ, 'monday', '09:00').toISOString()).toBe('2026-11-16T09:00:00.000Z');
    expect(previousDigestTime(at('2026-11-25', '12:00'), TZ, 'monday', '09:00').toISOString()).toBe('2026-11-23T09:00:00.000Z');
    // Across the October change: the previous Monday was in BST.
    expect(previousDigestTime(at('2026-10-26', '09:00'), TZ, 'monday', '09:00').toISOString()).toBe('2026-10-19T08:00:00.000Z');
  });

  it('knows the last weekly slot', () => {
    expect(lastWeeklySlot(at('2026-11-22', '12:00'), TZ, 'monday', '09:00').localDate).toBe('2026-11-16');
  });
});
