// Applying action rows: new refs are created, existing refs updated field by field, and
// every change leaves its history row — attributed to the importing person (`--as`), "via
// import" of the named file — so nothing is overwritten silently: status and update text,
// due date (a DueDateChange with the reason "import of FILE"), notes, and the other fields.
// Unchanged rows are not written at all. Open actions the file no longer names are listed,
// and with `prune` cancelled with a note.
import crypto from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client.js';
import type { ActionStatus, Via } from '../../generated/prisma/enums.js';
import { formatUkDate } from '../../calendar/uk-date.js';
import { STATUS_INFO } from '../status.js';
import { bulkInsert } from './bulk.js';
import { ensureHierarchy, pillarCode } from './hierarchy.js';
import type { ActionRow, Counts, FieldChange, RecordChange } from './types.js';

type Tx = Prisma.TransactionClient;

export interface ApplyActionsResult {
  created: { pillars: number; priorities: number; objectives: number; subgroups: number };
  generatedRefs: number;
  /** Open actions of the register that no row names (cancelled when `prune`). */
  missing: { ref: string; title: string; status: string }[];
  /** Status cells read as On track by assumption, by text. */
  assumed: { text: string; refs: string[] }[];
}

export interface ApplyActionsOptions {
  now: Date;
  via: Via;
  /** The person the import is attributed to (`--as`), or null. */
  personId?: string | null;
  /** The file a row came from, for the history ("via import of plan.csv"). */
  sourceOf?: (row: ActionRow) => string;
  /** Cancel the open actions the file no longer names. */
  prune?: boolean;
  /** The file names, for the prune note. */
  files?: string[];
}

/** History rows that carry a status update's note (not the rows recording other changes). */
export const UPDATE_ROWS = { OR: [{ change: null }, { change: 'created' }] } satisfies Prisma.StatusUpdateWhereInput;

const iso = (d: Date | null | undefined) => (d ? formatUkDate(d) : '');
const label = (s: string) => STATUS_INFO[s as keyof typeof STATUS_INFO]?.label ?? s;
const quoted = (t: string | null | undefined) => (t ? `"${t.length > 80 ? `${t.slice(0, 77)}…` : t}"` : 'none');
const normTitle = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();

