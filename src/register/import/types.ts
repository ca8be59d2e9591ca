// The shapes an import passes between its stages: rows read and checked (validate.ts),
// then applied in one transaction (apply.ts), then reported.
import type { ActionStatus, ContractRoute, ContractStage, RoleKind } from '../../generated/prisma/enums.js';

export interface Problem {
  source: string;
  line?: number;
  column?: string;
  reason: string;
}

export interface AgencyRow {
  source: string;
  line: number;
  name: string;
  aliases: string[];
  /** undefined: no kind column. */
  kind?: string | null;
  /** undefined: no short_name column. Shown where space is tight (digests, cards, board pack). */
  shortName?: string | null;
}

export interface ActionRow {
  source: string;
  line: number;
  /** The contract this action tracks (column "contract"), upper case. */
  contractRef?: string;
  /** Upper case; undefined when the file has no ref column (refs are generated). */
  ref?: string;
  pillar: string;
  priority: string;
  objective: string;
  title: string;
  /** Canonical agency name; null = no lead; undefined = no lead column. */
  lead?: string | null;
  /** Canonical agency names; undefined = no partners column. */
  partners?: string[];
  /** Lead officer as written (an email or a name); null = empty cell; undefined = no column. */
  leadOfficer?: string | null;
  /** Deputies as written; undefined = no column. */
  deputies?: string[];
  /** null = no date (Ongoing/TBC); undefined = no due column or an empty cell (left as it is). */
  due?: Date | null;
  /** undefined = no status column or an empty cell. */
  status?: ActionStatus;
  /** The status cell's text when its reading as On track was assumed ("In progress"). */
  statusAssumed?: string;
  /** The subgroup named in the file (an export's Subgroup column): used for a new pillar's subgroup. */
  subgroup?: string;
  /** Update/progress text, when given. */
  update?: string;
  /** null = empty cell (notes cleared); undefined = no notes column. */
  notes?: string | null;
}

/** How validate.ts reads action rows. */
export interface ActionReadOptions {
  /** The top level's name when the file has no pillar/section column (the plan's own name). */
  defaultPillar: string;
  /** The partnership's own status words (settings importStatuses), read before the built-in ones. */
  statusSynonyms?: Record<string, ActionStatus>;
}

export interface ContractRow {
  source: string;
  line: number;
  ref: string;
  service: string;
  provider?: string | null;
  commissioner?: string | null;
  start?: Date | null;
  expiry: Date;
  extension?: string | null;
  noticeDate?: Date | null;
  /** Decimal as text, e.g. "125000.00". */
  value?: string | null;
  route?: ContractRoute;
  stage?: ContractStage;
  /** The linked action's ref (from an action column, or "(action TRS-46)" in the notes). */
  actionRef?: string | null;
  notes?: string | null;
}

export interface PersonRole {
  role: RoleKind;
  /** Subgroup name for chair roles. */
  subgroup?: string;
}

export interface PersonRow {
  source: string;
  line: number;
  name: string;
  email: string;
  /** Canonical agency names; undefined = no agency column. */
  agencies?: string[];
  /** undefined = no roles column. */
  roles?: PersonRole[];
}

export interface ImportRows {
  agencies: AgencyRow[];
  actions: ActionRow[];
  contracts: ContractRow[];
  people: PersonRow[];
}

export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

export interface RecordChange {
  kind: 'agency' | 'action' | 'contract' | 'person' | 'pillar' | 'priority' | 'objective' | 'subgroup';
  key: string;
  change: 'created' | 'updated';
  fields: FieldChange[];
}

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  partnership: string;
  partnershipId: string;
  createdPartnership: boolean;
  dryRun: boolean;
  sources: { source: string; kind: string; rows: number; headingLine: number; ignoredColumns: string[]; reading?: string[] }[];
  counts: { agencies: Counts; actions: Counts; contracts: Counts; people: Counts; pillars: number; priorities: number; objectives: number; subgroups: number };
  changes: RecordChange[];
  notes: string[];
  /** Who the changes are attributed to (`--as`), when anyone. */
  attributedTo?: { name: string; email: string } | null;
  /** Open actions of the register that no row of the file names (cancelled when pruned). */
  missing?: { ref: string; title: string; status: string }[];
  pruned?: boolean;
  /** Status cells read as On track by assumption: the text and the refs. */
  assumed?: { text: string; refs: string[] }[];
  elapsedMs: number;
}

export const emptyCounts = (): Counts => ({ created: 0, updated: 0, unchanged: 0 });
