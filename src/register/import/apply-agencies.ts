// Applying an agencies file: create new agencies with their aliases, update the kind and
// short name and alias list of existing ones (matched by name, case-insensitively). Agencies not in the
// file are left alone.
import crypto from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client.js';
import { normalizeAgency } from './agencies.js';
import type { AgencyRow, Counts, RecordChange } from './types.js';

type Tx = Prisma.TransactionClient;

export async function applyAgencies(
  tx: Tx,
  partnershipId: string,
  rows: AgencyRow[],
  changes: RecordChange[],
  counts: Counts,
): Promise<void> {
  if (rows.length === 0) return;
  const existing = await tx.agency.findMany({ where: { partnershipId }, include: { aliases: true } });
  const byName = new Map(existing.map((a) => [a.name.toLowerCase(), a]));
  const newAgencies: Prisma.AgencyCreateManyInput[] = [];
  const newAliases: Prisma.AgencyAliasCreateManyInput[] = [];
  for (const row of rows) {
    const found = byName.get(row.name.toLowerCase());
    const wanted = uniqueAliases(row.name, row.aliases);
    if (!found) {
      const id = crypto.randomUUID();
      newAgencies.push({ id, partnershipId, name: row.name, kind: row.kind ?? null, shortName: row.shortName ?? null });
      for (const a of wanted) newAliases.push({ partnershipId, agencyId: id, alias: a.text, normalized: a.key });
      changes.push({ kind: 'agency', key: row.name, change: 'created', fields: [] });
      counts.created++;
      continue;
    }
    const fields: RecordChange['fields'] = [];
    if (row.kind !== undefined && (row.kind ?? null) !== found.kind) {
      fields.push({ field: 'kind', from: found.kind ?? '', to: row.kind ?? '' });
      await tx.agency.update({ where: { id: found.id }, data: { kind: row.kind } });
    }
    if (row.shortName !== undefined && (row.shortName ?? null) !== found.shortName) {
      fields.push({ field: 'short_name', from: found.shortName ?? '', to: row.shortName ?? '' });
      await tx.agency.update({ where: { id: found.id }, data: { shortName: row.shortName } });
    }
    const have = new Map(found.aliases.map((a) => [a.normalized, a]));
    const want = new Map(wanted.map((a) => [a.key, a.text]));
    const removed = found.aliases.filter((a) => !want.has(a.normalized));
    const added = wanted.filter((a) => !have.has(a.key));
    if (removed.length > 0) await tx.agencyAlias.deleteMany({ where: { id: { in: removed.map((a) => a.id) } } });
    for (const a of added) newAliases.push({ partnershipId, agencyId: found.id, alias: a.text, normalized: a.key });
    if (removed.length > 0 || added.length > 0) {
      const show = (list: { alias: string }[]) => list.filter((a) => normalizeAgency(a.alias) !== normalizeAgency(found.name)).map((a) => a.alias).join('; ');
      fields.push({ field: 'aliases', from: show(found.aliases), to: show(wanted.map((a) => ({ alias: a.text }))) });
    }
    if (fields.length > 0) {
      changes.push({ kind: 'agency', key: found.name, change: 'updated', fields });
      counts.updated++;
    } else counts.unchanged++;
  }
  if (newAgencies.length > 0) await tx.agency.createMany({ data: newAgencies });
  if (newAliases.length > 0) await tx.agencyAlias.createMany({ data: newAliases });
}

/** The agency's name and aliases as alias rows (the name is indexed too), without repeats. */
function uniqueAliases(name: string, aliases: string[]): { text: string; key: string }[] {
  const out: { text: string; key: string }[] = [];
  for (const text of [name, ...aliases]) {
    const key = normalizeAgency(text);
    if (key && !out.some((o) => o.key === key)) out.push({ text: text.trim(), key });
  }
  return out;
}
