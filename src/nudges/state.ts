// What the nudge policies look at: one partnership's open actions, contracts and the people
// who would be told, as plain data (loaded by ./load.ts in a fixed number of queries).
import type { ActionStatus, ContractRoute, ContractStage } from '../register/status.js';
import type { IsoDate } from '../calendar/working-days.js';
import type { Settings } from '../settings/index.js';

export interface NudgeAction {
  id: string;
  ref: string;
  title: string;
  status: ActionStatus;
  /** Current due date (calendar day), null for no date. */
  dueDate: IsoDate | null;
  leadAgencyId: string | null;
  /** The named lead officer and deputies (SPEC §10 Roles): when set, reminders go to them only. */
  leadOfficerId?: string | null;
  deputyIds?: string[];
  subgroupId: string | null;
  statusSince: Date;
  lastUpdateAt: Date | null;
  createdAt: Date;
  snoozedUntil: Date | null;
}

export interface NudgeContract {
  id: string;
  ref: string;
  service: string;
  provider: string | null;
  expiryDate: IsoDate;
  extensionNoticeDate: IsoDate | null;
  route: ContractRoute;
  stage: ContractStage;
  commissionerId: string | null;
  commissionerAgencyId: string | null;
  subgroupId: string | null;
  lastUpdateAt: Date | null;
  createdAt: Date;
  /** This round recorded the new term (award with its term, or extension): the current end is a fresh round. */
  termRenewed?: boolean;
  standstillEnd?: IsoDate | null;
  /** The action that tracks this contract (one nudge for both: the contract's). */
  actionId?: string | null;
  actionRef?: string | null;
}

export interface NudgePerson {
  id: string;
  name: string;
  email: string;
  agencyIds: string[];
}

export interface PartnershipNudgeState {
  id: string;
  name: string;
  timezone: string;
  settings: Settings;
  /** Open actions only (not complete or cancelled). */
  actions: NudgeAction[];
  /** Contracts whose expiry has not passed. */
  contracts: NudgeContract[];
  people: Record<string, NudgePerson>;
  agencies: Record<string, { id: string; name: string; personIds: string[] }>;
  subgroups: Record<string, { id: string; name: string; chairIds: string[] }>;
  adminIds: string[];
  commissionerIds: string[];
  /** The partnership's Senior Responsible Owner(s): told about contracts about to lapse. */
  sroIds?: string[];
}

export interface NudgeState {
  partnerships: PartnershipNudgeState[];
}
