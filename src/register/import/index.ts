// `cdp import`: read CSV/XLSX files, find what each sheet holds by its headings (actions,
// agencies, contracts, people), check every row, and apply everything in ONE transaction —
// or nothing, with every bad row listed. Re-importing the same file changes nothing.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Database } from '../../db/client.js';
import type { Via } from '../../generated/prisma/enums.js';
import { domainError, err, ok, type DomainError, type Result } from '../../result.js';
import { ensurePartnership, findPartnership } from '../partnerships.js';
import { applyPeople, validatePeople } from '../people-import.js';
import { AgencyIndex } from './agencies.js';
import { applyActions } from './apply-actions.js';
import { applyAgencies } from './apply-agencies.js';
import { applyContracts, linkTrackedContracts } from './apply-contracts.js';
import { findHeadings, kindLabel, type FileKind } from './headings.js';
import { applyOfficers, personIndexOf, validateOfficers } from './officers.js';
import { describeReading } from './reading.js';
import { readSettings } from '../../settings/index.js';
import { resolveImporter } from './importer.js';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './limits.js';
import { readImportFiles } from './read-off-thread.js';
import type { SourceSheet } from './read-table.js';
import { emptyCounts, type ImportReport, type Problem, type RecordChange } from './types.js';
import { dataRows, formatProblems, validateActions, validateAgencies, validateContracts, type SheetWithHeadings } from './validate.js';
import { registerChanged } from '../../core/resolution-cache.js';

export { formatImportReport } from './report.js';
export type { ImportReport } from './types.js';

export interface ImportOptions {
  /** Partnership to import into; created when it does not exist yet. Optional when there is exactly one. */
  partnershipName?: string;
  file?: string;
  /** Several files in one transaction (agencies are applied before actions, actions before contracts). */
  files?: string[];
  dryRun?: boolean;
  now: Date;
  via?: Via;
  /** Only accept sheets of this kind (people import). */
  only?: FileKind;
  /** Plan year for a partnership created by this import (default: from the file name, else the financial year of `now`). */
  planYear?: string;
  isDemo?: boolean;
  /**
   * Who the import's changes are attributed to: an email of a person of the partnership, or
   * 'auto' (the only admin; refused when there are several, or people but no admin). Left
   * out: not attributed (the demo, programmatic imports).
   */
  as?: string;
  /** Cancel open actions that the file no longer names (each with a note). */
  prune?: boolean;
  /** File size, unpacked XLSX size and row limits (default DEFAULT_IMPORT_LIMITS; the bot passes its configuration). */
  limits?: ImportLimits;
  /** Runs inside the import's transaction after everything is applied (the demo uses it). */
  inTransaction?: (tx: TxClient, report: ImportReport) => Promise<void>;
}

export type TxClient = Parameters<Parameters<Database['prisma']['$transaction']>[0]>[0];

export interface ImportFailure extends DomainError {
  problems?: Problem[];
}

class DryRunRollback extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run');
  }
}

/** When rows were refused for a partnership that does not exist yet, a mistyped name is the likely cause. */
async function newPartnershipNote(db: Database, name: string | undefined, existing: unknown): Promise<string> {
  if (existing || !name) return '';
  const others = await db.prisma.partnership.findMany({ select: { name: true }, orderBy: { name: 'asc' } });
  if (others.length === 0) return '';
  return `\nNote: there is no partnership "${name}" yet (this import would create it, with no agencies of its own). Partnerships: ${others.map((o) => `"${o.name}"`).join(', ')}.`;
}

/** The UK financial year containing `now`, e.g. 2026-11-22 → "2026-27". */
export function financialYearLabel(now: Date): string {
  const y = now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  return `${y}-${String((y + 1) % 100).padStart(2, '0')}`;
}

export async function importFile(db: Database, opts: ImportOptions): Promise<Result<ImportReport, ImportFailure>> {
  const files = opts.files ?? (opts.file ? [opts.file] : []);
  if (files.length === 0) return err(domainError('no_file', 'Give the file to import.', 'cdp import plan.xlsx [--dry-run]'));
  // Read, limit-checked and screened for personal data on a worker thread (off the request path).
  const read = await readImportFiles(files, opts.limits ?? DEFAULT_IMPORT_LIMITS, opts.now);
  if (!read.ok) return read;
  return importSheets(db, read.value, { ...opts, files });
}

