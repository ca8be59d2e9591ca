// The bench's results: rows of one table (measure, database, figure, baseline, target, met),
// statistics helpers and progress lines on stderr.
export type DbKind = 'pglite' | 'postgres';

export interface Row {
  /** e.g. "1 Slack ack c=20". */
  measure: string;
  db: DbKind | '-';
  /** The measured figure, formatted. */
  value: string;
  /** The baseline beside it (formatted), or ''. */
  baseline: string;
  /** The target as text, or ''. */
  target: string;
  /** true/false when there is a target, null otherwise. */
  met: boolean | null;
  note?: string;
}

export const rows: Row[] = [];
export const notices: string[] = [];

export function addRow(r: Row): void {
  rows.push(r);
  progress(`  ${r.measure} [${r.db}]: ${r.value}${r.baseline ? ` (baseline ${r.baseline})` : ''}${r.met === null ? '' : r.met ? ' — target met' : ' — target NOT met'}`);
}

const t0 = performance.now();
export function progress(line: string): void {
  process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Nearest-rank percentile (p in 0..1). */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
}

export const ms = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : n >= 100 ? `${Math.round(n)} ms` : `${n.toFixed(1)} ms`);
export const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

/** Times fn `runs` times (after `warm` unmeasured runs); returns every duration in ms. */
export async function timeRuns(runs: number, fn: () => Promise<unknown> | unknown, warm = 1): Promise<number[]> {
  for (let i = 0; i < warm; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    out.push(performance.now() - s);
  }
  return out;
}

export function renderTable(all: Row[]): string {
  const head = ['#', 'measure', 'db', 'figure', 'baseline (same run)', 'target', 'met'];
  const body = all.map((r) => [r.measure.split(' ')[0]!, r.measure.split(' ').slice(1).join(' '), r.db, r.value, r.baseline, r.target, r.met === null ? '' : r.met ? 'yes' : 'NO']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)];
  const notes = all.filter((r) => r.note).map((r) => `- ${r.measure} [${r.db}]: ${r.note}`);
  return [...out, ...(notes.length ? ['', 'Notes:', ...notes] : []), ...(notices.length ? ['', ...notices.map((n) => `NOTICE: ${n}`)] : [])].join('\n');
}
