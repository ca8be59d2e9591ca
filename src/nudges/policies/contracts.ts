// Contract policies (SPEC §4, §10), by route (src/contracts): check-ins with the commissioner
// 18/12/9/6/3/1 months before the deadline — the expiry date, or the extension-notice date where
// the contract has one and it comes first — escalations to the partnership admins (route still
// undecided at 9 months, no award at 6 months), and the lapse alarm: 3 months or less to the end
// with no award or extension → the commissioner, the admins and the SRO, weekly until resolved,
// instead of the routine check-in.
//
// Rounds (src/contracts/terms.ts roundOf): an award or extension recorded for this end stops
// the check-ins; once it recorded the new term, the new end is a fresh round whose check-ins
// follow the new term's schedule. A finished stage recorded before this end's cycle began
// belongs to an earlier round. A contract with no recorded update counts from its creation.
//
// Both daily jobs look back over the same month for contract nudges (a check-in missed while
// the bot was down is asked once), unless the commissioner updated the contract since.
import { addDays, addMonths, daysBetween, weekday, workingDayOnOrAfter, type IsoDate } from '../../calendar/working-days.js';
import { formatDayShort, localDate } from '../../calendar/zone.js';
import { lapsing, nextAdvice } from '../../contracts/advice.js';
import { nextStagesOn, resolved, routeDecided, stageLabelOn } from '../../contracts/regimes.js';
import { roundOf } from '../../contracts/terms.js';
import { ROUTE_LABEL, STAGE_LABEL, type ContractRoute, type ContractStage } from '../../register/status.js';
import type { NudgeContract, PartnershipNudgeState } from '../state.js';
import type { NudgeSubject, PlannedNudge } from '../types.js';
import { commissionersOf } from '../recipients.js';
import { MAX_CATCH_UP_DAYS, firesIn, type SendWindow } from '../window.js';


export function contractDeadline(c: Pick<NudgeContract, 'expiryDate' | 'extensionNoticeDate'>): { date: IsoDate; kind: 'expiry' | 'extension_notice' } {
  if (c.extensionNoticeDate && c.extensionNoticeDate < c.expiryDate) return { date: c.extensionNoticeDate, kind: 'extension_notice' };
  return { date: c.expiryDate, kind: 'expiry' };
}

function monthsText(today: IsoDate, deadline: IsoDate): string {
  for (let m = 0; m <= 60; m++) {
    if (addMonths(today, m + 1) > deadline) return m === 0 ? 'within a month' : `in ${m} month${m === 1 ? '' : 's'}`;
  }
  return 'in over 5 years';
}

export function deadlineText(today: IsoDate, c: NudgeContract): string {
  const d = contractDeadline(c);
  return d.kind === 'extension_notice'
    ? `extension notice due ${formatDayShort(d.date)} (${monthsText(today, d.date)}); expires ${formatDayShort(c.expiryDate)}`
    : `expires ${formatDayShort(d.date)} (${monthsText(today, d.date)})`;
}

