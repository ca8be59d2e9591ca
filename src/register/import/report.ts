// The import report as the coordinator reads it: what was read, counts, and every change by
// ref and field ("TRS-07: due 2025-03-31 → 2025-06-30").
import type { Counts, ImportReport } from './types.js';

const MAX_LISTED = 300;

function countLine(label: string, c: Counts): string | undefined {
  if (c.created + c.updated + c.unchanged === 0) return undefined;
  return `  ${label}: ${c.created} new, ${c.updated} changed, ${c.unchanged} unchanged`;
}

const short = (s: string) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one === '' ? '(empty)' : one.length > 60 ? `${one.slice(0, 57)}…` : one;
};

const list = (refs: string[]) => (refs.length > 12 ? `${refs.slice(0, 10).join(', ')} … ${refs[refs.length - 1]}` : refs.join(', '));

/** Open actions the file no longer names: listed, and cancelled when pruned. */
function missingLines(r: ImportReport): string[] {
  const m = r.missing ?? [];
  if (m.length === 0) return [];
  const out = [r.pruned
    ? `${r.dryRun ? 'Would cancel' : 'Cancelled'} (--prune) ${m.length} open action${m.length === 1 ? '' : 's'} not in the file, each with a note in its history:`
    : `Not in the file (${m.length} open action${m.length === 1 ? '' : 's'} of the register; left as they are — add --prune to cancel them):`];
  for (const a of m.slice(0, MAX_LISTED)) out.push(`  ${a.ref} ${short(a.title)} (${a.status})`);
  if (m.length > MAX_LISTED) out.push(`  … and ${m.length - MAX_LISTED} more`);
  return out;
}

export function formatImportReport(r: ImportReport): string {
  const out: string[] = [];
  const secs = (r.elapsedMs / 1000).toFixed(1);
  out.push(r.dryRun
    ? `Dry run for "${r.partnership}"${r.createdPartnership ? ' (a new partnership)' : ''}: nothing was written. This is what the import would do (${secs} s):`
    : `Imported into "${r.partnership}"${r.createdPartnership ? ' (new partnership created)' : ''} in ${secs} s.`);
  for (const s of r.sources) {
    out.push(`  ${s.source}: ${s.kind}, ${s.rows} rows (headings on line ${s.headingLine})${s.ignoredColumns.length ? `; columns not used: ${s.ignoredColumns.join(', ')}` : ''}`);
    for (const line of s.reading ?? []) out.push(`    read as: ${line}`);
  }
  if (r.attributedTo) out.push(`  changes are recorded as made by ${r.attributedTo.name} <${r.attributedTo.email}>, via import`);
  else if (r.attributedTo === null) out.push('  changes are not attributed to anyone (nobody is registered yet; next time use --as EMAIL)');
  const c = r.counts;
  const lines = [countLine('agencies', c.agencies), countLine('actions', c.actions), countLine('contracts', c.contracts), countLine('people', c.people)].filter(Boolean) as string[];
  out.push(...lines);
  const made = [c.pillars && `${c.pillars} pillars`, c.priorities && `${c.priorities} priorities`, c.objectives && `${c.objectives} objectives`, c.subgroups && `${c.subgroups} subgroups`].filter(Boolean);
  if (made.length) out.push(`  new: ${made.join(', ')}`);
  const changed = r.changes.filter((ch) => ch.change === 'updated');
  const created = r.changes.filter((ch) => ch.change === 'created' && ['action', 'contract', 'agency', 'person'].includes(ch.kind));
  if (changed.length === 0 && created.length === 0 && !(r.pruned && r.missing?.length)) {
    out.push('No changes: the register already matches the file.');
  } else {
    if (created.length > 0) {
      const byKind = new Map<string, string[]>();
      for (const ch of created) {
        const keys = byKind.get(ch.kind) ?? [];
        keys.push(ch.key); // push, not a copy per change: 20,000 new actions were O(n²), seconds of a stalled bot
        byKind.set(ch.kind, keys);
      }
      for (const [kind, keys] of byKind) {
        const shown = keys.length > 12 ? `${keys.slice(0, 10).join(', ')} … ${keys[keys.length - 1]}` : keys.join(', ');
        out.push(`New ${kind === 'agency' ? 'agencies' : `${kind}s`} (${keys.length}): ${shown}`);
      }
    }
    if (changed.length > 0) {
      out.push(`Changed (${changed.length}):`);
      for (const ch of changed.slice(0, MAX_LISTED)) {
        out.push(`  ${ch.kind === 'action' ? '' : `${ch.kind} `}${ch.key}: ${ch.fields.map((f) => `${f.field} "${short(f.from)}" → "${short(f.to)}"`).join('; ')}`);
      }
      if (changed.length > MAX_LISTED) out.push(`  … and ${changed.length - MAX_LISTED} more`);
    }
  }
  out.push(...missingLines(r));
  for (const a of r.assumed ?? []) {
    out.push(`Assumed: ${a.refs.length} row${a.refs.length === 1 ? ' says' : 's say'} "${a.text}", read as On track (${list(a.refs)}). Is that right? ` +
      `If "${a.text}" means something else here, say so before importing: cdp settings set importStatuses "${a.text.toLowerCase()}=at risk"`);
  }
  out.push(...r.notes.map((n) => `Note: ${n}`));
  return out.join('\n');
}
