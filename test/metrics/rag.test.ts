// RAG against target by direction, trend arrows, and the checks on a figure before it is stored.
import { describe, expect, it } from 'vitest';
import { formatValue, ragFor, trendOf } from '../../src/metrics/rag.js';
import { checkPeriod, parseFigure } from '../../src/metrics/validate.js';

describe('ragFor', () => {
  it('higher is better: at or above target green, within 10% amber, further red', () => {
    expect(ragFor(50, 50, 'higher')).toBe('green');
    expect(ragFor(61, 50, 'higher')).toBe('green');
    expect(ragFor(45, 50, 'higher')).toBe('amber');
    expect(ragFor(44.9, 50, 'higher')).toBe('red');
  });

  it('lower is better: the mirror image', () => {
    expect(ragFor(4640, 4700, 'lower')).toBe('green');
    expect(ragFor(5170, 4700, 'lower')).toBe('amber');
    expect(ragFor(5171, 4700, 'lower')).toBe('red');
    expect(ragFor(0, 0, 'lower')).toBe('green');
    expect(ragFor(1, 0, 'lower')).toBe('red');
  });

  it('no target or no value → no RAG', () => {
    expect(ragFor(47, null, 'higher')).toBeNull();
    expect(ragFor(null, 50, 'higher')).toBeNull();
  });
});

describe('trendOf', () => {
  it('says whether the move is good for the metric', () => {
    expect(trendOf(47, 44, 'higher')?.text).toBe('↑ improving');
    expect(trendOf(47, 44, 'lower')?.text).toBe('↑ worsening');
    expect(trendOf(4640, 4910, 'lower')?.text).toBe('↓ improving');
    expect(trendOf(5, 5, 'lower')?.text).toBe('→ no change');
    expect(trendOf(5, null, 'lower')).toBeNull();
  });
});

describe('figures', () => {
  const pct = { code: 'IO2.2', unit: 'percent', frequency: 'quarterly' };
  const count = { code: 'IO1.1', unit: 'count', frequency: 'quarterly' };
  const annual = { code: 'SO3.1', unit: 'count', frequency: 'annual' };

  it('reads numbers as people write them', () => {
    expect(parseFigure('47.5', pct)).toEqual({ ok: true, value: 47.5 });
    expect(parseFigure('48%', pct)).toEqual({ ok: true, value: 48 });
    expect(parseFigure('1,234', count)).toEqual({ ok: true, value: 1234 });
  });

  it.each([
    ['abc', pct, 'is not a number'], ['140', pct, 'between 0 and 100'], ['-3', count, 'cannot be negative'], ['12%', count, 'is a count, not a percentage'], ['', count, 'is empty'],
  ] as const)('refuses %j (%s)', (text, m, says) => {
    const r = parseFigure(text, m);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(says);
  });

  it('refuses a period that has not begun, but accepts one in progress, and targets ahead', () => {
    expect(checkPeriod('Q3 2026/27', pct, '2026-11-29').ok).toBe(true);
    const future = checkPeriod('Q4 2026/27', pct, '2026-11-29');
    expect(future.ok).toBe(false);
    if (!future.ok) expect(future.error).toContain('is in the future (it covers Jan–Mar 2027)');
    expect(checkPeriod('Q4 2026/27', pct, '2026-11-29', { allowFuture: true }).ok).toBe(true);
  });

  it('asks for a year for annual metrics and a quarter for quarterly ones', () => {
    const q = checkPeriod('Q2 2025/26', annual, '2026-11-29');
    expect(!q.ok && q.error).toContain('record it for a financial year, e.g. 2025/26');
    const y = checkPeriod('2025/26', pct, '2026-11-29');
    expect(!y.ok && y.error).toContain('give a quarter');
  });

  it('formats values with their unit', () => {
    expect(formatValue(47.5, 'percent')).toBe('47.5%');
    expect(formatValue(2335, 'count')).toBe('2,335');
  });
});
