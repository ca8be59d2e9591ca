// People: `cdp people import <csv|xlsx>` (name, email, agency, roles such as `admin`,
// `commissioner`, `chair: <subgroup>`) with the register import's all-or-nothing rules, and
// `cdp people list`. People are matched by email (stored lower case).
import crypto from 'node:crypto';
import type { Database } from '../db/client.js';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { RoleKind } from '../generated/prisma/enums.js';
import type { Result } from '../result.js';
import type { AgencyIndex } from './import/agencies.js';
import { PEOPLE_FIELDS } from './import/headings.js';
import type { ImportFailure, ImportReport } from './import/index.js';
import { importFile } from './import/index.js';
import type { Counts, FieldChange, PersonRole, PersonRow, Problem, RecordChange } from './import/types.js';
import { dataRows, RowReader, type SheetWithHeadings } from './import/validate.js';

const EMAIL_RE = /^[^@\s<>(),;:"]+@[^@\s<>(),;:"]+\.[^@\s<>(),;:"]+$/;
const norm = (s: string) => s.toLowerCase().replace(/&/g, ' and ').replace(/\s+/g, ' ').trim();

/** The subgroup a role names: exact name, else the one subgroup whose name contains the words given. */
export function matchSubgroup(text: string, names: string[]): string | undefined {
  const t = norm(text.replace(/\bsub-?group\b/gi, ''));
  const exact = names.find((n) => norm(n) === t);
  if (exact) return exact;
  const within = names.filter((n) => norm(n).includes(t));
  return within.length === 1 ? within[0] : undefined;
}

function parseRoles(text: string, subgroups: string[], r: RowReader): PersonRole[] {
  const roles: PersonRole[] = [];
  for (const part of text.split(/[;\n\r]+/).map((p) => p.trim()).filter(Boolean)) {
    const p = part.toLowerCase();
    if (/^(admin|administrator|coordinator)$/.test(p)) roles.push({ role: 'admin' });
    else if (/^commissioner$/.test(p)) roles.push({ role: 'commissioner' });
    else if (/^lead$|^member$/.test(p)) continue;
    else {
      const m = /^(?:co-?)?chair\s*(?::|of|-)?\s*(?:the\s+)?(.*)$/i.exec(part);
      if (!m || !m[1]!.trim()) {
        r.problem('roles', `"${part}" is not a role; accepted: admin, commissioner, chair: <subgroup> (several separated by ;)`);
        continue;
      }
      const sg = matchSubgroup(m[1]!, subgroups);
      if (!sg) r.problem('roles', `no subgroup "${m[1]!.trim()}"; subgroups: ${subgroups.map((s) => `"${s}"`).join(', ') || '(none yet: import the plan first)'}`);
      else roles.push({ role: 'chair', subgroup: sg });
    }
  }
  return roles;
}

export function validatePeople(sheets: SheetWithHeadings[], index: AgencyIndex, subgroups: string[], problems: Problem[]): PersonRow[] {
  const out: PersonRow[] = [];
  const seen = new Map<string, number>();
  for (const s of sheets) {
    for (const row of dataRows(s)) {
      const r = new RowReader(s, row, problems, PEOPLE_FIELDS);
      const before = problems.length;
      const name = r.required('name', 'the name');
      const email = r.required('email', 'the email').toLowerCase();
      if (email && !EMAIL_RE.test(email)) r.problem('email', `"${r.text('email')}" is not an email address (e.g. jo.bloggs@towerhamlets.gov.uk)`);
      else if (email && seen.has(email)) r.problem('email', `${email} is listed twice (also on line ${seen.get(email)})`);
      else if (email) seen.set(email, r.line);
      let agencies: string[] | undefined;
      if (r.has('agencies')) {
        const res = index.resolveList(r.text('agencies'));
        for (const u of res.unknown) {
          const near = index.suggest(u);
          r.problem('agencies', `unknown agency "${u}"${near ? ` — did you mean "${near}"?` : ''}`);
        }
        agencies = res.names;
      }
      const roles = r.has('roles') ? parseRoles(r.text('roles'), subgroups, r) : undefined;
      if (problems.length > before) continue;
      out.push({ source: r.source, line: r.line, name, email, agencies, roles });
    }
  }
  return out;
}

const roleKey = (r: { role: RoleKind; subgroupId?: string | null }) => `${r.role}:${r.subgroupId ?? ''}`;

export async function applyPeople(
  tx: Prisma.TransactionClient,
  partnershipId: string,
  rows: PersonRow[],
  changes: RecordChange[],
  counts: Counts,
  opts: { isDemo?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const people = await tx.person.findMany({ where: { partnershipId }, include: { agencies: true, roles: true } });
  const byEmail = new Map(people.map((p) => [p.email.toLowerCase(), p]));
  const agencies = await tx.agency.findMany({ where: { partnershipId }, select: { id: true, name: true } });
  const agencyId = new Map(agencies.map((a) => [a.name.toLowerCase(), a.id]));
  const agencyName = new Map(agencies.map((a) => [a.id, a.name]));
  const subgroups = await tx.subgroup.findMany({ where: { partnershipId }, select: { id: true, name: true } });
  const subgroupId = new Map(subgroups.map((s) => [s.name.toLowerCase(), s.id]));
  const subgroupName = new Map(subgroups.map((s) => [s.id, s.name]));
  const newPeople: Prisma.PersonCreateManyInput[] = [];
  const newMemberships: Prisma.PersonAgencyCreateManyInput[] = [];
  const newRoles: Prisma.PersonRoleCreateManyInput[] = [];
  const roleText = (r: { role: RoleKind; subgroupId?: string | null }) => (r.role === 'chair' ? `chair: ${subgroupName.get(r.subgroupId ?? '') ?? '?'}` : r.role);

  for (const row of rows) {
    const wantAgencies = row.agencies?.map((n) => agencyId.get(n.toLowerCase())!).filter(Boolean);
    const wantRoles = row.roles?.map((r) => ({ role: r.role, subgroupId: r.subgroup ? subgroupId.get(r.subgroup.toLowerCase()) ?? null : null }));
    const old = byEmail.get(row.email);
    if (!old) {
      const id = crypto.randomUUID();
      newPeople.push({ id, partnershipId, name: row.name, email: row.email, isDemo: opts.isDemo ?? false });
      for (const agencyId of new Set(wantAgencies ?? [])) newMemberships.push({ personId: id, agencyId });
      const unique = (wantRoles ?? []).filter((r, i, a) => a.findIndex((x) => roleKey(x) === roleKey(r)) === i);
      for (const r of unique) newRoles.push({ personId: id, role: r.role, subgroupId: r.subgroupId });
      changes.push({ kind: 'person', key: row.email, change: 'created', fields: [] });
      counts.created++;
      continue;
    }
    const fields: FieldChange[] = [];
    if (old.name !== row.name) {
      fields.push({ field: 'name', from: old.name, to: row.name });
      await tx.person.update({ where: { id: old.id }, data: { name: row.name } });
    }
    if (wantAgencies) {
      const before = old.agencies.map((a) => a.agencyId).sort();
      if (before.join() !== [...wantAgencies].sort().join()) {
        fields.push({ field: 'agencies', from: before.map((id) => agencyName.get(id)).join('; '), to: wantAgencies.map((id) => agencyName.get(id)).join('; ') });
        await tx.personAgency.deleteMany({ where: { personId: old.id } });
        await tx.personAgency.createMany({ data: wantAgencies.map((id) => ({ personId: old.id, agencyId: id })) });
      }
    }
    if (wantRoles) {
      const before = old.roles.map(roleKey).sort();
      const after = [...new Set(wantRoles.map(roleKey))].sort();
      if (before.join() !== after.join()) {
        fields.push({ field: 'roles', from: old.roles.map(roleText).join('; '), to: wantRoles.map(roleText).join('; ') });
        await tx.personRole.deleteMany({ where: { personId: old.id } });
        const unique = wantRoles.filter((r, i, a) => a.findIndex((x) => roleKey(x) === roleKey(r)) === i);
        await tx.personRole.createMany({ data: unique.map((r) => ({ personId: old.id, role: r.role, subgroupId: r.subgroupId })) });
      }
    }
    if (fields.length > 0) {
      changes.push({ kind: 'person', key: row.email, change: 'updated', fields });
      counts.updated++;
    } else counts.unchanged++;
  }
  if (newPeople.length) await tx.person.createMany({ data: newPeople });
  if (newMemberships.length) await tx.personAgency.createMany({ data: newMemberships });
  if (newRoles.length) await tx.personRole.createMany({ data: newRoles });
}

export interface ImportPeopleOptions {
  partnershipName?: string;
  file: string;
  dryRun?: boolean;
  now: Date;
}

/** `cdp people import`: a people file only, all or nothing, matched by email. */
export function importPeople(db: Database, opts: ImportPeopleOptions): Promise<Result<ImportReport, ImportFailure>> {
  return importFile(db, { ...opts, only: 'people', via: 'import' });
}

export interface PersonListing {
  name: string;
  email: string;
  agencies: string[];
  roles: string[];
  chatAccounts: string[];
  /** `cdp people set EMAIL channel …`; null: the first channel that reaches them. */
  preferredChannel: string | null;
}

export async function listPeople(prisma: PrismaClient, partnershipId: string): Promise<PersonListing[]> {
  const people = await prisma.person.findMany({
    where: { partnershipId },
    orderBy: [{ name: 'asc' }, { email: 'asc' }],
    include: { agencies: { include: { agency: true } }, roles: { include: { subgroup: true } }, identities: true },
  });
  return people.map((p) => ({
    name: p.name,
    email: p.email,
    agencies: p.agencies.map((a) => a.agency.name).sort(),
    roles: p.roles.map((r) => (r.role === 'chair' ? `chair: ${r.subgroup?.name ?? '?'}` : r.role)).sort(),
    chatAccounts: p.identities.map((i) => `${i.platform}:${i.externalId}`),
    preferredChannel: p.preferredChannel,
  }));
}
