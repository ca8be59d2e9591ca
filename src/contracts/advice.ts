// "Next" advice for a contract from its route, stage and the time left, saying when it is late
// ("the route is usually decided 13–15 months before expiry: this is 6 months late"), and the
// lapse alarm (SPEC §10: 3 months or less left and no award). The timings are the working
// assumptions of SPEC §4 and shared/reference/procurement.md (Lancashire, Lewisham examples),
// not statute: they are called "usually". Pure.
import { addDays, addMonths, daysBetween, type IsoDate } from '../calendar/working-days.js';
import { formatDayShort } from '../calendar/zone.js';
import type { ContractRoute, ContractStage } from '../generated/prisma/enums.js';
import { ROUTES, STANDSTILL_WORKING_DAYS, nextStagesOn, resolved, routeDecided } from './regimes.js';
import { roundOf } from './terms.js';

/** The lapse alarm starts this many months before the end. */
export const LAPSE_ALARM_MONTHS = 3;

export interface AdviceInput {
  route: ContractRoute;
  stage: ContractStage;
  /** The end of the current term. */
  expiry: IsoDate;
  today: IsoDate;
  extensionNoticeDate?: IsoDate | null;
  standstillEnd?: IsoDate | null;
}

interface Milestone { months: number; usual: string }

const ROUTE_BY: Milestone = { months: 13, usual: 'the route is usually decided 13–15 months before expiry' };

const TENDER: Milestone = { months: 9, usual: 'the tender notice usually goes out about 9 months before expiry' };
const COMPETED_AWARD: Milestone = { months: 6, usual: 'the award is usually made about 6 months before expiry, to leave time to mobilise' };
const DIRECT_AB: Milestone = { months: 1, usual: 'a direct award is usually made at least a month before expiry' };

const MARKET_BY: Partial<Record<ContractRoute, Milestone>> = {
  competitive: TENDER,
  pa_open: TENDER,
  pa_competitive_flexible: { months: 9, usual: 'a competitive flexible procedure usually starts 9–12 months before expiry' },
  most_suitable_provider: { months: 6, usual: 'the MSP notice usually goes out about 6 months before expiry' },
  pa_direct_award: { months: 4, usual: 'the transparency notice usually goes out about 4 months before expiry' },
};

const AWARD_BY: Partial<Record<ContractRoute, Milestone>> = {
  competitive: COMPETED_AWARD,
  pa_open: COMPETED_AWARD,
  pa_competitive_flexible: COMPETED_AWARD,
  most_suitable_provider: { months: 4, usual: 'an MSP award is usually made about 4 months before expiry' },
  direct_award_c: { months: 2, usual: 'the intention to award is usually published about 2 months before expiry' },
  pa_direct_award: { months: 3, usual: 'a direct award is usually made about 3 months before expiry' },
  direct_award_a: DIRECT_AB,
  direct_award_b: DIRECT_AB,
  decommission: { months: 6, usual: 'notice is usually given about 6 months before expiry' },
};

function whatNext(route: ContractRoute, next: ContractStage): string {
  const info = ROUTES[route];
  switch (next) {
    case 'options_appraisal': return 'appraise the options';
    case 'route_decided': return 'decide the route';
    case 'market_notice': return `publish the ${(info.marketLabel ?? 'notice').replace(/ published$/, '').replace(/^./, (c) => c.toLowerCase())}`;
    case 'evaluation': return route === 'most_suitable_provider' ? 'assess the providers against the key criteria' : 'evaluate the bids';
    case 'notice_published':
      if (route === 'extension') return 'give the provider notice of the extension';
      if (route === 'decommission') return 'give the provider notice';
      if (route === 'direct_award_a' || route === 'direct_award_b') return 'publish the award notice (within 30 days of the award)';
      return `publish the ${info.regime === 'pa23' ? 'contract award notice' : 'intention to award'}`;
    case 'standstill': return `hold the standstill (${STANDSTILL_WORKING_DAYS} working days)`;
    case 'awarded': return 'award the contract';
    case 'mobilising': return 'mobilise the new contract';
    case 'live': return 'go live';
    case 'extended': return 'record the extension and its new end date';
    case 'decommissioned': return 'decommission the service';
    default: return 'start the reprocurement';
  }
}

/** Whole months from a to b (b later), e.g. 16 Jan → 15 Jul is 5. */
export function wholeMonths(a: IsoDate, b: IsoDate): number {
  let m = 0;
  while (addMonths(a, m + 1) <= b) m++;
  return m;
}

/** "6 months" / "12 days" late (or to go). */
function span(a: IsoDate, b: IsoDate): string {
  const m = wholeMonths(a, b);
  if (m >= 1) return `${m} month${m === 1 ? '' : 's'}`;
  const d = daysBetween(a, b);
  return `${d} day${d === 1 ? '' : 's'}`;
}

