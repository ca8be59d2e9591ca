// Heading synonyms (SPEC §7) and finding the heading row: the first row, among the first
// few, whose cells name the columns of an actions, agencies, contracts or people file.
import type { SourceSheet } from './read-table.js';
import { cellText } from './read-table.js';

export type FileKind = 'actions' | 'agencies' | 'contracts' | 'people';

interface FieldSpec {
  /** What the column is called in messages (the first synonym is the canonical heading). */
  label: string;
  synonyms: string[];
  required?: boolean;
}

export const ACTION_FIELDS = {
  ref: { label: 'Ref', synonyms: ['ref', 'id', 'no', 'no.', 'number', 'reference', 'action ref', 'action id', 'action no', 'action number', '#', 'ref no'] },
  // The top level of the plan. Flat trackers name it Section, Theme, Workstream or Area; any of
  // pillar, priority and objective may be missing (validate.ts fills in one default level).
  pillar: { label: 'Pillar', synonyms: ['pillar', 'section', 'theme', 'strand', 'national pillar', 'pillar/theme', 'workstream', 'work stream', 'workstreams', 'area', 'theme area', 'programme area', 'focus area'] },
  priority: { label: 'Priority', synonyms: ['priority', 'priorities', 'priority area', 'local priority'] },
  objective: { label: 'Objective', synonyms: ['objective', 'objectives', 'outcome', 'outcomes', 'aim'] },
  title: { label: 'Action', synonyms: ['action', 'actions', 'elements', 'action/elements', 'action elements', 'action/element', 'activity', 'actions/elements', 'title', 'action title', 'deliverable', 'task'], required: true },
  lead: { label: 'Lead agency', synonyms: ['lead agency', 'lead', 'lead agencies', 'responsible agencies', 'responsible agency', 'responsible', 'lead organisation', 'lead partner', 'agencies'] },
  // A named person (email or name of someone in the register), not an agency (SPEC §10 Roles).
  leadOfficer: { label: 'Lead officer', synonyms: ['lead officer', 'lead officers', 'owner', 'action owner', 'responsible officer', 'responsible person', 'lead person', 'named lead', 'officer'] },
  deputies: { label: 'Deputies', synonyms: ['deputies', 'deputy', 'deputy lead officer', 'deputy lead officers', 'deputy officers', 'deputy owner', 'deputy owners'] },
  partners: { label: 'Partner agencies', synonyms: ['partner agencies', 'partners', 'supporting agencies', 'supporting', 'partner agency', 'other agencies', 'supporting partners'] },
  due: { label: 'Due', synonyms: ['due', 'due date', 'target date', 'deadline', 'timescale', 'timescales', 'target', 'by when', 'completion date', 'date due'] },
  status: { label: 'Status', synonyms: ['status', 'rag', 'rag status', 'rag rating', 'current status'] },
  update: { label: 'Last update', synonyms: ['last update', 'update', 'progress', 'comments', 'comment', 'latest update', 'progress update', 'update/progress', 'progress/comments'] },
  notes: { label: 'Notes', synonyms: ['notes', 'dependencies', 'notes/dependencies', 'note', 'risks/dependencies'] },
  // Written by `cdp export`, informational on import (the register keeps its own history).
  originalDue: { label: 'Original due', synonyms: ['original due', 'original due date'] },
  dueMoves: { label: 'Due moves', synonyms: ['due moves', 'times moved'] },
  daysOverdue: { label: 'Days overdue', synonyms: ['days overdue', 'overdue', 'overdue by'] },
  lastUpdateDate: { label: 'Last update date', synonyms: ['last update date', 'updated', 'last updated'] },
  subgroup: { label: 'Subgroup', synonyms: ['subgroup', 'sub-group', 'sub group'] },
  /** The contract this action tracks (e.g. C-02): one nudge for the pair. */
  contract: { label: 'Contract', synonyms: ['contract', 'contract ref', 'linked contract'] },
} satisfies Record<string, FieldSpec>;

