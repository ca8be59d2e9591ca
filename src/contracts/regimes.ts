// Contract routes by the regime that governs them (SPEC §10, shared/reference/procurement.md):
// the Provider Selection Regime 2023 (direct award A, B, C, most suitable provider, competitive
// process), the Procurement Act 2023 (open procedure, competitive flexible procedure, direct
// award), extension and decommission. Each route has its own stage sequence, says whether a
// pre-award notice and a standstill apply, and how the standstill is counted:
//   - PSR (reg 12): 8 working days starting the day AFTER the intention-to-award notice;
//     no standstill for direct awards A and B (their award notice comes after the award).
//   - PA23 (s51): 8 working days BEGINNING WITH the day the contract award notice is published.
// Working days exclude weekends and England & Wales bank holidays (src/calendar). Pure.
import { addWorkingDays, workingDayOnOrAfter, type IsoDate } from '../calendar/working-days.js';
import type { ContractRoute, ContractStage } from '../generated/prisma/enums.js';

export type Regime = 'psr' | 'pa23' | 'none';

export interface RouteInfo {
  route: ContractRoute;
  label: string;
  regime: Regime;
  /** Every stage of this route, in order, from not started. */
  stages: readonly ContractStage[];
  /** Standstill after the notice (notice_published), and how its 8 working days are counted. */
  standstill: false | 'from_day_after' | 'from_day_of';
  /** What "notice published" means on this route. */
  noticeLabel?: string;
  /** What "market notice" means on this route (tender, transparency, intention to follow MSP). */
  marketLabel?: string;
}

export const STANDSTILL_WORKING_DAYS = 8;

const START: ContractStage[] = ['not_started', 'options_appraisal', 'route_decided'];
const TAIL: ContractStage[] = ['awarded', 'mobilising', 'live'];
const COMPETED: ContractStage[] = [...START, 'market_notice', 'evaluation', 'notice_published', 'standstill', ...TAIL];

export const ROUTES: Record<ContractRoute, RouteInfo> = {
  undecided: { route: 'undecided', label: 'Undecided', regime: 'none', stages: START, standstill: false },
  direct_award_a: {
    route: 'direct_award_a', label: 'PSR direct award A', regime: 'psr', standstill: false,
    stages: [...START, 'awarded', 'notice_published', 'mobilising', 'live'], noticeLabel: 'Award notice published (within 30 days of the award)',
  },
  direct_award_b: {
    route: 'direct_award_b', label: 'PSR direct award B', regime: 'psr', standstill: false,
    stages: [...START, 'awarded', 'notice_published', 'mobilising', 'live'], noticeLabel: 'Award notice published (within 30 days of the award)',
  },
  direct_award_c: {
    route: 'direct_award_c', label: 'PSR direct award C', regime: 'psr', standstill: 'from_day_after',
    stages: [...START, 'notice_published', 'standstill', ...TAIL], noticeLabel: 'Intention to award published',
  },
  most_suitable_provider: {
    route: 'most_suitable_provider', label: 'PSR most suitable provider', regime: 'psr', standstill: 'from_day_after',
    stages: COMPETED, noticeLabel: 'Intention to award published', marketLabel: 'Intention to follow the MSP process published',
  },
  competitive: {
    route: 'competitive', label: 'PSR competitive process', regime: 'psr', standstill: 'from_day_after',
    stages: COMPETED, noticeLabel: 'Intention to award published', marketLabel: 'Tender notice published',
  },
  pa_open: {
    route: 'pa_open', label: 'Procurement Act open procedure', regime: 'pa23', standstill: 'from_day_of',
    stages: COMPETED, noticeLabel: 'Contract award notice published', marketLabel: 'Tender notice published',
  },
  pa_competitive_flexible: {
    route: 'pa_competitive_flexible', label: 'Procurement Act competitive flexible procedure', regime: 'pa23', standstill: 'from_day_of',
    stages: COMPETED, noticeLabel: 'Contract award notice published', marketLabel: 'Tender notice published',
  },
  pa_direct_award: {
    route: 'pa_direct_award', label: 'Procurement Act direct award', regime: 'pa23', standstill: 'from_day_of',
    stages: [...START, 'market_notice', 'notice_published', 'standstill', ...TAIL], noticeLabel: 'Contract award notice published', marketLabel: 'Transparency notice published',
  },
  extension: {
    route: 'extension', label: 'Extension', regime: 'none', standstill: false,
    stages: [...START, 'notice_published', 'extended'], noticeLabel: 'Extension notice given to the provider',
  },
  decommission: {
    route: 'decommission', label: 'Decommission', regime: 'none', standstill: false,
    stages: [...START, 'notice_published', 'decommissioned'], noticeLabel: 'Notice given to the provider',
  },
};