export function contractNudges(ps: PartnershipNudgeState, w: SendWindow): PlannedNudge[] {
  const s = ps.settings;
  const out: PlannedNudge[] = [];
  const longest = Math.max(...s.contractCheckinMonths, s.contractEscalations.noRouteAtMonths, s.contractEscalations.noAwardAtMonths);
  // Whichever job runs them (reminders or contracts), contract nudges look back over the same
  // month, so both jobs list the same contract lines on a morning; the jobs never send one twice.
  const cw: SendWindow = { today: w.today, from: w.from < addDays(w.today, -MAX_CATCH_UP_DAYS) ? w.from : addDays(w.today, -MAX_CATCH_UP_DAYS) };
  const thresholds = [...s.contractCheckinMonths].sort((x, y) => x - y);
  for (const c of ps.contracts) {
    if (c.expiryDate < w.today) continue;
    const { date: deadline, kind: deadlineKind } = contractDeadline(c);
    const stageDay = localDate(c.lastUpdateAt ?? c.createdAt, ps.timezone);
    const round = roundOf({ route: c.route, stage: c.stage, termRenewed: !!c.termRenewed, stageDay, cycleStart: addMonths(deadline, -longest) });
    // Awarded or extended for this end (or finished): no check-ins until the new term's schedule.
    if (round.finished) continue;
    const facts = { route: round.route, stage: round.stage, expiry: c.expiryDate, today: w.today, extensionNoticeDate: c.extensionNoticeDate, standstillEnd: c.standstillEnd ?? null };
    const advice = nextAdvice(facts);
    const subject: NudgeSubject = {
      type: 'contract', id: c.id, ref: c.ref, title: c.service, provider: c.provider, stage: c.stage, route: c.route,
      deadline, deadlineKind, expiryDate: c.expiryDate, roundRoute: round.route, roundStage: round.stage, actionRef: c.actionRef ?? null,
      ...(advice ? { advice } : {}),
    };
    const push = (kind: PlannedNudge['kind'], key: string, reason: string, to: { personIds: string[]; note?: string }) => {
      if (!to.personIds.length) return;
      out.push({ key, kind, partnershipId: ps.id, localDate: w.today, personIds: to.personIds, subject, reason, ...(to.note ? { recipientNote: to.note } : {}) });
    };
    const when = deadlineText(w.today, c);
    const shownStage = round.route === c.route ? c.stage : round.stage; // a fresh round after a new term starts at Not started
    const stageNow = `${ROUTE_LABEL[round.route]}, stage now ${stageLabelOn(round.route, shownStage, STAGE_LABEL)}`;
    const commissioners = commissionersOf(ps, c);

    // The lapse alarm (SPEC §10): 3 months or less left and no award → commissioner, admins and
    // SRO, once a week (its key names the week's Monday) until resolved. It replaces the routine check-in.
    if (lapsing(facts)) {
      const monday = addDays(w.today, -((weekday(w.today) + 6) % 7));
      const to = [...new Set([...commissioners.personIds, ...ps.adminIds, ...(ps.sroIds ?? [])])];
      const left = daysBetween(w.today, c.expiryDate);
      const reason = `lapse alarm: ${left} day${left === 1 ? '' : 's'} left (expires ${formatDayShort(c.expiryDate)}) and no award or extension — ${stageNow}`;
      push('contract_lapse', `contract-lapse:${c.id}:${c.expiryDate}:${monday}`, reason, { personIds: to, ...(commissioners.note ? { note: commissioners.note } : {}) });
      continue;
    }
    if (deadline < w.today) continue;
    // The nearest threshold whose day falls in the window, unless the commissioner has updated the contract since.
    const updatedDay = c.lastUpdateAt ? localDate(c.lastUpdateAt, ps.timezone) : null;
    const hit = thresholds.find((m) => firesIn(cw, addMonths(deadline, -m)) && !(updatedDay && updatedDay >= workingDayOnOrAfter(addMonths(deadline, -m))));
    if (hit !== undefined) push('contract_checkin', `contract:${c.id}:${deadline}:${hit}m`, `check-in: ${when} — ${stageNow}`, commissioners);
    const admins = { personIds: [...new Set(ps.adminIds)] };
    if (!routeDecided(round.route, round.stage) && firesIn(cw, addMonths(deadline, -s.contractEscalations.noRouteAtMonths))) {
      push('contract_escalation', `contract-esc:${c.id}:${deadline}:no-route`, `escalation: route still undecided; ${when}`, admins);
    }
    if (!resolved(round.route, round.stage) && firesIn(cw, addMonths(deadline, -s.contractEscalations.noAwardAtMonths))) {
      push('contract_escalation', `contract-esc:${c.id}:${deadline}:no-award`, `escalation: not yet awarded (${stageNow}); ${when}`, admins);
    }
  }
  return out;
}

/** The stage buttons worth offering next: the next two stages of the contract's route. */
export function nextStages(route: ContractRoute, stage: ContractStage): ContractStage[] {
  return nextStagesOn(route, stage, 2);
}
