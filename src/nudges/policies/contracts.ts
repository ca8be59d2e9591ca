// Contract policies (SPEC §4): check-ins with the commissioner 18/12/9/6/3/1 months before the
// deadline — the expiry date, or the extension-notice date where the contract has one and it
// comes first — and escalations to the partnership admins (route still undecided at 9 months,
// no award at 6 months), once each per deadline.
//
// A finished reprocurement stops the check-ins: stage live, extended or decommissioned
// recorded during this deadline's cycle (on or after the first check-in day). A stage recorded
// before the cycle began belongs to the previous round (e.g. "extended" two years ago, and the
// extension now nears its own end), so the check-ins run again. A contract with no recorded
// update counts from its creation. Deadlines already passed are not nudged.
import { addMonths, type IsoDate } from '../../calendar/working-days.js';
import { formatDayShort, localDate } from '../../calendar/zone.js';
import { CONTRACT_STAGES, STAGE_LABEL, type ContractStage } from '../../register/status.js';
import type { NudgeContract, PartnershipNudgeState } from '../state.js';
import type { NudgeSubject, PlannedNudge } from '../types.js';
import { commissionersOf } from '../recipients.js';
import { firesIn, type SendWindow } from '../window.js';

const FINISHED: readonly ContractStage[] = ['live', 'extended', 'decommissioned'];
const stageIndex = (s: ContractStage) => CONTRACT_STAGES.indexOf(s);

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
  for (const c of ps.contracts) {
    const { date: deadline, kind: deadlineKind } = contractDeadline(c);
    if (deadline < w.today) continue;
    const cycleStart = addMonths(deadline, -longest);
    const stageDay = localDate(c.lastUpdateAt ?? c.createdAt, ps.timezone);
    if (FINISHED.includes(c.stage) && stageDay >= cycleStart) continue;
    const subject: NudgeSubject = {
      type: 'contract', id: c.id, ref: c.ref, title: c.service, provider: c.provider, stage: c.stage, route: c.route,
      deadline, deadlineKind, expiryDate: c.expiryDate,
    };
    const push = (kind: PlannedNudge['kind'], key: string, reason: string, to: { personIds: string[]; note?: string }) => {
      if (!to.personIds.length) return;
      out.push({ key, kind, partnershipId: ps.id, localDate: w.today, personIds: to.personIds, subject, reason, ...(to.note ? { recipientNote: to.note } : {}) });
    };
    const when = deadlineText(w.today, c);
    const hit = [...s.contractCheckinMonths].sort((x, y) => x - y).find((m) => firesIn(w, addMonths(deadline, -m)));
    if (hit !== undefined) {
      push('contract_checkin', `contract:${c.id}:${deadline}:${hit}m`, `check-in: ${when} — stage now ${STAGE_LABEL[c.stage]}`, commissionersOf(ps, c));
    }
    const admins = { personIds: [...new Set(ps.adminIds)] };
    const routeDecided = c.route !== 'undecided' || stageIndex(c.stage) >= stageIndex('route_decided');
    if (!routeDecided && firesIn(w, addMonths(deadline, -s.contractEscalations.noRouteAtMonths))) {
      push('contract_escalation', `contract-esc:${c.id}:${deadline}:no-route`, `escalation: route still undecided; ${when}`, admins);
    }
    const awarded = stageIndex(c.stage) >= stageIndex('awarded') || c.route === 'extension' || c.route === 'decommission';
    if (!awarded && firesIn(w, addMonths(deadline, -s.contractEscalations.noAwardAtMonths))) {
      push('contract_escalation', `contract-esc:${c.id}:${deadline}:no-award`, `escalation: not yet awarded (stage ${STAGE_LABEL[c.stage]}); ${when}`, admins);
    }
  }
  return out;
}

/** The stage buttons worth offering next: the next two steps of the process, then extended/decommissioned. */
export function nextStages(stage: ContractStage): ContractStage[] {
  const main: ContractStage[] = ['not_started', 'options_appraisal', 'route_decided', 'notice_published', 'standstill', 'awarded', 'mobilising', 'live'];
  const i = main.indexOf(stage);
  const next = i >= 0 ? main.slice(i + 1, i + 3) : [];
  if (i >= 0 && i < main.indexOf('awarded')) next.push('extended', 'decommissioned');
  return next;
}
