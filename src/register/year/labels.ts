// Plan year labels ("2026-27": 1 April 2026 to 31 March 2027, the UK financial year).
import { domainError, err, ok, type Result } from '../../result.js';

export interface PlanYearSpan {
  label: string;
  /** 00:00 UTC of 1 April. */
  start: Date;
  /** 00:00 UTC of 31 March. */
  end: Date;
}

/** "2026-27" or "2026/27" or "2026-2027" → its span; a refusal says what is accepted. */
export function parsePlanYear(text: string): Result<PlanYearSpan> {
  const m = /^\s*(20\d\d)\s*[-/]\s*(\d\d|20\d\d)\s*$/.exec(text);
  const first = m ? Number(m[1]) : NaN;
  const second = m ? Number(m[2]!.slice(-2)) : NaN;
  if (!m || second !== (first + 1) % 100) {
    return err(domainError('bad_year', `"${text}" is not a plan year.`, 'Write it like 2027-28 (1 April 2027 to 31 March 2028).'));
  }
  return ok(spanOf(first));
}

export function spanOf(startYear: number): PlanYearSpan {
  return {
    label: `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`,
    start: new Date(Date.UTC(startYear, 3, 1)),
    end: new Date(Date.UTC(startYear + 1, 2, 31)),
  };
}

export function nextYear(y: PlanYearSpan): PlanYearSpan {
  return spanOf(y.start.getUTCFullYear() + 1);
}
