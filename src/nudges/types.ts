// A nudge the policies want sent: who, about what, why, and its dedupe key.
import type { ActionStatus, ContractRoute, ContractStage } from '../register/status.js';
import type { IsoDate } from '../calendar/working-days.js';

export type NudgeKind = 'due_soon' | 'overdue' | 'quiet' | 'escalation' | 'contract_checkin' | 'contract_escalation' | 'contract_lapse';

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
    };

export interface PlannedNudge {
  /**
   * Unique per nudge, stable across runs and instances:
   *   due:<actionId>:<dueDate>:<N>d · overdue:<actionId>:<dueDate>:<trigger day> ·
   *   esc:<actionId>:overdue:<dueDate> · esc:<actionId>:<off_track|blocked>:<status since day> ·
   *   quiet:<actionId>:<last update day>:<n> · contract:<contractId>:<deadline>:<N>m ·
   *   contract-esc:<contractId>:<deadline>:<no-route|no-award> · contract-lapse:<contractId>:<expiry>:<Monday of the week>
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
}

/** Sort order inside a batch: most pressing first. */
export const KIND_RANK: Record<NudgeKind, number> = {
  contract_lapse: 0, escalation: 0, overdue: 1, due_soon: 2, quiet: 3, contract_escalation: 4, contract_checkin: 5,
};
