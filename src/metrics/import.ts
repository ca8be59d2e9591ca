// `cdp metrics import FILE`: a quarter's figures (and targets) from CSV or XLSX — columns id,
// period, value, target, optional source — with the plan import's rules: headings matched with
// synonyms below any title rows, every bad row listed by line and column, and nothing stored
// unless every row is good (one transaction). Re-importing the same file adds nothing. A row
// whose id is unknown adds a local KPI when the file also gives its name and direction.
import type { Database } from '../db/client.js';
import type { Via } from '../generated/prisma/enums.js';
import { domainError, err, ok, type DomainError, type Result } from '../result.js';
import type { IsoDate } from '../calendar/working-days.js';
import { cellText, readTableFile, type SourceSheet } from '../register/import/read-table.js';
import { normalizeHeading } from '../register/import/headings.js';
import { formatProblems } from '../register/import/validate.js';
import type { Problem } from '../register/import/types.js';
import { ensureFrameworkMetrics, normaliseFrequency } from './framework.js';
import { formatPeriod, type Period } from './period.js';
import { normaliseCode, recordFigure } from './store.js';
import { checkPeriod, parseFigure, type MetricShape } from './validate.js';

const FIELDS: Record<string, string[]> = {
  code: ['id', 'metric id', 'metric', 'code', 'ref', 'indicator', 'kpi', 'metric ref'],
  period: ['period', 'quarter', 'year', 'reporting period', 'fy quarter'],
  value: ['value', 'figure', 'actual', 'result', 'outturn'],
  target: ['target', 'goal'],
  source: ['source', 'source note', 'note', 'notes', 'comment', 'comments'],
  name: ['name', 'metric name', 'description', 'title'],
  direction: ['direction', 'better', 'polarity', 'good is'],
  unit: ['unit', 'units'],
  frequency: ['frequency'],
  outcome: ['outcome'],
};

export interface MetricImportReport {
  partnership: string;
  dryRun: boolean;
  rows: number;
  valuesAdded: number;
  targetsAdded: number;
  unchanged: number;
  localMetricsAdded: string[];
  lines: string[];
}

export interface MetricImportFailure extends DomainError {
  problems?: Problem[];
}

interface PlannedRow {
  line: number;
  code: string;
  period: Period;
  value?: number;
  target?: number;
  source?: string;
}

function findHeadingRow(sheet: SourceSheet): { index: number; columns: Record<string, number> } | undefined {
  for (let i = 0; i < Math.min(sheet.rows.length, 30); i++) {
    const columns: Record<string, number> = {};
    sheet.rows[i]!.cells.forEach((c, idx) => {
      const h = normalizeHeading(cellText(c));
      for (const [field, names] of Object.entries(FIELDS)) if (columns[field] === undefined && names.includes(h)) columns[field] = idx;
    });
    if (columns.code !== undefined && columns.period !== undefined && (columns.value !== undefined || columns.target !== undefined)) return { index: i, columns };
  }
  return undefined;
}

/** Rolls the transaction back (a dry run, or bad rows). */
class DryRun extends Error {} // rolls the transaction back: a dry run, or bad rows

