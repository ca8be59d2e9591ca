// Metrics over Prisma: find by id ("IO2.2", with "did you mean"), list, load values and targets
// (the latest row per period counts: rows are never changed, a correction is a new row), record a
// figure and/or a target, set an owner, link actions. Every read first makes sure the partnership
// has the framework's metrics (idempotent).
import { distance } from 'fastest-levenshtein';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { Via } from '../generated/prisma/enums.js';
import { isoOfDbDate, dbDateOf, type IsoDate } from '../calendar/working-days.js';
import { domainError, err, ok, type Result } from '../result.js';
import { ensureFrameworkMetrics } from './framework.js';
import { formatPeriod, parsePeriod, periodEnd, type Period } from './period.js';

export const metricInclude = { owner: { select: { id: true, name: true, email: true } } } satisfies Prisma.MetricInclude;
export type MetricRecord = Prisma.MetricGetPayload<{ include: typeof metricInclude }>;

type Db = Pick<PrismaClient, 'metric' | 'metricValue' | 'metricTarget' | 'metricLink'>;

export interface PeriodFigure {
  period: string;
  periodEnd: IsoDate;
  value: number;
  source: string | null;
  personName: string | null;
  via: Via;
  at: Date;
  /** How many rows were recorded for this period (more than one: corrected). */
  versions: number;
}

export interface MetricSeries {
  /** Latest row per period, oldest period first. */
  values: PeriodFigure[];
  /** Latest target per period. */
  targets: Map<string, number>;
}

const NATURAL = new Intl.Collator('en', { numeric: true });

export const normaliseCode = (code: string) => code.trim().toUpperCase();

/** The partnership's metrics: framework ones in framework order, then local ones by id. */
export async function listMetrics(prisma: Db, partnershipId: string): Promise<MetricRecord[]> {
  await ensureFrameworkMetrics(prisma, partnershipId);
  const rows = await prisma.metric.findMany({ where: { partnershipId }, include: metricInclude });
  return rows.sort((a, b) => Number(b.isFramework) - Number(a.isFramework) || a.position - b.position || NATURAL.compare(a.code, b.code));
}

export async function findMetric(prisma: Db, partnershipId: string, code: string): Promise<Result<MetricRecord>> {
  const wanted = normaliseCode(code);
  await ensureFrameworkMetrics(prisma, partnershipId);
  const found = await prisma.metric.findUnique({ where: { partnershipId_code: { partnershipId, code: wanted } }, include: metricInclude });
  if (found) return ok(found);
  const codes = (await prisma.metric.findMany({ where: { partnershipId }, select: { code: true } })).map((m) => m.code);
  const near = codes
    .map((c) => ({ c, d: distance(c, wanted) }))
    .filter((x) => x.d <= 2)
    .sort((a, b) => a.d - b.d || NATURAL.compare(a.c, b.c))[0]?.c;
  return err(domainError(
    'metric_not_found',
    `There is no metric ${wanted.slice(0, 20)}.${near ? ` Did you mean ${near}?` : ''}`,
    'Metric ids are the framework ids (SO1.1 … IO3.7, e.g. IO2.2) or your local ids; "metrics" lists them.',
  ));
}

