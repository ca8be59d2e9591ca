// The National Combating Drugs Outcomes Framework (11 headline and 22 supporting metrics) as
// seed data for every partnership: prisma/seed/outcomes-framework.csv, a verbatim copy of
// shared/data/outcomes-framework.csv. Rows marked "EXPLORED ONLY" (areas the framework
// considered but did not adopt) are left out. ensureFrameworkMetrics is idempotent: it adds
// the rows a partnership lacks and never changes one it has (an owner or a local edit stays).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Direction } from './rag.js';

export const FRAMEWORK_FILE = fileURLToPath(new URL('../../prisma/seed/outcomes-framework.csv', import.meta.url));

export type Frequency = 'quarterly' | 'annual' | 'irregular';

export interface FrameworkMetric {
  code: string;
  name: string;
  outcome: string;
  level: 'strategic' | 'intermediate';
  source: string;
  frequency: Frequency;
  frequencyText: string;
  unit: 'percent' | 'count';
  direction: Direction;
  headline: boolean;
  notes: string;
  position: number;
}

/**
 * Metrics published as proportions (per cent). The CSV has no unit column: these are read from
 * the metric wording ("proportion", "%") and, for the NDTMS recovery measures and unmet need,
 * from how OHID publishes them (a share of people in treatment / of estimated need).
 */
const PERCENT = new Set(['SO1.1', 'SO1.3', 'SO1.6', 'SO3.4', 'IO2.2', 'IO2.3', 'IO2.4', 'IO3.1', 'IO3.2', 'IO3.3', 'IO3.4', 'IO3.5', 'IO3.6', 'IO3.7']);

/** "quarterly (annual tables also)" → quarterly; "monthly (provisional NDTMS) and annual" → quarterly; "biennial" → irregular. */
export function normaliseFrequency(text: string): Frequency {
  const t = text.toLowerCase();
  if (/quarterly|monthly/.test(t)) return 'quarterly';
  if (/annual/.test(t)) return 'annual';
  return 'irregular';
}

let cached: FrameworkMetric[] | undefined;

/** The framework's adopted metrics, in file order. */
export function frameworkMetrics(file = FRAMEWORK_FILE): FrameworkMetric[] {
  if (cached && file === FRAMEWORK_FILE) return cached;
  const rows = parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const out = rows
    .filter((r) => !/^EXPLORED ONLY/i.test(r.notes ?? ''))
    .map((r, i): FrameworkMetric => ({
      code: r.id!.toUpperCase(),
      name: r.metric!,
      outcome: r.outcome!,
      level: r.level === 'strategic' ? 'strategic' : 'intermediate',
      source: r.source!,
      frequency: normaliseFrequency(r.frequency ?? ''),
      frequencyText: r.frequency ?? '',
      unit: PERCENT.has(r.id!.toUpperCase()) ? 'percent' : 'count',
      direction: r.better === 'lower' ? 'lower' : 'higher',
      headline: /^HEADLINE/i.test(r.notes ?? ''),
      notes: r.notes ?? '',
      position: i,
    }));
  if (file === FRAMEWORK_FILE) cached = out;
  return out;
}

export const frameworkFileName = () => path.basename(FRAMEWORK_FILE);

type Db = Pick<PrismaClient, 'metric'>;

/** Adds the framework metrics the partnership does not have yet; returns how many were added. */
export async function ensureFrameworkMetrics(prisma: Db, partnershipId: string): Promise<number> {
  const all = frameworkMetrics();
  const have = await prisma.metric.count({ where: { partnershipId, isFramework: true } });
  if (have >= all.length) return 0;
  const r = await prisma.metric.createMany({
    data: all.map((m) => ({
      partnershipId, code: m.code, name: m.name, outcome: m.outcome, level: m.level, source: m.source, frequency: m.frequency,
      frequencyText: m.frequencyText, unit: m.unit, direction: m.direction, headline: m.headline, notes: m.notes,
      isFramework: true, position: m.position,
    })),
    skipDuplicates: true,
  });
  return r.count;
}

/** The national pillar an outcome serves (matched against the partnership's pillar codes and names). */
export function pillarPatternFor(outcome: string): RegExp | undefined {
  const o = outcome.toLowerCase();
  if (/supply|crime/.test(o)) return /^bsc$|supply/i;
  if (/treatment|recovery|death|harm/.test(o)) return /^trs$|treatment|recovery/i;
  if (/drug use|demand/.test(o)) return /^gsd$|demand|generational/i;
  return undefined;
}