export async function applyActions(
  tx: Tx,
  partnershipId: string,
  rows: ActionRow[],
  opts: ApplyActionsOptions,
  changes: RecordChange[],
  counts: Counts,
): Promise<ApplyActionsResult> {
  const empty = { created: { pillars: 0, priorities: 0, objectives: 0, subgroups: 0 }, generatedRefs: 0, missing: [], assumed: [] };
  if (rows.length === 0) return empty;
  const { now, via } = opts;
  const personId = opts.personId ?? null;
  const sourceOf = opts.sourceOf ?? ((r: ActionRow) => r.source);
  const existing = await tx.action.findMany({
    where: { partnershipId },
    include: { partners: { orderBy: { position: 'asc' } } },
  });
  const generatedRefs = assignRefs(rows, existing);
  const hierarchy = await ensureHierarchy(tx, partnershipId, rows, changes);
  const agencies = await tx.agency.findMany({ where: { partnershipId }, select: { id: true, name: true } });
  const agencyId = new Map(agencies.map((a) => [a.name.toLowerCase(), a.id]));
  const agencyName = new Map(agencies.map((a) => [a.id, a.name]));
  const idOf = (name: string) => {
    const id = agencyId.get(name.toLowerCase());
    if (!id) throw new Error(`import: agency "${name}" was validated but is not in the register`);
    return id;
  };
  const byRef = new Map(existing.map((a) => [a.ref, a]));
  const latestNotes = await tx.statusUpdate.findMany({
    where: { partnershipId, note: { not: null }, ...UPDATE_ROWS },
    orderBy: [{ actionId: 'asc' }, { createdAt: 'desc' }],
    distinct: ['actionId'],
    select: { actionId: true, note: true },
  });
  const latestNote = new Map(latestNotes.map((n) => [n.actionId, n.note ?? '']));

  const newActions: Prisma.ActionCreateManyInput[] = [];
  const newPartners: Prisma.ActionPartnerCreateManyInput[] = [];
  const updates: Prisma.StatusUpdateCreateManyInput[] = [];
  const dueChanges: Prisma.DueDateChangeCreateManyInput[] = [];
  const replacePartners: string[] = [];
  const assumed = new Map<string, string[]>();
  let position = 0;

  for (const row of rows) {
    position++;
    if (position % 1000 === 0) await new Promise((r) => setImmediate(r)); // let the bot answer requests during a large import
    const ref = row.ref!;
    const source = sourceOf(row);
    const history = (h: Omit<Prisma.StatusUpdateCreateManyInput, 'partnershipId' | 'via' | 'personId' | 'source' | 'createdAt'>) =>
      updates.push({ partnershipId, via, personId, source, createdAt: now, ...h });
    const assumedNote = row.statusAssumed
      ? `Status "${row.statusAssumed}" in ${source} read as On track (assumed: the file does not say whether it is on track)`
      : undefined;
    if (row.statusAssumed) assumed.set(row.statusAssumed, [...(assumed.get(row.statusAssumed) ?? []), ref]);
    const objectiveId = hierarchy.objectiveId(row);
    const leadId = row.lead === undefined ? undefined : row.lead === null ? null : idOf(row.lead);
    const partnerIds = row.partners?.map(idOf).filter((id) => id !== leadId);
    const old = byRef.get(ref);
    if (!old) {
      const id = crypto.randomUUID();
      const status = row.status ?? 'not_started';
      const touched = row.status !== undefined || row.update !== undefined;
      newActions.push({
        id, partnershipId, ref, title: row.title, objectiveId,
        leadAgencyId: leadId ?? null,
        subgroupId: hierarchy.subgroupOfObjective(objectiveId),
        dueDate: row.due ?? null, originalDueDate: row.due ?? null,
        status, statusSince: now, notes: row.notes ?? null,
        lastUpdateAt: touched ? now : null, position, createdAt: now,
      });
      (partnerIds ?? []).forEach((agencyId, i) => newPartners.push({ actionId: id, agencyId, position: i }));
      history({ actionId: id, change: 'created', oldStatus: null, newStatus: row.status ?? null, note: row.update ?? null });
      if (assumedNote) history({ actionId: id, change: 'status_assumed', note: assumedNote });
      changes.push({ kind: 'action', key: ref, change: 'created', fields: [] });
      counts.created++;
      continue;
    }

    const fields: FieldChange[] = [];
    const data: Prisma.ActionUncheckedUpdateInput = {};
    if (old.title !== row.title) {
      fields.push({ field: 'title', from: old.title, to: row.title });
      data.title = row.title;
    }
    if (old.objectiveId !== objectiveId) {
      const a = hierarchy.path(old.objectiveId);
      const b = hierarchy.path(objectiveId);
      for (const f of ['pillar', 'priority', 'objective'] as const) if (a[f] !== b[f]) fields.push({ field: f, from: a[f], to: b[f] });
      data.objectiveId = objectiveId;
      data.subgroupId = hierarchy.subgroupOfObjective(objectiveId);
    }
    if (leadId !== undefined && leadId !== old.leadAgencyId) {
      fields.push({ field: 'lead agency', from: old.leadAgencyId ? agencyName.get(old.leadAgencyId) ?? '' : '', to: row.lead ?? '' });
      data.leadAgencyId = leadId;
    }
    if (partnerIds !== undefined) {
      const before = old.partners.map((p) => p.agencyId);
      if (before.length !== partnerIds.length || [...before].sort().join() !== [...partnerIds].sort().join()) {
        fields.push({ field: 'partners', from: before.map((id) => agencyName.get(id)).join('; '), to: partnerIds.map((id) => agencyName.get(id)).join('; ') });
        replacePartners.push(old.id);
        partnerIds.forEach((agencyId, i) => newPartners.push({ actionId: old.id, agencyId, position: i }));
      }
    }
    const other = fields.map((f) => `${f.field} ${quoted(f.from)} → ${quoted(f.to)}`);
    if (row.due !== undefined && iso(row.due) !== iso(old.dueDate)) {
      const from = iso(old.dueDate) || 'no date';
      const to = iso(row.due) || 'no date';
      fields.push({ field: 'due date', from, to });
      data.dueDate = row.due;
      const reason = `import of ${source}`;
      if (!old.originalDueDate && !old.dueDate && row.due) {
        data.originalDueDate = row.due;
        history({ actionId: old.id, change: 'due', note: `Due date set to ${to}: ${reason}` });
      } else {
        dueChanges.push({ actionId: old.id, fromDate: old.dueDate, toDate: row.due, reason, via, personId, createdAt: now });
        if (old.dueDate && row.due) data.dueMoves = { increment: 1 };
        history({ actionId: old.id, change: 'due', note: `Due date moved from ${from} to ${to}: ${reason}` });
      }
    }
    if (row.notes !== undefined && (row.notes ?? null) !== (old.notes ?? null)) {
      fields.push({ field: 'notes', from: old.notes ?? '', to: row.notes ?? '' });
      data.notes = row.notes;
      history({ actionId: old.id, change: 'notes', note: `Notes changed from ${quoted(old.notes)} to ${quoted(row.notes)}` });
    }
    if (other.length) history({ actionId: old.id, change: 'fields', note: `Changed: ${other.join('; ')}` });
    const statusChanged = row.status !== undefined && row.status !== old.status;
    const noteChanged = row.update !== undefined && row.update !== (latestNote.get(old.id) ?? '');
    if (statusChanged) {
      fields.push({ field: 'status', from: label(old.status), to: label(row.status!) });
      data.status = row.status;
      data.statusSince = now;
    }
    if (noteChanged) fields.push({ field: 'update', from: latestNote.get(old.id) ?? '', to: row.update! });
    if (statusChanged || noteChanged) {
      data.lastUpdateAt = now;
      history({
        actionId: old.id,
        oldStatus: statusChanged ? old.status : null,
        newStatus: statusChanged ? row.status! : null,
        note: noteChanged ? row.update! : null,
      });
      if (statusChanged && assumedNote) history({ actionId: old.id, change: 'status_assumed', note: assumedNote });
    }
    if (fields.length === 0) {
      counts.unchanged++;
      continue;
    }
    data.version = { increment: 1 };
    await tx.action.update({ where: { id: old.id }, data });
    changes.push({ kind: 'action', key: ref, change: 'updated', fields });
    counts.updated++;
  }

  const missing = await missingActions(tx, partnershipId, rows, existing, opts, updates);

  await bulkInsert(tx, 'Action', newActions.map((a) => ({ ...a, updatedAt: now })));
  if (replacePartners.length > 0) await tx.actionPartner.deleteMany({ where: { actionId: { in: replacePartners } } });
  await bulkInsert(tx, 'ActionPartner', newPartners);
  await bulkInsert(tx, 'StatusUpdate', updates);
  await bulkInsert(tx, 'DueDateChange', dueChanges);
  return { created: hierarchy.created, generatedRefs, missing, assumed: [...assumed].map(([text, refs]) => ({ text, refs })) };
}