export const ROUTE_ORDER: readonly ContractRoute[] = Object.keys(ROUTES) as ContractRoute[];

/** Stages that end a round of reprocurement: a new term is in place or the service ends. */
export const ROUND_DONE: readonly ContractStage[] = ['awarded', 'mobilising', 'live', 'extended', 'decommissioned'];

/** Whether a route needs a notice (and standstill) before the award. */
export const hasStandstill = (route: ContractRoute): boolean => ROUTES[route].standstill !== false;

/** The last working day of the standstill that the notice on `noticeDay` starts, or null when the route has none. */
export function standstillEnd(route: ContractRoute, noticeDay: IsoDate): IsoDate | null {
  const rule = ROUTES[route].standstill;
  if (rule === 'from_day_after') return addWorkingDays(noticeDay, STANDSTILL_WORKING_DAYS);
  if (rule === 'from_day_of') return addWorkingDays(workingDayOnOrAfter(noticeDay), STANDSTILL_WORKING_DAYS - 1);
  return null;
}

/** How the standstill is counted, in words ("8 working days from the day after the notice"). */
export function standstillRule(route: ContractRoute): string | undefined {
  const rule = ROUTES[route].standstill;
  if (rule === 'from_day_after') return `${STANDSTILL_WORKING_DAYS} working days from the day after the notice (PSR reg 12)`;
  if (rule === 'from_day_of') return `${STANDSTILL_WORKING_DAYS} working days beginning with the day of publication (Procurement Act s51)`;
  return undefined;
}

/** The label of a stage on a route ("notice published" is an intention to award on PSR, a contract award notice on PA23). */
export function stageLabelOn(route: ContractRoute, stage: ContractStage, plain: Record<ContractStage, string>): string {
  const info = ROUTES[route];
  if (stage === 'notice_published' && info.noticeLabel) return info.noticeLabel;
  if (stage === 'market_notice' && info.marketLabel) return info.marketLabel;
  return plain[stage];
}

/** Whether the stage belongs to the route's sequence (undecided routes accept every stage: the route is asked for). */
export function stageOnRoute(route: ContractRoute, stage: ContractStage): boolean {
  return route === 'undecided' ? !['notice_published', 'market_notice', 'evaluation', 'standstill'].includes(stage) : ROUTES[route].stages.includes(stage);
}

/** The next stages of the route after the current one (up to `n`). */
export function nextStagesOn(route: ContractRoute, stage: ContractStage, n = 2): ContractStage[] {
  const seq = ROUTES[route].stages;
  const i = seq.indexOf(stage);
  if (route === 'undecided') return seq.slice(Math.max(0, i + 1), Math.max(0, i + 1) + n);
  return i < 0 ? [] : seq.slice(i + 1, i + 1 + n);
}

/** True once the route is decided: a route is recorded, or a stage at or past "route decided". */
export function routeDecided(route: ContractRoute, stage: ContractStage): boolean {
  return route !== 'undecided' || !['not_started', 'options_appraisal'].includes(stage);
}

/**
 * True when this round no longer risks a lapse: awarded (or later), extended, decommissioned, or
 * the decision is to decommission (the service is meant to end).
 */
export function resolved(route: ContractRoute, stage: ContractStage): boolean {
  if (ROUND_DONE.includes(stage) || route === 'decommission') return true;
  const seq = ROUTES[route].stages;
  const award = seq.indexOf('awarded');
  return award >= 0 && seq.indexOf(stage) > award; // direct award A/B: the notice comes after the award
}
