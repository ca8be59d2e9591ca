import { describe, expect, it } from 'vitest';
import { BANK_HOLIDAYS_ENGLAND_WALES, isBankHoliday } from '../src/calendar/bank-holidays.js';
import {
  addDays, addMonths, addWorkingDays, isWorkingDay, nextWorkingDay, previousWorkingDay, workingDayOnOrAfter, workingDaysBetween,
} from '../src/calendar/working-days.js';
import { atLocalTime, formatDayLong, isValidTimeZone, localDate, localTime } from '../src/calendar/zone.js';

describe('bank holidays (England and Wales)', () => {
  it('has the published 2025 and 2026 dates, including the 2026 Boxing Day substitute', () => {
    expect(BANK_HOLIDAYS_ENGLAND_WALES[2025]).toEqual(['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26']);
    for (const d of ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28']) {
      expect(isBankHoliday(d), d).toBe(true);
    }
    expect(isBankHoliday('2026-12-24')).toBe(false);
  });

  it('covers every year from 2024 to 2030 and asks the library beyond', () => {
    for (let y = 2024; y <= 2030; y++) expect(BANK_HOLIDAYS_ENGLAND_WALES[y]!.length).toBeGreaterThanOrEqual(8);
    expect(isBankHoliday('2031-12-25')).toBe(true);
    expect(isBankHoliday('2031-12-24')).toBe(false);
  });

  it('does not include Scottish-only holidays', () => {
    expect(isBankHoliday('2026-01-02')).toBe(false); // 2 January is a Scottish bank holiday
    expect(isBankHoliday('2026-11-30')).toBe(false); // St Andrew's Day
  });
});

describe('working days', () => {
  it('skips weekends and bank holidays', () => {
    expect(isWorkingDay('2026-11-23')).toBe(true); // Monday
    expect(isWorkingDay('2026-11-22')).toBe(false); // Sunday
    expect(isWorkingDay('2026-04-03')).toBe(false); // Good Friday
    expect(isWorkingDay('2026-04-06')).toBe(false); // Easter Monday
  });

  it('finds the next working day over Easter and Christmas', () => {
    expect(nextWorkingDay('2026-04-02')).toBe('2026-04-07');
    expect(nextWorkingDay('2026-12-24')).toBe('2026-12-29');
    expect(workingDayOnOrAfter('2026-12-25')).toBe('2026-12-29');
    expect(workingDayOnOrAfter('2026-12-29')).toBe('2026-12-29');
    expect(previousWorkingDay('2026-12-29')).toBe('2026-12-24');
    expect(nextWorkingDay('2027-12-24')).toBe('2027-12-29'); // 27 and 28 are both substitutes
  });

  it('adds and counts working days', () => {
    expect(addWorkingDays('2026-12-23', 2)).toBe('2026-12-29');
    expect(addWorkingDays('2026-12-29', -2)).toBe('2026-12-23');
    expect(addWorkingDays('2026-11-21', 0)).toBe('2026-11-23');
    expect(workingDaysBetween('2026-12-23', '2026-12-31')).toBe(4); // 24, 29, 30, 31
    expect(workingDaysBetween('2026-12-31', '2026-12-23')).toBe(-4);
    expect(workingDaysBetween('2026-11-23', '2026-11-23')).toBe(0);
  });

  it('does calendar arithmetic across month and year ends', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', -6)).toBe('2026-02-28');
    expect(addMonths('2027-03-31', -18)).toBe('2025-09-30');
    expect(addMonths('2028-08-31', -6)).toBe('2028-02-29');
  });
});

describe('time zone (Europe/London)', () => {
  const tz = 'Europe/London';
  it('09:30 local is 09:30 UTC in winter and 08:30 UTC in summer', () => {
    expect(atLocalTime('2026-11-23', '09:30', tz).toISOString()).toBe('2026-11-23T09:30:00.000Z');
    expect(atLocalTime('2026-06-15', '09:30', tz).toISOString()).toBe('2026-06-15T08:30:00.000Z');
  });

  it('follows the March clock change (29 March 2026)', () => {
    expect(atLocalTime('2026-03-27', '09:30', tz).toISOString()).toBe('2026-03-27T09:30:00.000Z');
    expect(atLocalTime('2026-03-30', '09:30', tz).toISOString()).toBe('2026-03-30T08:30:00.000Z');
    expect(localTime(new Date('2026-03-29T00:59:00Z'), tz)).toBe('00:59');
    expect(localTime(new Date('2026-03-29T01:00:00Z'), tz)).toBe('02:00');
  });

  it('follows the October clock change (25 October 2026)', () => {
    expect(atLocalTime('2026-10-23', '09:30', tz).toISOString()).toBe('2026-10-23T08:30:00.000Z');
    expect(atLocalTime('2026-10-26', '09:30', tz).toISOString()).toBe('2026-10-26T09:30:00.000Z');
  });

  it('knows the local day near midnight in summer', () => {
    expect(localDate(new Date('2026-06-30T23:30:00Z'), tz)).toBe('2026-07-01');
    expect(localDate(new Date('2026-12-31T23:30:00Z'), tz)).toBe('2026-12-31');
  });

  it('formats days and validates zone names', () => {
    expect(formatDayLong('2025-11-24')).toBe('Monday 24 November');
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
