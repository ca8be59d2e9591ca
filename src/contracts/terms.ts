// Contract terms: the dates of a new term from what was said ("until 17/02/2030", "for 3 years
// from 18/02/2027"), extension options ("1+1 years") and how many an extension uses, and which
// round of reprocurement a contract is in. Pure.
import { addDays, addMonths, type IsoDate } from '../calendar/working-days.js';
import { formatDayShort } from '../calendar/zone.js';
import type { ContractRoute, ContractStage } from '../generated/prisma/enums.js';
import { ROUND_DONE } from './regimes.js';

export interface TermDays { start?: IsoDate; end?: IsoDate; months?: number }

/** A new contract's term: from `start` (default the day after the current end) to `end`, or for `months`. */
export function awardTerm(spec: TermDays, currentEnd: IsoDate): { start: IsoDate; end: IsoDate } | { error: string } {
  const start = spec.start ?? addDays(currentEnd, 1);
  const end = spec.end ?? (spec.months ? addDays(addMonths(start, spec.months), -1) : undefined);
  if (!end) return { error: 'the new term needs an end date or a length' };
  if (end <= start) return { error: `the new term would end (${formatDayShort(end)}) before it starts (${formatDayShort(start)})` };
  return { start, end };
}

/** An extension's new end: a date, or the current end moved on by `months`. */
export function extensionEnd(spec: TermDays, currentEnd: IsoDate): IsoDate | undefined {
  return spec.end ?? (spec.months ? addMonths(currentEnd, spec.months) : undefined);
}

/**
 * The extension options written on a contract, each as its length in months (null: length not
 * stated). "1+1 years" → [12, 12]; "2 years" → [24]; "2 x 6 months" → [6, 6]; none → [].
 */
export function extensionOptions(text: string | null | undefined): (number | null)[] {
  const t = (text ?? '').trim().toLowerCase();
  if (!t || /^(?:none|no|n\/a|nil|0|-)$/.test(t)) return [];
  const unit = (u: string) => (/^y/.test(u) ? 12 : 1);
  let m = /(\d+)\s*[x×]\s*(\d+)\s*(years?|yrs?|months?|mths?)/.exec(t);
  if (m) return Array.from({ length: Math.min(10, Number(m[1])) }, () => Number(m![2]) * unit(m![3]!));
  m = /(\d+(?:\s*\+\s*\d+)*)\s*(years?|yrs?|months?|mths?)/.exec(t);
  if (m) return m[1]!.split('+').slice(0, 10).map((n) => Number(n.trim()) * unit(m![2]!)).filter((n) => n > 0);
  return [null];
}

export type ExtensionCheck = { ok: true; uses: number; left: number } | { ok: false; reason: string };

/** Whether an extension to `newEnd` fits the options left; how many it uses (the fewest that cover it). */
export function checkExtension(optionsText: string | null, used: number, currentEnd: IsoDate, newEnd: IsoDate): ExtensionCheck {
  if (newEnd <= currentEnd) return { ok: false, reason: `the new end (${formatDayShort(newEnd)}) is not after the current end (${formatDayShort(currentEnd)})` };
  const all = extensionOptions(optionsText);
  if (!all.length) return { ok: false, reason: 'it has no extension options recorded (import the contract with an extension_options column, e.g. "1+1 years", if it has any)' };
  const left = all.slice(used);
  if (!left.length) return { ok: false, reason: `its extension options (${optionsText}) are all used` };
  let reach = currentEnd;
  for (let k = 0; k < left.length; k++) {
    const len = left[k] ?? null;
    if (len === null) return { ok: true, uses: k + 1, left: left.length - k - 1 };
    reach = addMonths(reach, len);
    if (newEnd <= reach) return { ok: true, uses: k + 1, left: left.length - k - 1 };
  }
  return { ok: false, reason: `the options left (${left.map((n) => `${n} months`).join(' + ')}) reach ${formatDayShort(reach)}, not ${formatDayShort(newEnd)}` };
}

export interface RoundInput {
  route: ContractRoute;
  stage: ContractStage;
  /** This round recorded the new term (an award with its term, or an extension). */
  termRenewed: boolean;
  /** The local day the stage was last recorded (or the contract created). */
  stageDay: IsoDate;
  /** The first check-in day of the current end's cycle. */
  cycleStart: IsoDate;
}

/**
 * The round the current end belongs to. After an award with its term or an extension, the new
 * term is a fresh round (nothing decided yet for its end). A finished stage recorded before the
 * current end's cycle began (e.g. imported "extended" two years ago) is a fresh round too.
 * Otherwise a finished stage means this end is dealt with.
 */
export function roundOf(c: RoundInput): { route: ContractRoute; stage: ContractStage; finished: boolean } {
  const done = ROUND_DONE.includes(c.stage);
  if (done && (c.termRenewed || c.stageDay < c.cycleStart)) return { route: 'undecided', stage: 'not_started', finished: false };
  // A route on record is a decided route, whatever stage was last written ("options appraisal").
  const stage = c.route !== 'undecided' && (c.stage === 'not_started' || c.stage === 'options_appraisal') ? 'route_decided' : c.stage;
  return { route: c.route, stage, finished: done };
}
