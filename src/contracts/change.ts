// What a contract reply means for this contract: the stage and route to record, the notice and
// its standstill end, the new term of an award or extension — or a question (which route?) or a
// refusal with its reason. Nothing is guessed: a stage that is not on the contract's route, an
// extension with no option left, or a notice on an undecided route change nothing. Pure.
import { addDays, type IsoDate } from '../calendar/working-days.js';
import { formatDayShort } from '../calendar/zone.js';
import type { ContractRoute, ContractStage } from '../generated/prisma/enums.js';
import { ROUND_DONE, ROUTES, ROUTE_ORDER, stageOnRoute, standstillEnd, standstillRule } from './regimes.js';
import { awardTerm, checkExtension, extensionEnd, type TermDays } from './terms.js';

export interface ContractNow {
  ref: string;
  route: ContractRoute;
  stage: ContractStage;
  provider: string | null;
  expiry: IsoDate;
  extensionOptions: string | null;
  extensionOptionsUsed: number;
  standstillEnd: IsoDate | null;
}

export interface ChangeAsked {
  stage?: ContractStage;
  route?: ContractRoute;
  noticeDate?: IsoDate;
  award?: { provider?: string; term?: TermDays; annualValue?: string };
  extension?: TermDays;
}

export interface PlannedChange {
  stage?: ContractStage;
  route?: ContractRoute;
  notice?: { date: IsoDate; standstillEnd: IsoDate | null };
  term?: { kind: 'award' | 'extension'; provider?: string | null; start: IsoDate; end: IsoDate; annualValue?: string; optionsUsed?: number };
  /** What was worked out, for the reply and the history. */
  detail?: string;
  /** A follow-up question the reply asks (the change is still recorded). */
  ask?: string;
}

export type ChangePlan =
  | { kind: 'record'; change: PlannedChange }
  /** Nothing is recorded: the reply asks which route, with a choice per route. */
  | { kind: 'question'; text: string; choices: { stage: ContractStage; route: ContractRoute; label: string }[] }
  | { kind: 'refuse'; text: string; hint: string };

const PRE_ROUTE: readonly ContractStage[] = ['not_started', 'options_appraisal'];
const NEEDS_ROUTE: readonly ContractStage[] = ['market_notice', 'evaluation', 'notice_published', 'standstill'];
const ANY_ROUTE_ENDS: readonly ContractStage[] = ['extended', 'decommissioned', 'not_started', 'options_appraisal', 'route_decided'];
const f = formatDayShort;

const routeChoices = () =>
  ROUTE_ORDER.filter((r) => r !== 'undecided').map((route) => ({ stage: 'route_decided' as ContractStage, route, label: ROUTES[route].label }));

const stageList = (route: ContractRoute, label: (s: ContractStage) => string) => ROUTES[route].stages.map(label).join(' → ');