/** Values and targets of these metrics (latest row per period). */
export async function loadSeries(prisma: Db, metricIds: string[]): Promise<Map<string, MetricSeries>> {
  const out = new Map<string, MetricSeries>(metricIds.map((id) => [id, { values: [], targets: new Map() }]));
  if (!metricIds.length) return out;
  const [values, targets] = await Promise.all([
    prisma.metricValue.findMany({
      where: { metricId: { in: metricIds } },
      include: { person: { select: { name: true } } },
      orderBy: [{ periodEnd: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
    }),
    prisma.metricTarget.findMany({ where: { metricId: { in: metricIds } }, orderBy: [{ periodEnd: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] }),
  ]);
  const latest = new Map<string, Map<string, PeriodFigure>>();
  for (const v of values) {
    const byPeriod = latest.get(v.metricId) ?? new Map<string, PeriodFigure>();
    latest.set(v.metricId, byPeriod);
    const before = byPeriod.get(v.period);
    byPeriod.set(v.period, {
      period: v.period, periodEnd: isoOfDbDate(v.periodEnd), value: Number(v.value), source: v.source, personName: v.person?.name ?? null,
      via: v.via, at: v.createdAt, versions: (before?.versions ?? 0) + 1,
    });
  }
  for (const [id, byPeriod] of latest) out.get(id)!.values = [...byPeriod.values()];
  for (const t of targets) out.get(t.metricId)!.targets.set(t.period, Number(t.value));
  return out;
}

export interface RecordFigureInput {
  metricId: string;
  period: Period;
  value?: number;
  target?: number;
  source?: string | null;
  personId: string | null;
  via: Via;
  now: Date;
}

export interface RecordFigureOutcome {
  valueChanged: boolean;
  targetChanged: boolean;
  /** The figure this one corrects, if the period had one. */
  previousValue?: number;
  previousTarget?: number;
}

/** Appends a value and/or a target row; a figure equal to the period's current one adds nothing. */
export async function recordFigure(prisma: Db, input: RecordFigureInput): Promise<RecordFigureOutcome> {
  const period = formatPeriod(input.period);
  const end = dbDateOf(periodEnd(input.period));
  const [lastValue, lastTarget] = await Promise.all([
    prisma.metricValue.findFirst({ where: { metricId: input.metricId, period }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
    prisma.metricTarget.findFirst({ where: { metricId: input.metricId, period }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  ]);
  const out: RecordFigureOutcome = { valueChanged: false, targetChanged: false };
  if (lastValue) out.previousValue = Number(lastValue.value);
  if (lastTarget) out.previousTarget = Number(lastTarget.value);
  // A correction always sorts after what it corrects, even when both carry the same `now`.
  const after = (last: { createdAt: Date } | null) => new Date(Math.max(input.now.getTime(), (last?.createdAt.getTime() ?? 0) + 1));
  const who = { personId: input.personId, via: input.via };
  if (input.value !== undefined && (!lastValue || Number(lastValue.value) !== input.value || (input.source && input.source !== lastValue.source))) {
    await prisma.metricValue.create({ data: { metricId: input.metricId, period, periodEnd: end, value: input.value, source: input.source ?? null, ...who, createdAt: after(lastValue) } });
    out.valueChanged = true;
  }
  if (input.target !== undefined && (!lastTarget || Number(lastTarget.value) !== input.target)) {
    await prisma.metricTarget.create({ data: { metricId: input.metricId, period, periodEnd: end, value: input.target, ...who, createdAt: after(lastTarget) } });
    out.targetChanged = true;
  }
  return out;
}

/** The period of a stored figure (its canonical text always parses). */
export const periodOfFigure = (f: { period: string }): Period => {
  const p = parsePeriod(f.period);
  if (!p.ok) throw new Error(`stored period "${f.period}" does not parse`);
  return p.value;
};

export async function setOwner(prisma: Db, metricId: string, ownerId: string | null): Promise<void> {
  await prisma.metric.update({ where: { id: metricId }, data: { ownerId } });
}

/** Links the metric to these actions (and objectives); links that exist are kept, never doubled. */
export async function linkMetric(prisma: Db, metricId: string, to: { actionIds?: string[]; objectiveIds?: string[] }): Promise<number> {
  const existing = await prisma.metricLink.findMany({ where: { metricId } });
  const haveA = new Set(existing.map((l) => l.actionId).filter(Boolean));
  const haveO = new Set(existing.map((l) => l.objectiveId).filter(Boolean));
  const data = [
    ...(to.actionIds ?? []).filter((id) => !haveA.has(id)).map((actionId) => ({ metricId, actionId })),
    ...(to.objectiveIds ?? []).filter((id) => !haveO.has(id)).map((objectiveId) => ({ metricId, objectiveId })),
  ];
  const unique = [...new Map(data.map((d) => [JSON.stringify(d), d])).values()];
  if (unique.length) await prisma.metricLink.createMany({ data: unique });
  return unique.length;
}

/** Actions linked to the metric, directly or through a linked objective. */
export async function linkedActions(prisma: Pick<PrismaClient, 'metricLink' | 'action'>, metricId: string) {
  const links = await prisma.metricLink.findMany({ where: { metricId }, select: { actionId: true, objectiveId: true } });
  const actionIds = links.map((l) => l.actionId).filter((x): x is string => !!x);
  const objectiveIds = links.map((l) => l.objectiveId).filter((x): x is string => !!x);
  if (!actionIds.length && !objectiveIds.length) return [];
  const rows = await prisma.action.findMany({
    where: { OR: [{ id: { in: actionIds } }, { objectiveId: { in: objectiveIds } }] },
    select: { ref: true, title: true, status: true },
  });
  return rows.sort((a, b) => NATURAL.compare(a.ref, b.ref));
}