export async function importSheets(
  db: Database,
  sheets: SourceSheet[],
  opts: ImportOptions & { files: string[] },
): Promise<Result<ImportReport, ImportFailure>> {
  const started = performance.now();
  const via = opts.via ?? 'import';

  // 1. Headings: which sheet is which kind.
  const found: SheetWithHeadings[] = [];
  const headingProblems: Problem[] = [];
  for (const sheet of sheets) {
    const h = findHeadings(sheet, opts.only);
    if (h.ok) found.push({ sheet, headings: h.value });
    else headingProblems.push({ source: sheet.source, reason: h.error });
  }
  // A workbook may carry other sheets (notes, lists): only refuse when a sheet looked like data but was incomplete, or nothing was found.
  const fatal = headingProblems.filter((p) => /this looks like/.test(p.reason) || found.length === 0);
  if (fatal.length > 0) return err({ code: 'bad_headings', message: `Nothing was imported.\n${formatProblems(fatal)}`, problems: fatal });
  const byKind = (k: FileKind) => found.filter((s) => s.headings.kind === k);
  for (const s of found) {
    if (dataRows(s).length === 0) {
      const p = { source: s.sheet.source, line: s.headings.line, reason: `has a heading row but no rows below it (read as ${kindLabel(s.headings.kind)})` };
      return err({ code: 'no_rows', message: `Nothing was imported.\n${formatProblems([p])}`, problems: [p] });
    }
  }

  // 2. The partnership (created by the import when named and new).
  const existing = await findPartnership(db.prisma, opts.partnershipName);
  if (!existing.ok && !(opts.partnershipName && existing.error.code !== 'partnership_required')) return existing;
  const partnership = existing.ok ? existing.value : undefined;

  // 3. Check every row against the register as it is plus this import.
  const problems: Problem[] = [];
  const index = new AgencyIndex();
  const actionRefs = new Set<string>();
  const subgroupNames: string[] = [];
  if (partnership) {
    const agencies = await db.prisma.agency.findMany({ where: { partnershipId: partnership.id }, include: { aliases: true } });
    for (const a of agencies) index.add(a.name, a.aliases.map((x) => x.alias));
    for (const a of await db.prisma.action.findMany({ where: { partnershipId: partnership.id }, select: { ref: true } })) actionRefs.add(a.ref);
    for (const s of await db.prisma.subgroup.findMany({ where: { partnershipId: partnership.id }, select: { name: true } })) subgroupNames.push(s.name);
  }
  const importer = await resolveImporter(db, partnership?.id, opts.as);
  if (!importer.ok) return importer;
  const defaultPillar = `${partnership?.name ?? opts.partnershipName ?? 'The'} delivery plan`;
  const agencies = validateAgencies(byKind('agencies'), index, problems);
  const statusSynonyms = partnership ? readSettings(partnership.settings).importStatuses : {};
  const actions = validateActions(byKind('actions'), index, problems, { defaultPillar, statusSynonyms });
  for (const a of actions) if (a.ref) actionRefs.add(a.ref);
  for (const a of actions) if (!subgroupNames.some((n) => n.toLowerCase() === a.pillar.toLowerCase())) subgroupNames.push(a.pillar);
  const contracts = validateContracts(byKind('contracts'), index, actionRefs, problems);
  const contractRefs = new Set([...contracts.map((c) => c.ref), ...(partnership ? (await db.prisma.contract.findMany({ where: { partnershipId: partnership.id }, select: { ref: true } })).map((c) => c.ref) : [])]);
  for (const a of actions) {
    if (a.contractRef && !contractRefs.has(a.contractRef)) problems.push({ source: a.source, line: a.line, reason: `contract: no contract ${a.contractRef} in the register or this import` });
  }
  const people = validatePeople(byKind('people'), index, subgroupNames, problems);
  const registered = partnership ? await db.prisma.person.findMany({ where: { partnershipId: partnership.id }, select: { name: true, email: true } }) : [];
  const headingOf = new Map(byKind('actions').map((s) => [s.sheet.source, s.headings.headingText]));
  const officers = validateOfficers(actions, personIndexOf(registered, people), problems, (row, f) => headingOf.get(row.source)?.[f] ?? f);
  if (problems.length > 0) {
    const lines = new Set(problems.map((p) => `${p.source}:${p.line}`)).size;
    return err({
      code: 'bad_rows',
      message: `Nothing was imported: ${lines} row${lines === 1 ? ' has' : 's have'} problems. Fix them and import the file again.\n${formatProblems(problems)}${await newPartnershipNote(db, opts.partnershipName, partnership)}`,
      problems,
    });
  }

  // 4. Apply, in one transaction (rolled back at the end of a dry run).
  const counts: ImportReport['counts'] = {
    agencies: emptyCounts(), actions: emptyCounts(), contracts: emptyCounts(), people: emptyCounts(),
    pillars: 0, priorities: 0, objectives: 0, subgroups: 0,
  };
  const changes: RecordChange[] = [];
  const notes: string[] = [];
  const planYear = opts.planYear ?? opts.files.map((f) => /(20\d\d)[-_/](\d\d)\b/.exec(path.basename(f))).find(Boolean)?.slice(1).join('-') ?? financialYearLabel(opts.now);
  const run = async (tx: TxClient): Promise<ImportReport> => {
    const ensured = partnership
      ? { partnership, created: false }
      : await ensurePartnership(tx, { name: opts.partnershipName!, planYear, isDemo: opts.isDemo });
    const pid = ensured.partnership.id;
    await applyAgencies(tx, pid, agencies, changes, counts.agencies);
    const fileOf = (source: string) => source.replace(/, sheet ".*"$/, '');
    const a = await applyActions(tx, pid, actions, {
      now: opts.now, via, personId: importer.value?.id ?? null, sourceOf: (r) => fileOf(r.source),
      prune: opts.prune, files: opts.files.map((f) => path.basename(f)),
    }, changes, counts.actions);
    counts.pillars = a.created.pillars;
    counts.priorities = a.created.priorities;
    counts.objectives = a.created.objectives;
    counts.subgroups = a.created.subgroups;
    if (a.generatedRefs > 0) notes.push(`The file has no ref column: ${a.generatedRefs} refs were generated from the pillar code and a number (e.g. TRS-12); re-importing the same file keeps them (matched by title).`);
    await applyContracts(tx, pid, contracts, { now: opts.now, via }, changes, counts.contracts);
    await linkTrackedContracts(tx, pid, actions);
    await applyPeople(tx, pid, people, changes, counts.people, { isDemo: opts.isDemo });
    await applyOfficers(tx, pid, officers, { now: opts.now, via, personId: importer.value?.id ?? null, sourceOf: (r) => fileOf(r.source) }, changes, counts.actions);
    const report: ImportReport = {
      partnership: ensured.partnership.name,
      partnershipId: pid,
      createdPartnership: ensured.created,
      dryRun: !!opts.dryRun,
      sources: found.map((s) => ({
        source: s.sheet.source, kind: s.headings.kind, rows: dataRows(s).length, headingLine: s.headings.line, ignoredColumns: s.headings.ignored,
        reading: describeReading(s.headings, defaultPillar),
      })),
      counts,
      changes,
      notes,
      attributedTo: importer.value ? { name: importer.value.name, email: importer.value.email } : opts.as === undefined ? undefined : null,
      missing: a.missing,
      pruned: !!opts.prune,
      assumed: a.assumed,
      elapsedMs: 0,
    };
    if (opts.inTransaction) await opts.inTransaction(tx, report);
    if (opts.dryRun) throw new DryRunRollback(report);
    return report;
  };
  let report: ImportReport;
  try {
    report = await db.prisma.$transaction(run, { timeout: 600_000, maxWait: 60_000 });
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
    report = e.report;
  }
  report.elapsedMs = Math.round(performance.now() - started);
  registerChanged(); // people, agencies, roles or subgroups may have changed
  return ok(report);
}