export function planContractChange(c: ContractNow, asked: ChangeAsked, today: IsoDate, label: (route: ContractRoute, s: ContractStage) => string): ChangePlan {
  let route = asked.route ?? c.route;
  let stage = asked.stage;
  if (asked.route && !stage && (PRE_ROUTE.includes(c.stage) || ROUND_DONE.includes(c.stage) || !stageOnRoute(asked.route, c.stage))) stage = 'route_decided';
  if (stage === 'route_decided' && route === 'undecided') {
    return { kind: 'question', text: `Which route was decided for ${c.ref}? Nothing was changed yet.`, choices: routeChoices() };
  }
  if (stage && route === 'undecided' && NEEDS_ROUTE.includes(stage)) {
    return {
      kind: 'question',
      text: `Which route is ${c.ref} on? The notice and any standstill depend on it (PSR or Procurement Act). Record the route first; nothing was changed.`,
      choices: routeChoices(),
    };
  }
  if (stage && route !== 'undecided' && !ANY_ROUTE_ENDS.includes(stage) && !stageOnRoute(route, stage)) {
    const why = stage === 'standstill' && !ROUTES[route].standstill ? ` (${ROUTES[route].label} has no standstill)` : '';
    return {
      kind: 'refuse',
      text: `${c.ref} is on the route ${ROUTES[route].label}, which has no stage "${label(route, stage)}"${why}. Nothing was changed.`,
      hint: `Its stages: ${stageList(route, (s) => label(route, s))}. To change the route: contract ${c.ref} route decided — <route>`,
    };
  }
  const out: PlannedChange = { ...(stage ? { stage } : {}), ...(route !== c.route ? { route } : {}) };

  if (stage === 'notice_published') {
    const day = asked.noticeDate ?? today;
    const end = standstillEnd(route, day);
    out.notice = { date: day, standstillEnd: end };
    const ahead = day > today ? ' (a date still to come: the standstill is counted from it)' : '';
    out.detail = `${label(route, 'notice_published')} ${f(day)}${ahead}${end ? `; standstill ends ${f(end)} (${standstillRule(route)})` : '; no standstill on this route'}`;
  } else if (stage === 'market_notice' && asked.noticeDate) {
    out.detail = `${label(route, 'market_notice')} ${f(asked.noticeDate)}`;
  } else if (stage === 'awarded') {
    const a = asked.award ?? {};
    const warn = c.standstillEnd && today <= c.standstillEnd ? ` Note: the standstill runs until ${f(c.standstillEnd)}.` : '';
    if (a.term && (a.term.end || a.term.months)) {
      const t = awardTerm(a.term, c.expiry);
      if ('error' in t) return { kind: 'refuse', text: `${c.ref}: ${t.error}. Nothing was changed.`, hint: `For example: contract ${c.ref} awarded to ${a.provider ?? c.provider ?? 'PHS group'} for 3 years from ${ukNumeric(addDays(c.expiry, 1))}` };
      out.term = { kind: 'award', provider: a.provider ?? null, start: t.start, end: t.end, ...(a.annualValue ? { annualValue: a.annualValue } : {}) };
      out.detail = `Awarded to ${a.provider ?? c.provider ?? 'the provider'}: new term ${f(t.start)} – ${f(t.end)}${a.annualValue ? `, £${Number(a.annualValue).toLocaleString('en-GB')} a year` : ''}.${warn}`;
    } else {
      out.detail = `Awarded${a.provider ? ` to ${a.provider}` : ''}; the new term is not recorded yet.${warn}`;
      out.ask = `When does the new contract run? Reply: contract ${c.ref} awarded to ${a.provider ?? c.provider ?? '<provider>'} until <end date>, or … for 3 years from ${ukNumeric(addDays(c.expiry, 1))}. Until then the check-ins count to ${f(c.expiry)}.`;
    }
  } else if (stage === 'extended') {
    const end = asked.extension ? extensionEnd(asked.extension, c.expiry) : undefined;
    if (!end) return { kind: 'refuse', text: `Until when is ${c.ref} extended? Nothing was changed.`, hint: `For example: contract ${c.ref} extended until ${ukNumeric(addDays(c.expiry, 365))}` };
    const check = checkExtension(c.extensionOptions, c.extensionOptionsUsed, c.expiry, end);
    if (!check.ok) {
      return { kind: 'refuse', text: `${c.ref} can't be extended to ${f(end)}: ${check.reason}. Nothing was changed.`, hint: `Other routes: contract ${c.ref} route decided — direct award C (or competitive process, most suitable provider, …)` };
    }
    if (route === 'undecided') out.route = route = 'extension';
    out.term = { kind: 'extension', start: addDays(c.expiry, 1), end, optionsUsed: check.uses };
    out.detail = `Extended from ${f(c.expiry)} to ${f(end)}, using ${check.uses} extension option${check.uses === 1 ? '' : 's'} (${check.left} left)`;
  }
  return { kind: 'record', change: out };
}

/** 17/02/2030 */
export const ukNumeric = (d: IsoDate) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