function milestoneFor(c: AdviceInput, next: ContractStage): Milestone | { date: IsoDate; usual: string } | undefined {
  if (next === 'route_decided' || next === 'options_appraisal') return ROUTE_BY;
  if (next === 'market_notice') return MARKET_BY[c.route];
  if (c.route === 'extension' && next === 'notice_published') {
    return c.extensionNoticeDate
      ? { date: c.extensionNoticeDate, usual: `the contract says notice of extension is due by ${formatDayShort(c.extensionNoticeDate)}` }
      : { months: 3, usual: 'notice of an extension is usually given at least 3 months before expiry' };
  }
  if (next === 'notice_published' && resolved(c.route, 'notice_published')) return undefined; // direct award A/B: after the award
  if (['evaluation', 'notice_published', 'standstill', 'awarded'].includes(next)) return AWARD_BY[c.route];
  return undefined;
}

/** Lateness of a step against its usual timing: ": this is 6 months late" or " (by 16 Jul 2026)". */
function timing(c: AdviceInput, m: Milestone | { date: IsoDate; usual: string }): string {
  const due = 'date' in m ? m.date : addMonths(c.expiry, -m.months);
  if (c.today > due) return ` — ${m.usual}: this is ${span(due, c.today)} late`;
  return ` — ${m.usual} (by ${formatDayShort(due)})`;
}

/** What has to happen next, with how late it is; undefined once the round is over (live, extended, decommissioned). */
export function nextAdvice(c: AdviceInput): string | undefined {
  if (c.route === 'undecided' && routeDecided(c.route, c.stage)) {
    return 'Next: record which route was decided, e.g. "route decided — direct award C"';
  }
  if ((c.stage === 'notice_published' || c.stage === 'standstill') && c.standstillEnd) {
    return c.today <= c.standstillEnd
      ? `Next: award after the standstill ends on ${formatDayShort(c.standstillEnd)} (if no representations are made)`
      : `Next: the standstill ended on ${formatDayShort(c.standstillEnd)}: record the award with the new term`;
  }
  const stage = c.route === 'undecided' && c.stage === 'not_started' ? 'not_started' : c.stage;
  const [next] = nextStagesOn(c.route === 'undecided' ? 'undecided' : c.route, stage, 1);
  if (!next) return undefined;
  const target = c.route === 'undecided' && next === 'options_appraisal' ? 'route_decided' : next;
  const m = milestoneFor(c, target);
  const what = c.route === 'undecided' && next === 'options_appraisal' ? 'appraise the options and decide the route' : whatNext(c.route, next);
  if (next === 'live' || next === 'mobilising') return `Next: ${what} by ${formatDayShort(addDays(c.expiry, 1))}, the day after the current term ends`;
  return `Next: ${what}${m ? timing(c, m) : ''}`;
}

/** True when the contract is in the lapse zone: 3 months or less to the end of its term and no award (or extension). */
export function lapsing(c: Pick<AdviceInput, 'route' | 'stage' | 'expiry' | 'today'>): boolean {
  return c.today <= c.expiry && addMonths(c.expiry, -LAPSE_ALARM_MONTHS) <= c.today && !resolved(c.route, c.stage);
}

/** "Lapse alarm: 45 days left and no award" text, or undefined. */
export function lapseText(c: Pick<AdviceInput, 'route' | 'stage' | 'expiry' | 'today'>): string | undefined {
  if (!lapsing(c)) return undefined;
  const d = daysBetween(c.today, c.expiry);
  return `Lapse alarm: ${d === 0 ? 'the term ends today' : `${d} day${d === 1 ? '' : 's'} left`} and no award or extension recorded`;
}

export interface ContractFacts extends AdviceInput {
  termRenewed: boolean;
  /** The day the stage was last recorded (or the contract created). */
  stageDay: IsoDate;
  /** The first day of the current (latest) term. */
  termStart: IsoDate | null;
}

/** Months before the end that a round of reprocurement starts (the earliest check-in). */
export const CYCLE_MONTHS = 18;

/**
 * The advice and the lapse alarm for a contract as it stands: the current round is worked out
 * first (after an award with its term, or an extension, the new term is a fresh round), so the
 * "Next" line restarts on the new term's schedule.
 */
export function adviceFor(c: ContractFacts, cycleMonths = CYCLE_MONTHS): { next?: string; lapse?: string; route: ContractRoute; stage: ContractStage } {
  const round = roundOf({ ...c, cycleStart: addMonths(c.expiry, -cycleMonths) });
  if (c.termRenewed && (c.stage === 'awarded' || c.stage === 'mobilising') && c.termStart && c.termStart > c.today) {
    return { next: `Next: ${c.stage === 'awarded' ? 'mobilise the new contract' : 'go live'}: the new term starts ${formatDayShort(c.termStart)}`, route: c.route, stage: c.stage };
  }
  if (round.finished) return { route: round.route, stage: round.stage, ...(c.stage === 'awarded' && !c.termRenewed ? { next: 'Next: record the new term (who to, until when) so the check-ins follow it' } : {}) };
  const input = { ...c, route: round.route, stage: round.stage };
  const next = nextAdvice(input);
  const lapse = lapseText(input);
  return { route: round.route, stage: round.stage, ...(next ? { next } : {}), ...(lapse ? { lapse } : {}) };
}