export async function importMetrics(
  db: Database,
  opts: { file: string; partnershipId: string; partnershipName: string; today: IsoDate; now: Date; via: Via; personId?: string | null; dryRun?: boolean },
): Promise<Result<MetricImportReport, MetricImportFailure>> {
  const read = await readTableFile(opts.file);
  if (!read.ok) return read;
  const sheet = read.value.find((s) => findHeadingRow(s));
  if (!sheet) {
    return err(domainError('bad_file', `${read.value[0]?.source ?? opts.file}: no heading row found in the first 30 rows.`,
      'A metrics file needs columns "id", "period" and "value" (and/or "target"); optional "source". For a local KPI add "name" and "direction" (higher or lower).'));
  }
  const { index, columns } = findHeadingRow(sheet)!;
  const problems: Problem[] = [];
  const report: MetricImportReport = { partnership: opts.partnershipName, dryRun: !!opts.dryRun, rows: 0, valuesAdded: 0, targetsAdded: 0, unchanged: 0, localMetricsAdded: [], lines: [] };
  try {
    await db.prisma.$transaction(async (tx) => {
      await ensureFrameworkMetrics(tx, opts.partnershipId);
      const metrics = new Map((await tx.metric.findMany({ where: { partnershipId: opts.partnershipId } })).map((m) => [m.code, m as MetricShape & { id: string }]));
      const planned: PlannedRow[] = [];
      for (const row of sheet.rows.slice(index + 1)) {
        const text = (f: string) => (columns[f] === undefined ? '' : cellText(row.cells[columns[f]!]));
        if (row.cells.every((c) => cellText(c) === '')) continue;
        report.rows++;
        const problem = (column: string, reason: string) => problems.push({ source: sheet.source, line: row.line, column, reason });
        const code = normaliseCode(text('code'));
        if (!code) { problem('id', 'the metric id is empty'); continue; }
        let metric = metrics.get(code);
        if (!metric) {
          const local = localMetric(code, text('name'), text('direction'), text('unit'), text('frequency'));
          if (!local.ok) { problem('id', local.error); continue; }
          const created = await tx.metric.create({ data: { partnershipId: opts.partnershipId, ...local.value, outcome: text('outcome') || 'Local KPIs', level: 'local' } });
          metric = created;
          metrics.set(code, created);
          report.localMetricsAdded.push(code);
        }
        const hasValue = text('value') !== '';
        const hasTarget = text('target') !== '';
        if (!hasValue && !hasTarget) { problem('value', `no value and no target for ${code}: give at least one`); continue; }
        const period = checkPeriod(text('period'), metric, opts.today, { allowFuture: !hasValue });
        if (!period.ok) { problem('period', period.error); continue; }
        const value = hasValue ? parseFigure(text('value'), metric) : undefined;
        const target = hasTarget ? parseFigure(text('target'), metric, 'target') : undefined;
        if (value && !value.ok) problem('value', value.error);
        if (target && !target.ok) problem('target', target.error);
        if ((value && !value.ok) || (target && !target.ok)) continue;
        const dup = planned.find((p) => p.code === code && formatPeriod(p.period) === formatPeriod(period.value));
        if (dup) { problem('period', `${code} ${formatPeriod(period.value)} is also on line ${dup.line}: give each metric's period once`); continue; }
        planned.push({ line: row.line, code, period: period.value, value: value?.value, target: target?.value, source: text('source') || undefined });
      }
      if (problems.length) throw new DryRun(); // roll back any local KPI added above
      for (const p of planned) {
        const m = metrics.get(p.code)!;
        const r = await recordFigure(tx, { metricId: m.id, period: p.period, value: p.value, target: p.target, source: p.source ?? null, personId: opts.personId ?? null, via: opts.via, now: opts.now });
        if (r.valueChanged) report.valuesAdded++;
        if (r.targetChanged) report.targetsAdded++;
        if (!r.valueChanged && !r.targetChanged) report.unchanged++;
        else report.lines.push(`${p.code} ${formatPeriod(p.period)}: ${[r.valueChanged ? `value ${p.value}${r.previousValue !== undefined ? ` (corrects ${r.previousValue})` : ''}` : '', r.targetChanged ? `target ${p.target}` : ''].filter(Boolean).join(', ')}`);
      }
      if (opts.dryRun) throw new DryRun();
    });
  } catch (e) {
    if (!(e instanceof DryRun)) throw e;
  }
  if (problems.length) {
    return err({ ...domainError('bad_rows', `${problems.length} bad row${problems.length === 1 ? '' : 's'}: nothing was imported.\n${formatProblems(problems)}`, 'Fix these rows and import the file again.'), problems });
  }
  return ok(report);
}

function localMetric(code: string, name: string, direction: string, unit: string, frequency: string) {
  const known = 'Metric ids are the framework ids (SO1.1 … IO3.7) or local KPIs already added';
  if (!name) return { ok: false as const, error: `there is no metric ${code}. ${known}; to add a local KPI give its "name" and "direction" (higher or lower) columns` };
  const d = direction.toLowerCase();
  const dir = /^(higher|high|up|increase)/.test(d) ? 'higher' : /^(lower|low|down|decrease|reduce)/.test(d) ? 'lower' : undefined;
  if (!dir) return { ok: false as const, error: `the local KPI ${code} needs a direction: "higher" or "lower" (which way is better)` };
  if (!/^[A-Z][A-Z0-9._-]{0,19}$/.test(code)) return { ok: false as const, error: `"${code.slice(0, 25)}" cannot be a metric id: letters, digits, dots and dashes, starting with a letter, at most 20 characters` };
  const u = unit.toLowerCase();
  return {
    ok: true as const,
    value: {
      code, name: name.slice(0, 300), direction: dir as 'higher' | 'lower',
      unit: /%|percent/.test(u) ? 'percent' : /count|number of/.test(u) ? 'count' : 'number',
      frequency: frequency ? normaliseFrequency(frequency) : 'quarterly', frequencyText: frequency || null,
    },
  };
}

export function formatMetricImport(r: MetricImportReport): string {
  const head = `${r.dryRun ? 'Dry run — nothing was saved. ' : ''}${r.partnership}: ${r.rows} rows; ${r.valuesAdded} values and ${r.targetsAdded} targets ${r.dryRun ? 'would be ' : ''}recorded; ${r.unchanged} unchanged.`;
  const local = r.localMetricsAdded.length ? [`Local KPIs added: ${r.localMetricsAdded.join(', ')}`] : [];
  return [head, ...local, ...r.lines.map((l) => `  ${l}`)].join('\n');
}