export const AGENCY_FIELDS = {
  name: { label: 'name', synonyms: ['name', 'agency', 'agency name', 'organisation', 'organization'], required: true },
  aliases: { label: 'aliases', synonyms: ['aliases', 'alias', 'also known as', 'other names', 'abbreviations'] },
  kind: { label: 'kind', synonyms: ['kind', 'type', 'sector', 'agency type'] },
  shortName: { label: 'short_name', synonyms: ['short_name', 'short name', 'shortname', 'short', 'display name'] },
} satisfies Record<string, FieldSpec>;

export const CONTRACT_FIELDS = {
  ref: { label: 'ref', synonyms: ['ref', 'contract ref', 'id', 'contract id', 'no', 'reference'], required: true },
  service: { label: 'service', synonyms: ['service', 'contract', 'service name', 'contract name', 'description'], required: true },
  provider: { label: 'provider', synonyms: ['provider', 'supplier', 'contractor', 'provider name'] },
  commissioner: { label: 'commissioner', synonyms: ['commissioner', 'commissioning agency', 'commissioner agency', 'commissioned by'] },
  start: { label: 'start_date', synonyms: ['start date', 'start', 'start_date', 'contract start'] },
  expiry: { label: 'expiry_date', synonyms: ['expiry date', 'expiry', 'expiry_date', 'end date', 'contract end', 'expires', 'end'], required: true },
  extension: { label: 'extension_options', synonyms: ['extension options', 'extension', 'extensions', 'extension_options', 'extension option'] },
  noticeDate: { label: 'extension_notice_date', synonyms: ['extension notice date', 'extension_notice_date', 'notice date'] },
  value: { label: 'annual_value', synonyms: ['annual value', 'value', 'annual_value', 'annual value (£)', 'value (£)', 'contract value'] },
  route: { label: 'route', synonyms: ['route', 'reprocurement route', 'procurement route'] },
  stage: { label: 'stage', synonyms: ['stage', 'reprocurement stage', 'procurement stage'] },
  action: { label: 'action', synonyms: ['action', 'action ref', 'linked action'] },
  notes: { label: 'notes', synonyms: ['notes', 'comments'] },
  lastUpdateDate: { label: 'last_update_date', synonyms: ['last update date', 'last updated'] },
} satisfies Record<string, FieldSpec>;

export const PEOPLE_FIELDS = {
  name: { label: 'name', synonyms: ['name', 'full name', 'person'], required: true },
  email: { label: 'email', synonyms: ['email', 'e-mail', 'email address', 'mail'], required: true },
  agencies: { label: 'agency', synonyms: ['agency', 'agencies', 'organisation', 'organization', 'team'] },
  roles: { label: 'roles', synonyms: ['roles', 'role'] },
} satisfies Record<string, FieldSpec>;

export const FIELDS_BY_KIND: Record<FileKind, Record<string, FieldSpec>> = {
  actions: ACTION_FIELDS,
  agencies: AGENCY_FIELDS,
  contracts: CONTRACT_FIELDS,
  people: PEOPLE_FIELDS,
};

export function normalizeHeading(h: string): string {
  return h.toLowerCase().replace(/_/g, ' ').replace(/[:*]+$/, '').replace(/\s*\/\s*/g, '/').replace(/\s+/g, ' ').trim();
}

function fieldFor(fields: Record<string, FieldSpec>, heading: string): string | undefined {
  const n = normalizeHeading(heading);
  const alt = n.replace(/\.$/, '');
  for (const [key, spec] of Object.entries(fields)) {
    if (spec.synonyms.includes(n) || spec.synonyms.includes(alt)) return key;
  }
  return undefined;
}

export interface HeadingMap {
  kind: FileKind;
  /** Index of the heading row in sheet.rows. */
  rowIndex: number;
  line: number;
  /** field → column index (the first column with that heading). */
  columns: Record<string, number>;
  /** Heading text as written in the file, per field (for messages). */
  headingText: Record<string, string>;
  /** Columns with a heading the import does not use. */
  ignored: string[];
}

