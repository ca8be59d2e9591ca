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

export function formatImportReport(r: ImportReport): string {
  const out: string[] = [];
  const secs = (r.elapsedMs / 1000).toFixed(1);
  out.push(r.dryRun
    ? `Dry run for "${r.partnership}"${r.createdPartnership ? ' (a new partnership)' : ''}: nothing was written. This is what the import would do (${secs} s):`
    : `Imported into "${r.partnership}"${r.createdPartnership ? ' (new partnership created)' : ''} in ${secs} s.`);
  for (const s of r.sources) {
    out.push(`  ${s.source}: ${s.kind}, ${s.rows} rows (headings on line ${s.headingLine})${s.ignoredColumns.length ? `; columns not used: ${s.ignoredColumns.join(', ')}` : ''}`);
  }
  const c = r.counts;
  const lines = [countLine('agencies', c.agencies), countLine('actions', c.actions), countLine('contracts', c.contracts), countLine('people', c.people)].filter(Boolean) as string[];
  out.push(...lines);
  const made = [c.pillars && `${c.pillars} pillars`, c.priorities && `${c.priorities} priorities`, c.objectives && `${c.objectives} objectives`, c.subgroups && `${c.subgroups} subgroups`].filter(Boolean);
  if (made.length) out.push(`  new: ${made.join(', ')}`);
  const changed = r.changes.filter((ch) => ch.change === 'updated');
  const created = r.changes.filter((ch) => ch.change === 'created' && ['action', 'contract', 'agency', 'person'].includes(ch.kind));
  if (changed.length === 0 && created.length === 0) {
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
  out.push(...r.notes.map((n) => `Note: ${n}`));
  return out.join('\n');
}
