import { describe, expect, it } from 'vitest';
import { excelSerialToDate, formatUkDate, parseUkDate, toIsoDate } from '../src/calendar/uk-date.js';

const iso = (text: string): string | null | 'error' => {
  const r = parseUkDate(text);
  if (!r.ok) return 'error';
  return r.value === null ? null : toIsoDate(r.value);
};

describe('parseUkDate', () => {
  it.each([
    ['2025-03-31', '2025-03-31'],
    ['2025-03-31T00:00:00.000Z', '2025-03-31'],
    ['31/03/2025', '2025-03-31'],
    ['31/03/25', '2025-03-31'],
    ['1/4/24', '2024-04-01'],
    ['01.04.2024', '2024-04-01'],
    ['31-03-2025', '2025-03-31'],
    ['31 March 2025', '2025-03-31'],
    ['31st March 2025', '2025-03-31'],
    ['31 Mar 25', '2025-03-31'],
    ['31-Mar-2025', '2025-03-31'],
    ['March 31, 2025', '2025-03-31'],
    ['Mar-25', '2025-03-31'],
    ['Feb-24', '2024-02-29'],
    ['March 2025', '2025-03-31'],
    ['june 2024', '2024-06-30'],
    ['Sept 2024', '2024-09-30'],
    ['03/2025', '2025-03-31'],
    ['Q1 2024/25', '2024-06-30'],
    ['Q2 2024/25', '2024-09-30'],
    ['Q3 2024/25', '2024-12-31'],
    ['Q4 2024/25', '2025-03-31'],
    ['Q3 24/25', '2024-12-31'],
    ['Q3 2024-25', '2024-12-31'],
    ['q4 2024/2025', '2025-03-31'],
    ['Q4 FY24/25', '2025-03-31'],
    ['2024/25 Q2', '2024-09-30'],
    ['45382', '2024-03-31'],
    ['  31/03/2025 ', '2025-03-31'],
  ])('%s → %s', (text, want) => {
    expect(iso(text)).toBe(want);
  });

  it.each(['', 'Ongoing', 'ongoing', 'TBC', 'TBA', 'N/A', 'n/a', '-'])('"%s" means no date', (text) => {
    expect(iso(text)).toBeNull();
  });

  it.each(['31/02/2025', '29/02/2025', '2025-13-01', '32/01/2025', 'Q5 2024/25', 'Q3 2024/26', 'next week', 'Smarch 2025', '12345', '99999', '2027-03-31T25:99', '2027-03-31T23:60', 'soon'])(
    'rejects "%s" with the accepted forms',
    (text) => {
      const r = parseUkDate(text);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error).toContain(text.trim());
        expect(r.error).toContain('31/03/2025');
        expect(r.error).toContain('Q3 2024/25');
      }
    },
  );

  it('says an impossible day does not exist', () => {
    const r = parseUkDate('31/02/2025');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/no such day/);
  });
});

describe('helpers', () => {
  it('reads a 5-digit Excel serial only where asked (imports), 1990–2099', () => {
    expect(parseUkDate('45382', { excelSerials: false }).ok).toBe(false);
    expect(iso('2027-03-31T23:59:59Z')).toBe('2027-03-31');
  });

  it('converts Excel serials (1900 system)', () => {
    expect(toIsoDate(excelSerialToDate(45382))).toBe('2024-03-31');
    expect(toIsoDate(excelSerialToDate(1))).toBe('1900-01-01');
    expect(toIsoDate(excelSerialToDate(61))).toBe('1900-03-01');
  });
  it('formats UK and ISO', () => {
    const d = new Date(Date.UTC(2025, 2, 31));
    expect(formatUkDate(d)).toBe('31 Mar 2025');
    expect(toIsoDate(d)).toBe('2025-03-31');
  });
});
