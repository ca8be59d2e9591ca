// Turning sheet rows into checked records. Every problem is collected (never just the first),
// as `line N, column <Heading>: reason`, so a coordinator can fix the file in one go.
import { ACCEPTED_DATE_FORMS, excelSerialToDate, parseUkDate } from '../../calendar/uk-date.js';
import { parseRoute, parseStage } from '../status.js';
import { ownerMeansAgency, readStatus, splitPeople } from './status-words.js';
import { AgencyIndex } from './agencies.js';
import { ACTION_FIELDS, AGENCY_FIELDS, CONTRACT_FIELDS, type HeadingMap } from './headings.js';
import { cellText, type CellValue, type SourceRow, type SourceSheet } from './read-table.js';
import type { ActionReadOptions, ActionRow, AgencyRow, ContractRow, Problem } from './types.js';

export interface SheetWithHeadings {
  sheet: SourceSheet;
  headings: HeadingMap;
}

/** Data rows below the heading row, blank rows skipped. */
export function dataRows(s: SheetWithHeadings): SourceRow[] {
  return s.sheet.rows.slice(s.headings.rowIndex + 1).filter((r) => r.cells.some((c) => cellText(c) !== ''));
}

export class RowReader {
  constructor(
    private readonly s: SheetWithHeadings,
    private readonly row: SourceRow,
    private readonly problems: Problem[],
    private readonly labels: Record<string, { label: string }>,
  ) {}

  has(field: string): boolean {
    return this.s.headings.columns[field] !== undefined;
  }

  raw(field: string): CellValue | undefined {
    const idx = this.s.headings.columns[field];
    return idx === undefined ? undefined : this.row.cells[idx];
  }

  text(field: string): string {
    return cellText(this.raw(field));
  }

  column(field: string): string {
    return this.s.headings.headingText[field] ?? this.labels[field]?.label ?? field;
  }

  problem(field: string | undefined, reason: string): void {
    this.problems.push({ source: this.s.sheet.source, line: this.row.line, column: field ? this.column(field) : undefined, reason });
  }

  required(field: string, what: string): string {
    const t = this.text(field);
    if (!t) this.problem(field, `${what} is empty`);
    return t;
  }

  /** A date cell: null for no date, undefined for an empty cell or no column; problems recorded. */
  date(field: string): Date | null | undefined {
    const v = this.raw(field);
    if (v === undefined || v === null) return undefined;
    if (v instanceof Date) return v;
    if (typeof v === 'number') {
      if (v >= 20000 && v < 100000) return excelSerialToDate(v);
      this.problem(field, `${v} is not a date; ${ACCEPTED_DATE_FORMS}`);
      return undefined;
    }
    const r = parseUkDate(v);
    if (!r.ok) {
      this.problem(field, r.error);
      return undefined;
    }
    return r.value;
  }

  get line(): number {
    return this.row.line;
  }

  get source(): string {
    return this.s.sheet.source;
  }
}

const splitList = (t: string) => t.split(/[;\n\r]+/).map((x) => x.trim()).filter(Boolean);

export function validateAgencies(sheets: SheetWithHeadings[], index: AgencyIndex, problems: Problem[]): AgencyRow[] {
  const out: AgencyRow[] = [];
  const seen = new Map<string, number>();
  for (const s of sheets) {
    for (const row of dataRows(s)) {
      const r = new RowReader(s, row, problems, AGENCY_FIELDS);
      const name = r.required('name', 'the agency name');
      if (!name) continue;
      const key = name.toLowerCase();
      if (seen.has(key)) {
        r.problem('name', `agency "${name}" is listed twice (also on line ${seen.get(key)})`);
        continue;
      }
      seen.set(key, r.line);
      const aliases = r.has('aliases') ? splitList(r.text('aliases')) : [];
      for (const clash of index.add(name, aliases)) {
        if (clash.owner.toLowerCase() !== key) r.problem(clash.text === name ? 'name' : 'aliases', `"${clash.text}" already names the agency "${clash.owner}"`);
      }
      out.push({ source: r.source, line: r.line, name, aliases, kind: r.has('kind') ? r.text('kind') || null : undefined, shortName: r.has('shortName') ? r.text('shortName') || null : undefined });
    }
  }
  return out;
}

const REF_RE = /^[A-Z0-9][A-Z0-9._/-]{0,29}$/;

function agencyProblem(r: RowReader, field: string, unknown: string[], index: AgencyIndex): void {
  for (const u of unknown) {
    const near = index.suggest(u);
    r.problem(field, `unknown agency "${u}"${near ? ` — did you mean "${near}"?` : ''} (add it to the agencies file, or as an alias of an existing agency)`);
  }
}