/** Open actions no row names; with `prune` they are cancelled, each with a history row saying why. */
async function missingActions(
  tx: Tx,
  partnershipId: string,
  rows: ActionRow[],
  existing: { id: string; ref: string; title: string; status: ActionStatus }[],
  opts: ApplyActionsOptions,
  updates: Prisma.StatusUpdateCreateManyInput[],
): Promise<ApplyActionsResult['missing']> {
  const named = new Set(rows.map((r) => r.ref));
  const gone = existing.filter((a) => !named.has(a.ref) && STATUS_INFO[a.status].open).sort((a, b) => a.ref.localeCompare(b.ref, 'en', { numeric: true }));
  if (opts.prune && gone.length) {
    const files = (opts.files ?? []).join(', ') || 'the imported file';
    await tx.action.updateMany({ where: { id: { in: gone.map((a) => a.id) } }, data: { status: 'cancelled', statusSince: opts.now, lastUpdateAt: opts.now, version: { increment: 1 } } });
    for (const a of gone) {
      updates.push({
        partnershipId, actionId: a.id, via: opts.via, personId: opts.personId ?? null, source: files, change: 'prune', createdAt: opts.now,
        oldStatus: a.status, newStatus: 'cancelled', note: `Cancelled: not in ${files} (import with --prune)`,
      });
    }
  }
  return gone.map((a) => ({ ref: a.ref, title: a.title, status: label(a.status) }));
}

/**
 * Rows without a ref (the file has no ref column) get one: the pillar code and a number
 * (BSC-01, TRS-12 …). An action already in the register with the same pillar code and title
 * keeps its ref, so re-importing the same file generates the same refs.
 */
function assignRefs(rows: ActionRow[], existing: { ref: string; title: string }[]): number {
  let generated = 0;
  const taken = new Set(existing.map((a) => a.ref));
  const next = new Map<string, number>();
  const claimed = new Set<string>();
  for (const row of rows) {
    if (row.ref) continue;
    const code = pillarCode(row.pillar);
    const match = existing.find((a) => a.ref.startsWith(`${code}-`) && !claimed.has(a.ref) && normTitle(a.title) === normTitle(row.title));
    if (match) {
      row.ref = match.ref;
      claimed.add(match.ref);
      continue;
    }
    let n = next.get(code) ?? Math.max(0, ...existing.filter((a) => a.ref.startsWith(`${code}-`)).map((a) => Number(a.ref.slice(code.length + 1)) || 0)) + 1;
    while (taken.has(`${code}-${String(n).padStart(2, '0')}`)) n++;
    row.ref = `${code}-${String(n).padStart(2, '0')}`;
    taken.add(row.ref);
    next.set(code, n + 1);
    generated++;
  }
  return generated;
}
