// The status vocabulary (SPEC §2) and the contract stage/route vocabulary, with the
// synonyms people type. Shared by the parser, import, handlers and renderers.
import type { ActionStatus, ContractRoute, ContractStage } from '../generated/prisma/enums.js';
import { ROUTES } from '../contracts/regimes.js';

export type { ActionStatus, ContractRoute, ContractStage };

export const ACTION_STATUSES: readonly ActionStatus[] = [
  'not_started', 'on_track', 'at_risk', 'off_track', 'blocked', 'ongoing', 'complete', 'cancelled',
];

/** Red/amber/green for the status, as boards read it. grey = not started/cancelled, blue = complete/ongoing. */
export type Rag = 'green' | 'amber' | 'red' | 'grey' | 'blue';

export const STATUS_INFO: Record<ActionStatus, { label: string; rag: Rag; open: boolean }> = {
  not_started: { label: 'Not started', rag: 'grey', open: true },
  on_track: { label: 'On track', rag: 'green', open: true },
  at_risk: { label: 'At risk', rag: 'amber', open: true },
  off_track: { label: 'Off track', rag: 'red', open: true },
  blocked: { label: 'Blocked', rag: 'red', open: true },
  ongoing: { label: 'Ongoing', rag: 'blue', open: true },
  complete: { label: 'Complete', rag: 'blue', open: false },
  cancelled: { label: 'Cancelled', rag: 'grey', open: false },
};

/** Lookup that ignores Object.prototype ("constructor", "__proto__" are not statuses). */
const own = <T>(table: Record<string, T>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s_\-]+/g, ' ');

const STATUS_SYNONYMS: Record<string, ActionStatus> = {
  'not started': 'not_started', 'notstarted': 'not_started', 'not begun': 'not_started', 'planned': 'not_started', 'new': 'not_started', 'todo': 'not_started', 'to do': 'not_started',
  'on track': 'on_track', 'ontrack': 'on_track', 'green': 'on_track', 'g': 'on_track', 'in progress': 'on_track', 'progressing': 'on_track', 'ok': 'on_track', 'good': 'on_track', 'started': 'on_track',
  'at risk': 'at_risk', 'atrisk': 'at_risk', 'amber': 'at_risk', 'a': 'at_risk', 'delayed': 'at_risk', 'slipping': 'at_risk', 'risk': 'at_risk', 'yellow': 'at_risk',
  'off track': 'off_track', 'offtrack': 'off_track', 'red': 'off_track', 'r': 'off_track', 'behind': 'off_track', 'late': 'off_track',
  'blocked': 'blocked', 'stuck': 'blocked', 'on hold': 'blocked', 'paused': 'blocked',
  'ongoing': 'ongoing', 'bau': 'ongoing', 'business as usual': 'ongoing', 'continuous': 'ongoing',
  'complete': 'complete', 'completed': 'complete', 'done': 'complete', 'finished': 'complete', 'closed': 'complete', 'achieved': 'complete', 'delivered': 'complete', 'blue': 'complete',
  'cancelled': 'cancelled', 'canceled': 'cancelled', 'dropped': 'cancelled', 'withdrawn': 'cancelled', 'stopped': 'cancelled',
};

/** Parses a status word or phrase ("green", "at-risk", "done"); undefined when it is not one. */
export function parseStatus(text: string): ActionStatus | undefined {
  const n = norm(text);
  if (n === '') return undefined;
  return own(STATUS_SYNONYMS, n) ?? own(STATUS_SYNONYMS, n.replace(/ /g, ''));
}

/** The synonyms that are safe to recognise as the first word(s) of free text (not single letters). */
export const STATUS_PHRASES: readonly string[] = Object.keys(STATUS_SYNONYMS)
  .filter((k) => k.length > 1)
  .sort((a, b) => b.length - a.length);

export const CONTRACT_STAGES: readonly ContractStage[] = [
  'not_started', 'options_appraisal', 'route_decided', 'market_notice', 'evaluation', 'notice_published', 'standstill', 'awarded', 'mobilising', 'live', 'extended', 'decommissioned',
];