export function validateActions(sheets: SheetWithHeadings[], index: AgencyIndex, problems: Problem[], opts: ActionReadOptions): ActionRow[] {
  const out: ActionRow[] = [];
  const seenRefs = new Map<string, number>();
  for (const s of sheets) {
    // Flat trackers: a missing level becomes one default level named after its parent
    // (no pillar column: the plan itself; no priority: the pillar; no objective: the priority).
    const has = (f: string) => s.headings.columns[f] !== undefined;
    ownerMeansAgency(s.headings, dataRows(s), index);
    // Plans often write the pillar, priority and objective once (merged cells, or a section
    // row) for the actions below them: an empty cell takes the value from above.
    const above = { pillar: has('pillar') ? '' : opts.defaultPillar, priority: '', objective: '' };
    for (const row of dataRows(s)) {
      const r = new RowReader(s, row, problems, ACTION_FIELDS);
      const before = problems.length;
      if (!r.text('title') && !r.text('ref') && (r.text('pillar') || r.text('priority') || r.text('objective'))) {
        // A section row: sets the context of the rows below, is not an action itself.
        if (r.text('pillar')) Object.assign(above, { pillar: r.text('pillar'), priority: '', objective: '' });
        if (r.text('priority')) Object.assign(above, { priority: r.text('priority'), objective: '' });
        if (r.text('objective')) above.objective = r.text('objective');
        continue;
      }
      let ref: string | undefined;
      if (r.has('ref')) {
        ref = r.text('ref').toUpperCase().replace(/\s+/g, '');
        if (!ref) r.problem('ref', 'the ref is empty (every action needs one, e.g. TRS-07)');
        else if (!REF_RE.test(ref)) r.problem('ref', `"${r.text('ref')}" is not a ref: use letters, digits and dashes, e.g. TRS-07`);
        else if (seenRefs.has(ref)) r.problem('ref', `duplicate ref ${ref} (also on line ${seenRefs.get(ref)})`);
        else seenRefs.set(ref, r.line);
      }
      const title = r.required('title', 'the action text');
      if (r.text('pillar') && r.text('pillar') !== above.pillar) Object.assign(above, { pillar: r.text('pillar'), priority: '', objective: '' });
      if (r.text('priority') && r.text('priority') !== above.priority) Object.assign(above, { priority: r.text('priority'), objective: '' });
      if (r.text('objective')) above.objective = r.text('objective');
      const pillar = above.pillar;
      if (!pillar) r.problem('pillar', `the ${r.column('pillar').toLowerCase()} is empty (and no row above names one)`);
      const priority = above.priority || pillar;
      const objective = above.objective || (has('objective') ? '' : priority);
      if (!objective) r.problem('objective', 'the objective is empty (and no row above names one)');
      let lead: string | null | undefined;
      let extraPartners: string[] = [];
      if (r.has('lead')) {
        const t = r.text('lead');
        if (!t) lead = null;
        else {
          const res = index.resolveList(t);
          agencyProblem(r, 'lead', res.unknown, index);
          lead = res.names[0] ?? null;
          // A lead cell naming several agencies ("Responsible agencies"): the first leads, the rest are partners.
          extraPartners = res.names.slice(1);
        }
      }
      let partners: string[] | undefined;
      if (r.has('partners')) {
        const res = index.resolveList(r.text('partners'));
        agencyProblem(r, 'partners', res.unknown, index);
        partners = [...extraPartners, ...res.names].filter((n, i, a) => n !== lead && a.indexOf(n) === i);
      } else if (extraPartners.length > 0) {
        partners = extraPartners;
      }
      const due = r.date('due');
      const st = readStatus(r, opts.statusSynonyms ?? {}, due);
      const status = st.status;
      if (problems.length > before) continue;
      out.push({
        source: r.source,
        line: r.line,
        ref,
        pillar,
        priority,
        objective,
        title,
        lead,
        partners,
        leadOfficer: r.has('leadOfficer') ? r.text('leadOfficer') || null : undefined,
        deputies: r.has('deputies') ? splitPeople(r.text('deputies')) : undefined,
        due,
        status,
        ...(st.assumed ? { statusAssumed: st.assumed } : {}),
        update: r.text('update') || undefined,
        ...(r.text('subgroup') ? { subgroup: r.text('subgroup') } : {}),
        notes: r.has('notes') ? r.text('notes') || null : undefined,
        ...(r.text('contract') ? { contractRef: r.text('contract').toUpperCase().replace(/\s+/g, '') } : {}),
      });
    }
  }
  return out;
}

