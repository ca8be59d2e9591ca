// Financial-year periods: parsing what councils write, the quarters' days, year boundaries.
import { describe, expect, it } from 'vitest';
import {
  comparePeriods, describePeriod, formatPeriod, lastCompleted, parsePeriod, periodEnd, periodsEndingWith, periodStart, quarterOf, shiftPeriod, yearOf, type Period,
} from '../../src/metrics/period.js';

const p = (text: string): Period => {
  const r = parsePeriod(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('parsePeriod / formatPeriod', () => {
  it.each([
    ['Q3 2026/27', 'Q3 2026/27'], ['q3 26/27', 'Q3 2026/27'], ['Q3 2026-27', 'Q3 2026/27'], ['2026/27 Q3', 'Q3 2026/27'],
    ['Q3 FY26/27', 'Q3 2026/27'], ['Q4 2099/2100', 'Q4 2099/00'], ['2026/27', '2026/27'], ['FY 2025-26', '2025/26'], ['2025/2026', '2025/26'],
  ])('%s → %s', (text, canonical) => {
    expect(formatPeriod(p(text))).toBe(canonical);
  });

  it.each([['Q5 2026/27', 'quarters are Q1 to Q4'], ['Q3 2026/28', 'consecutive'], ['last quarter', 'Q3 2026/27'], ['', 'financial year such as']])(
    'refuses %j, saying %s', (text, says) => {
      const r = parsePeriod(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain(says);
    },
  );
});

describe('quarter arithmetic', () => {
  it('Q1 runs April–June and Q4 January–March of the next calendar year', () => {
    expect([periodStart(p('Q1 2026/27')), periodEnd(p('Q1 2026/27'))]).toEqual(['2026-04-01', '2026-06-30']);
    expect([periodStart(p('Q3 2026/27')), periodEnd(p('Q3 2026/27'))]).toEqual(['2026-10-01', '2026-12-31']);
    expect([periodStart(p('Q4 2026/27')), periodEnd(p('Q4 2026/27'))]).toEqual(['2027-01-01', '2027-03-31']);
    expect([periodStart(p('2026/27')), periodEnd(p('2026/27'))]).toEqual(['2026-04-01', '2027-03-31']);
    expect(describePeriod(p('Q4 2026/27'))).toBe('Jan–Mar 2027');
  });

  it('the days either side of the financial year end fall in different years', () => {
    expect(formatPeriod(quarterOf('2027-03-31'))).toBe('Q4 2026/27');
    expect(formatPeriod(quarterOf('2027-04-01'))).toBe('Q1 2027/28');
    expect(formatPeriod(quarterOf('2026-12-31'))).toBe('Q3 2026/27');
    expect(formatPeriod(quarterOf('2027-01-01'))).toBe('Q4 2026/27');
    expect(formatPeriod(yearOf('2027-03-31'))).toBe('2026/27');
    expect(formatPeriod(yearOf('2027-04-01'))).toBe('2027/28');
  });

  it('shifting crosses year boundaries both ways', () => {
    expect(formatPeriod(shiftPeriod(p('Q4 2026/27'), 1))).toBe('Q1 2027/28');
    expect(formatPeriod(shiftPeriod(p('Q1 2026/27'), -1))).toBe('Q4 2025/26');
    expect(formatPeriod(shiftPeriod(p('Q2 2026/27'), -9))).toBe('Q1 2024/25');
    expect(periodsEndingWith(p('Q2 2026/27'), 4).map(formatPeriod)).toEqual(['Q3 2025/26', 'Q4 2025/26', 'Q1 2026/27', 'Q2 2026/27']);
    expect(periodsEndingWith(p('2026/27'), 2).map(formatPeriod)).toEqual(['2025/26', '2026/27']);
  });

  it('the last completed quarter and year on a day', () => {
    expect(formatPeriod(lastCompleted('quarter', '2026-11-29'))).toBe('Q2 2026/27');
    expect(formatPeriod(lastCompleted('quarter', '2026-12-31'))).toBe('Q3 2026/27');
    expect(formatPeriod(lastCompleted('quarter', '2027-04-01'))).toBe('Q4 2026/27');
    expect(formatPeriod(lastCompleted('year', '2026-11-29'))).toBe('2025/26');
    expect(formatPeriod(lastCompleted('year', '2027-03-31'))).toBe('2026/27');
  });

  it('orders by end day, a year after its last quarter', () => {
    const list = [p('2025/26'), p('Q1 2026/27'), p('Q4 2025/26'), p('Q3 2025/26')].sort(comparePeriods).map(formatPeriod);
    expect(list).toEqual(['Q3 2025/26', 'Q4 2025/26', '2025/26', 'Q1 2026/27']);
  });
});