export const STAGE_LABEL: Record<ContractStage, string> = {
  not_started: 'Not started',
  options_appraisal: 'Options appraisal',
  route_decided: 'Route decided',
  market_notice: 'Market notice published',
  evaluation: 'Evaluation',
  notice_published: 'Notice published',
  standstill: 'Standstill',
  awarded: 'Awarded',
  mobilising: 'Mobilising',
  live: 'Live',
  extended: 'Extended',
  decommissioned: 'Decommissioned',
};

const STAGE_SYNONYMS: Record<string, ContractStage> = {
  'not started': 'not_started', 'options appraisal': 'options_appraisal', 'options': 'options_appraisal', 'appraisal': 'options_appraisal',
  'route decided': 'route_decided', 'route': 'route_decided', 'decided': 'route_decided',
  'market notice': 'market_notice', 'market notice published': 'market_notice', 'tender': 'market_notice', 'tender notice': 'market_notice',
  'tender published': 'market_notice', 'tender notice published': 'market_notice', 'out to tender': 'market_notice', 'gone to market': 'market_notice',
  'transparency notice': 'market_notice', 'transparency notice published': 'market_notice', 'msp notice': 'market_notice', 'msp notice published': 'market_notice',
  'evaluation': 'evaluation', 'evaluating': 'evaluation', 'assessment': 'evaluation',
  'notice published': 'notice_published', 'notice': 'notice_published', 'published': 'notice_published', 'notice given': 'notice_published',
  'intention to award': 'notice_published', 'intention to award published': 'notice_published', 'intention notice': 'notice_published',
  'contract award notice': 'notice_published', 'award notice': 'notice_published', 'award notice published': 'notice_published', 'extension notice': 'notice_published',
  'standstill': 'standstill', 'awarded': 'awarded', 'award': 'awarded', 'mobilising': 'mobilising', 'mobilizing': 'mobilising', 'mobilisation': 'mobilising',
  'live': 'live', 'extended': 'extended', 'extension': 'extended', 'decommissioned': 'decommissioned',
};

export function parseStage(text: string): ContractStage | undefined {
  return own(STAGE_SYNONYMS, norm(text));
}

/** Route labels name the regime ("PSR direct award C", "Procurement Act open procedure"): src/contracts/regimes.ts. */
export const ROUTE_LABEL: Record<ContractRoute, string> = Object.fromEntries(
  Object.values(ROUTES).map((r) => [r.route, r.label]),
) as Record<ContractRoute, string>;

const ROUTE_SYNONYMS: Record<string, ContractRoute> = {
  'undecided': 'undecided', 'tbc': 'undecided',
  'direct award a': 'direct_award_a', 'da a': 'direct_award_a', 'daa': 'direct_award_a', 'psr direct award a': 'direct_award_a',
  'direct award b': 'direct_award_b', 'da b': 'direct_award_b', 'dab': 'direct_award_b', 'psr direct award b': 'direct_award_b',
  'direct award c': 'direct_award_c', 'da c': 'direct_award_c', 'dac': 'direct_award_c', 'psr direct award c': 'direct_award_c',
  'most suitable provider': 'most_suitable_provider', 'msp': 'most_suitable_provider', 'psr most suitable provider': 'most_suitable_provider',
  'competitive': 'competitive', 'competitive process': 'competitive', 'competition': 'competitive', 'psr competitive process': 'competitive', 'psr competitive': 'competitive',
  'open procedure': 'pa_open', 'open': 'pa_open', 'pa open procedure': 'pa_open', 'procurement act open procedure': 'pa_open', 'open tender': 'pa_open',
  'competitive flexible': 'pa_competitive_flexible', 'competitive flexible procedure': 'pa_competitive_flexible', 'flexible procedure': 'pa_competitive_flexible',
  'pa competitive flexible procedure': 'pa_competitive_flexible', 'procurement act competitive flexible procedure': 'pa_competitive_flexible',
  'pa direct award': 'pa_direct_award', 'procurement act direct award': 'pa_direct_award', 'pa23 direct award': 'pa_direct_award',
  'extension': 'extension', 'extend': 'extension', 'decommission': 'decommission', 'decommissioned': 'decommission',
};

export function parseRoute(text: string): ContractRoute | undefined {
  return own(ROUTE_SYNONYMS, norm(text));
}