const ACTION_IN_NOTES = /\baction\s+([A-Za-z]{1,6}-?\d{1,4})\b/i;

export function validateContracts(
  sheets: SheetWithHeadings[],
  index: AgencyIndex,
  actionRefs: Set<string>,
  problems: Problem[],
): ContractRow[] {
  const out: ContractRow[] = [];
  const seen = new Map<string, number>();
  for (const s of sheets) {
    for (const row of dataRows(s)) {
      const r = new RowReader(s, row, problems, CONTRACT_FIELDS);
      const before = problems.length;
      const ref = r.required('ref', 'the contract ref').toUpperCase().replace(/\s+/g, '');
      if (ref && seen.has(ref)) r.problem('ref', `duplicate contract ref ${ref} (also on line ${seen.get(ref)})`);
      else if (ref) seen.set(ref, r.line);
      const service = r.required('service', 'the service');
      const expiry = r.date('expiry');
      if (expiry === null || (expiry === undefined && !r.text('expiry'))) r.problem('expiry', 'a contract needs an expiry date, e.g. 31/03/2026');
      let commissioner: string | null | undefined;
      if (r.has('commissioner')) {
        const t = r.text('commissioner');
        if (!t) commissioner = null;
        else {
          const res = index.resolveList(t);
          agencyProblem(r, 'commissioner', res.unknown, index);
          commissioner = res.names[0] ?? null;
        }
      }
      let route, stage;
      if (r.text('route')) {
        route = parseRoute(r.text('route'));
        if (!route) r.problem('route', `"${r.text('route')}" is not a reprocurement route; accepted: undecided, direct award A/B/C, most suitable provider, competitive, extension, decommission`);
      }
      if (r.text('stage')) {
        stage = parseStage(r.text('stage'));
        if (!stage) r.problem('stage', `"${r.text('stage')}" is not a stage; accepted: not started, options appraisal, route decided, notice published, standstill, awarded, mobilising, live, extended, decommissioned`);
      }
      let value: string | null | undefined;
      if (r.has('value')) {
        const t = r.text('value').replace(/[£,\s]/g, '');
        if (!t) value = null;
        else if (!/^\d+(\.\d{1,2})?$/.test(t)) r.problem('value', `"${r.text('value')}" is not an amount; write it like 125000 or £125,000.00`);
        else value = Number(t).toFixed(2);
      }
      const notes = r.has('notes') ? r.text('notes') || null : undefined;
      let actionRef: string | null | undefined;
      if (r.text('action')) actionRef = r.text('action').toUpperCase();
      else if (notes && ACTION_IN_NOTES.test(notes)) actionRef = ACTION_IN_NOTES.exec(notes)![1]!.toUpperCase();
      else if (r.has('action')) actionRef = null;
      if (actionRef && !actionRefs.has(actionRef)) {
        r.problem(r.text('action') ? 'action' : 'notes', `no action ${actionRef} in the register or this import`);
      }
      const start = r.date('start');
      const noticeDate = r.date('noticeDate');
      if (problems.length > before || !expiry) continue;
      out.push({
        source: r.source,
        line: r.line,
        ref,
        service,
        provider: r.has('provider') ? r.text('provider') || null : undefined,
        commissioner,
        start: r.has('start') ? start ?? null : undefined,
        expiry,
        extension: r.has('extension') ? r.text('extension') || null : undefined,
        noticeDate: r.has('noticeDate') ? noticeDate ?? null : undefined,
        value,
        route,
        stage,
        actionRef,
        notes,
      });
    }
  }
  return out;
}

/** "plan.csv:\n  line 12, column Lead: unknown agency …" grouped by file/sheet. */
export function formatProblems(problems: Problem[]): string {
  const bySource = new Map<string, Problem[]>();
  for (const p of problems) bySource.set(p.source, [...(bySource.get(p.source) ?? []), p]);
  const lines: string[] = [];
  for (const [source, list] of bySource) {
    lines.push(`${source}:`);
    const sorted = [...list].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const shown = sorted.slice(0, 200);
    for (const p of shown) {
      const where = [p.line !== undefined ? `line ${p.line}` : undefined, p.column ? `column ${p.column}` : undefined].filter(Boolean).join(', ');
      lines.push(`  ${where ? `${where}: ` : ''}${p.reason}`);
    }
    if (sorted.length > shown.length) lines.push(`  … and ${sorted.length - shown.length} more problems in this file`);
  }
  return lines.join('\n');
}