export type HeadingResult = { ok: true; value: HeadingMap } | { ok: false; error: string };

const SCAN_ROWS = 30;
const SIGNATURES: { kind: FileKind; need: string[][] }[] = [
  // A row is a heading row of `kind` when it has one field of each group.
  { kind: 'contracts', need: [['service'], ['expiry']] },
  { kind: 'people', need: [['email'], ['name']] },
  { kind: 'agencies', need: [['name'], ['aliases', 'kind', 'shortName']] },
  { kind: 'actions', need: [['title'], ['ref', 'objective', 'pillar', 'priority', 'lead', 'leadOfficer', 'due', 'status']] },
];

/** Finds the heading row (title rows and blank rows above it are skipped) and maps its columns. */
export function findHeadings(sheet: SourceSheet, want?: FileKind): HeadingResult {
  let best: { kind: FileKind; rowIndex: number; score: number } | undefined;
  const limit = Math.min(sheet.rows.length, SCAN_ROWS);
  for (let i = 0; i < limit; i++) {
    const texts = sheet.rows[i]!.cells.map((c) => cellText(c));
    if (texts.every((t) => t === '')) continue;
    for (const sig of SIGNATURES) {
      if (want && sig.kind !== want) continue;
      const fields = FIELDS_BY_KIND[sig.kind];
      const found = new Set(texts.map((t) => (t ? fieldFor(fields, t) : undefined)).filter((x): x is string => !!x));
      const matches = sig.need.every((group) => group.some((f) => found.has(f)));
      if (matches && (!best || found.size > best.score)) best = { kind: sig.kind, rowIndex: i, score: found.size };
    }
    if (best) break;
  }
  if (!best) return { ok: false, error: noHeadingMessage(sheet, want) };

  const row = sheet.rows[best.rowIndex]!;
  const fields = FIELDS_BY_KIND[best.kind];
  const columns: Record<string, number> = {};
  const headingText: Record<string, string> = {};
  const ignored: string[] = [];
  row.cells.forEach((c, idx) => {
    const t = cellText(c);
    if (!t) return;
    const f = fieldFor(fields, t);
    if (f && columns[f] === undefined) {
      columns[f] = idx;
      headingText[f] = t;
    } else ignored.push(t);
  });
  const missing = Object.entries(fields).filter(([k, s]) => s.required && columns[k] === undefined);
  if (missing.length > 0) {
    const parts = missing.map(([, s]) => `"${s.label}" (accepted headings: ${s.synonyms.map((x) => `"${x}"`).join(', ')})`);
    return {
      ok: false,
      error: `line ${row.line}: this looks like ${kindLabel(best.kind)} but the heading row has no ${parts.join(' and no ')} column.`,
    };
  }
  return { ok: true, value: { kind: best.kind, rowIndex: best.rowIndex, line: row.line, columns, headingText, ignored } };
}

export function kindLabel(kind: FileKind): string {
  return { actions: 'an actions file', agencies: 'an agencies file', contracts: 'a contracts file', people: 'a people file' }[kind];
}

function noHeadingMessage(sheet: SourceSheet, want?: FileKind): string {
  const kinds = want ? [want] : (['actions', 'agencies', 'contracts', 'people'] as FileKind[]);
  const need = kinds.map((k) => {
    const req = Object.values(FIELDS_BY_KIND[k]).filter((s) => s.required).map((s) => `"${s.synonyms[0]}"`);
    return `${kindLabel(k)} needs columns ${req.join(', ')}`;
  });
  return `no heading row found in the first ${SCAN_ROWS} rows (${sheet.rows.length === 0 ? 'the sheet is empty' : 'no row names the columns'}). ` +
    `${need.join('; ')}. Headings are matched case-insensitively with common synonyms, e.g. Ref/ID/No., Action/Elements, Lead/Responsible agencies, Due/Target date/Deadline, RAG/Status.`;
}
