// A nudge the policies want sent: who, about what, why, and its dedupe key.
import type { ActionStatus, ContractRoute, ContractStage } from '../register/status.js';
import type { IsoDate } from '../calendar/working-days.js';

export type NudgeKind = 'due_soon' | 'overdue' | 'quiet' | 'escalation' | 'contract_checkin' | 'contract_escalation' | 'contract_lapse' | 'metric_due';

export type NudgeSubject =
  | {
      type: 'action';
      id: string;
      ref: string;
      title: string;
      status: ActionStatus;
      dueDate: IsoDate | null;
      leadAgency: string | null;
      subgroup: string | null;
    }
  | {
      type: 'contract';
      id: string;
      ref: string;
      title: string;
      provider: string | null;
      stage: ContractStage;
      route: ContractRoute;
      /** The date the decision is needed by: expiry, or the extension-notice date when earlier. */
      deadline: IsoDate;
      deadlineKind: 'expiry' | 'extension_notice';
      expiryDate: IsoDate;
      /** The current round's route and stage (a fresh round after a new term): the buttons offer its next stages. */
      roundRoute?: ContractRoute;
      roundStage?: ContractStage;
      /** The action that tracks this contract. */
      actionRef?: string | null;
      /** "Next: …" for the current round, with lateness (src/contracts/advice.ts). */
      advice?: string;
    }
  | {
      /** A metric whose figure for `period` is due from its owner (ref: the metric id, e.g. IO2.2). */
      type: 'metric';
      id: string;
      ref: string;
      title: string;
      period: string;
      /** The day the figure fell due. */
      deadline: IsoDate;
    };

export interface PlannedNudge {
  /**
   * Unique per nudge, stable across runs and instances:
   *   due:<actionId>:<dueDate>:<N>d · overdue:<actionId>:<dueDate>:<trigger day> ·
   *   esc:<actionId>:overdue:<dueDate> · esc:<actionId>:<off_track|blocked>:<status since day> ·
   *   quiet:<actionId>:<last update day>:<n> · contract:<contractId>:<deadline>:<N>m ·
   *   contract-esc:<contractId>:<deadline>:<no-route|no-award> · contract-lapse:<contractId>:<expiry>:<Monday of the week> · metric:<metricId>:<period>
   */
  key: string;
  kind: NudgeKind;
  partnershipId: string;
  /** The local working day the nudge goes out (the partnership's time zone). */
  localDate: IsoDate;
  /** People to tell (ids); never empty. */
  personIds: string[];
  subject: NudgeSubject;
  /** Why, in a few words: "due in 3 days", "overdue by 9 days", "no update for 35 days". */
  reason: string;
  /** Why this reaches these people when it is not the obvious recipient ("MPS has nobody registered…"). */
  recipientNote?: string;
  /** For an escalation: the ladder rung and what the escalation message tells (./policies/ladder.ts). */
  escalation?: EscalationFacts;
}

/** What an escalation says beyond a reminder (SPEC §10): filled by the policy, then the job (details). */
export interface EscalationFacts {
  rung: 'chair' | 'sro';
  episode: string;
  cause: 'overdue' | 'off_track' | 'blocked';
  /** Days overdue, or days off track / blocked. */
  days: number;
  /** For the SRO rung: the chair escalation it follows, and why it went up. */
  chair?: { names: string[]; day: IsoDate; why: 'raised' | 'no_action' | 'still_unresolved' };
  /** The lead's snooze, when reminders are snoozed (the escalation is not). */
  snoozedUntil?: Date;
  /** Loaded by the job (./ladder-details.ts). */
  details?: EscalationDetails;
}

export interface EscalationDetails {
  /** The lead's reminders about this action: who, on which days. */
  chased: { name: string; days: IsoDate[] }[];
  latestNote?: { text: string; by: string | null; day: IsoDate };
  /** The note given with the current off track / blocked status. */
  mitigation?: string;
  snooze?: { by: string | null; note: string };
}

/** Sort order inside a batch: most pressing first. */
export const KIND_RANK: Record<NudgeKind, number> = {
  contract_lapse: 0, escalation: 0, overdue: 1, due_soon: 2, quiet: 3, contract_escalation: 4, contract_checkin: 5, metric_due: 6,
};
