// Lead officers and deputies named per action (SPEC §10 Roles): a cell holds an email or a
// name ("Jo Bloggs", "Jo Bloggs <jo@x.gov.uk>") matched to a person of the register or of the
// same import's people sheet. Checked after the people rows (so a plan and its people can
// come in one go) and applied after them, each change with its history row.
import { closest, distance } from 'fastest-levenshtein';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Via } from '../../generated/prisma/enums.js';
import { bulkInsert } from './bulk.js';
import type { ActionRow, Counts, PersonRow, Problem, RecordChange } from './types.js';

type Tx = Prisma.TransactionClient;

const normName = (s: string) => s.toLowerCase().replace(/[.'’]/g, '').replace(/\s+/g, ' ').trim();
const EMAIL_IN = /<?([^\s<>(),;:"]+@[^\s<>(),;:"]+\.[^\s<>(),;:"]+)>?/;

export class PersonIndex {
  private byEmail = new Map<string, string>();
  private byName = new Map<string, string[]>();
  private display = new Map<string, string>();

  add(name: string, email: string): void {
    const e = email.toLowerCase();
    if (this.byEmail.has(e)) return;
    this.byEmail.set(e, e);
    this.display.set(e, name);
    const k = normName(name);
    this.byName.set(k, [...(this.byName.get(k) ?? []), e]);
  }

  /** The email of the person a cell names, or why it names nobody. */
  resolve(text: string): { email: string } | { problem: string } {
    const m = EMAIL_IN.exec(text);
    if (m) {
      const e = m[1]!.toLowerCase();
      if (this.byEmail.has(e)) return { email: e };
      return { problem: `no person with the email ${e} in the register (add them with \`cdp people import\`, or a people sheet in this import)` };
    }
    const hits = this.byName.get(normName(text)) ?? [];
    if (hits.length === 1) return { email: hits[0]! };
    if (hits.length > 1) return { problem: `${hits.length} people are called "${text}" (${hits.join(', ')}): give the email instead` };
    const names = [...this.byName.keys()];
    const near = names.length ? closest(normName(text), names) : undefined;
    const hint = near && distance(near, normName(text)) <= Math.max(2, Math.floor(near.length / 4)) ? ` — did you mean "${this.display.get(this.byName.get(near)![0]!)}"?` : '';
    return { problem: `no person called "${text}"${hint} (give an email or a name of someone registered: \`cdp people list\`)` };
  }

  nameOf(email: string): string {
    return this.display.get(email) ?? email;
  }
}

/** Resolved lead officer and deputies per row (emails); problems for names that match nobody. */
export interface OfficerRow {
  row: ActionRow;
  /** undefined: no column; null: empty cell. */
  lead?: string | null;
  deputies?: string[];
}

export function validateOfficers(actions: ActionRow[], index: PersonIndex, problems: Problem[], column: (row: ActionRow, field: 'leadOfficer' | 'deputies') => string): OfficerRow[] {
  const out: OfficerRow[] = [];
  for (const row of actions) {
    if (row.leadOfficer === undefined && row.deputies === undefined) continue;
    const o: OfficerRow = { row };
    let bad = false;
    const one = (text: string, field: 'leadOfficer' | 'deputies') => {
      const r = index.resolve(text);
      if ('email' in r) return r.email;
      problems.push({ source: row.source, line: row.line, column: column(row, field), reason: r.problem });
      bad = true;
      return undefined;
    };
    if (row.leadOfficer !== undefined) o.lead = row.leadOfficer === null ? null : one(row.leadOfficer, 'leadOfficer') ?? null;
    if (row.deputies !== undefined) o.deputies = row.deputies.map((d) => one(d, 'deputies')).filter((e): e is string => !!e && e !== o.lead);
    if (!bad) out.push(o);
  }
  return out;
}

export interface OfficerApplyContext {
  now: Date;
  via: Via;
  personId: string | null;
  /** The file's name for the history ("via import of plan.csv"). */
  sourceOf: (row: ActionRow) => string;
}

/** Sets lead officers and deputies; each change is a field in the report and a history row. */
export async function applyOfficers(tx: Tx, partnershipId: string, rows: OfficerRow[], ctx: OfficerApplyContext, changes: RecordChange[], counts: Counts): Promise<void> {
  if (rows.length === 0) return;
  const people = await tx.person.findMany({ where: { partnershipId }, select: { id: true, email: true, name: true } });
  const idOf = new Map(people.map((p) => [p.email.toLowerCase(), p.id]));
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  const actions = await tx.action.findMany({
    where: { partnershipId, ref: { in: rows.map((r) => r.row.ref!) } },
    select: { id: true, ref: true, leadOfficerId: true, deputies: { orderBy: { position: 'asc' }, select: { personId: true } } },
  });
  const byRef = new Map(actions.map((a) => [a.ref, a]));
  const history: Prisma.StatusUpdateCreateManyInput[] = [];
  const deputyRows: Prisma.ActionDeputyCreateManyInput[] = [];
  const replaceDeputies: string[] = [];
  const names = (ids: (string | null)[]) => ids.filter((x): x is string => !!x).map((id) => nameOf.get(id) ?? '?').join('; ') || 'nobody';
  for (const o of rows) {
    const a = byRef.get(o.row.ref!);
    if (!a) continue;
    const fields: RecordChange['fields'] = [];
    const notes: string[] = [];
    const leadId = o.lead === undefined ? undefined : o.lead === null ? null : idOf.get(o.lead) ?? null;
    if (leadId !== undefined && leadId !== a.leadOfficerId) {
      fields.push({ field: 'lead officer', from: names([a.leadOfficerId]), to: names([leadId]) });
      notes.push(`Lead officer: ${names([a.leadOfficerId])} → ${names([leadId])}`);
      await tx.action.update({ where: { id: a.id }, data: { leadOfficerId: leadId, version: { increment: 1 } } });
    }
    if (o.deputies !== undefined) {
      const before = a.deputies.map((d) => d.personId);
      const after = o.deputies.map((e) => idOf.get(e)).filter((x): x is string => !!x);
      if (before.join() !== after.join()) {
        fields.push({ field: 'deputies', from: names(before), to: names(after) });
        notes.push(`Deputies: ${names(before)} → ${names(after)}`);
        replaceDeputies.push(a.id);
        after.forEach((personId, position) => deputyRows.push({ actionId: a.id, personId, position }));
      }
    }
    if (fields.length === 0) continue;
    history.push({ partnershipId, actionId: a.id, personId: ctx.personId, via: ctx.via, source: ctx.sourceOf(o.row), change: 'lead_officer', note: notes.join('; '), createdAt: ctx.now });
    const existing = changes.find((c) => c.kind === 'action' && c.key === a.ref);
    if (existing) {
      existing.fields.push(...fields);
    } else {
      changes.push({ kind: 'action', key: a.ref, change: 'updated', fields });
      counts.unchanged--;
      counts.updated++;
    }
  }
  if (replaceDeputies.length) await tx.actionDeputy.deleteMany({ where: { actionId: { in: replaceDeputies } } });
  await bulkInsert(tx, 'ActionDeputy', deputyRows);
  await bulkInsert(tx, 'StatusUpdate', history);
}

/** The people an import can name: the register's, plus the people rows of the same import. */
export function personIndexOf(existing: { name: string; email: string }[], imported: PersonRow[]): PersonIndex {
  const idx = new PersonIndex();
  for (const p of existing) idx.add(p.name, p.email);
  for (const p of imported) idx.add(p.name, p.email);
  return idx;
}
