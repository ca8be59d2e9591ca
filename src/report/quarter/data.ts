// The quarterly performance report's data (SPEC §10, `cdp report quarter`): the actions as they
// stood at the end of the quarter (rebuilt from the status history, so a past quarter reads as it
// was; actions imported later count with the status they were first given), counted by pillar and by subgroup, with the quarter's completions and updates; the
// exceptions (at risk, off track, blocked) with their latest note and lead; and every metric with
// a figure in the last four periods, with its target, RAG by direction and trend.
import type { PrismaClient } from '../../generated/prisma/client.js';
import { addDays, type IsoDate } from '../../calendar/working-days.js';
import { atLocalTime, localDate } from '../../calendar/zone.js';
import { ACTION_STATUSES, type ActionStatus } from '../../register/status.js';
import { formatPeriod, periodEnd, periodStart, type Period } from '../../metrics/period.js';
import { listMetrics, loadSeries } from '../../metrics/store.js';
import { lastPeriods, summarise, type PeriodCell } from '../../metrics/summary.js';
import type { Direction, Rag, TrendInfo } from '../../metrics/rag.js';

export interface StatusCounts {
  group: string;
  counts: Record<ActionStatus, number>;
  total: number;
  percentComplete: number;
  completedInQuarter: number;
  updatesInQuarter: number;
}

export interface QuarterException {
  ref: string;
  title: string;
  status: ActionStatus;
  pillar: string;
  subgroup: string | null;
  lead: string | null;
  dueDate: Date | null;
  note: string | null;
  noteAt: Date | null;
}

export interface QuarterMetric {
  code: string;
  name: string;
  outcome: string;
  headline: boolean;
  unit: string;
  direction: Direction;
  frequency: string;
  periods: PeriodCell[];
  latest: { period: string; value: number } | null;
  target: number | null;
  rag: Rag | null;
  trend: TrendInfo | null;
  source: string | null;
}

export interface QuarterReport {
  partnership: { id: string; name: string; timezone: string };
  quarter: Period;
  quarterLabel: string;
  start: IsoDate;
  end: IsoDate;
  /** The day the report was produced (local). */
  generatedOn: IsoDate;
  /** True when the quarter has not ended yet: statuses are as of today. */
  inProgress: boolean;
  asOf: IsoDate;
  byPillar: StatusCounts[];
  bySubgroup: StatusCounts[];
  total: StatusCounts;
  exceptions: QuarterException[];
  metrics: QuarterMetric[];
}

const EXCEPTION: ReadonlySet<ActionStatus> = new Set(['off_track', 'blocked', 'at_risk']);
const SEVERITY: Record<string, number> = { off_track: 0, blocked: 1, at_risk: 2 };
const NATURAL = new Intl.Collator('en', { numeric: true });

const zero = (): Record<ActionStatus, number> => Object.fromEntries(ACTION_STATUSES.map((s) => [s, 0])) as Record<ActionStatus, number>;

export async function loadQuarterReport(prisma: PrismaClient, partnershipId: string, quarter: Period, now: Date): Promise<QuarterReport> {
  const p = await prisma.partnership.findUniqueOrThrow({ where: { id: partnershipId }, select: { id: true, name: true, timezone: true } });
  const tz = p.timezone;
  const today = localDate(now, tz);
  const start = periodStart(quarter);
  const end = periodEnd(quarter);
  const asOf = end < today ? end : today;
  const cutoff = atLocalTime(addDays(asOf, 1), '00:00', tz);
  const from = atLocalTime(start, '00:00', tz);

  const actions = await prisma.action.findMany({
    where: { partnershipId },
    select: {
      id: true, ref: true, title: true, status: true, dueDate: true,
      objective: { select: { priority: { select: { pillar: { select: { name: true, position: true } } } } } },
      subgroup: { select: { name: true } },
      leadAgency: { select: { name: true } },
      updates: { where: { createdAt: { lt: cutoff } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { oldStatus: true, newStatus: true, note: true, createdAt: true } },
    },
  });
  const later = await prisma.statusUpdate.findMany({
    where: { partnershipId, createdAt: { gte: cutoff }, newStatus: { not: null } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { actionId: true, oldStatus: true },
  });
  const firstLater = new Map<string, ActionStatus | null>();
  for (const u of later) if (!firstLater.has(u.actionId)) firstLater.set(u.actionId, u.oldStatus);

  const pillars = new Map<string, StatusCounts & { position: number }>();
  const subgroups = new Map<string, StatusCounts>();
  const total: StatusCounts = { group: 'All actions', counts: zero(), total: 0, percentComplete: 0, completedInQuarter: 0, updatesInQuarter: 0 };
  const exceptions: QuarterException[] = [];
  for (const a of actions) {
    // Status at the end of the quarter: the last change before the cutoff; else what it was before the first later change; else now.
    const lastChange = [...a.updates].reverse().find((u) => u.newStatus);
    const status: ActionStatus = lastChange?.newStatus ?? (firstLater.has(a.id) ? firstLater.get(a.id) ?? 'not_started' : a.status);
    const inQuarter = a.updates.filter((u) => u.createdAt >= from);
    const completed = inQuarter.some((u) => u.newStatus === 'complete') && status === 'complete' ? 1 : 0;
    const pillar = a.objective.priority.pillar;
    const pRow = pillars.get(pillar.name) ?? { group: pillar.name, position: pillar.position, counts: zero(), total: 0, percentComplete: 0, completedInQuarter: 0, updatesInQuarter: 0 };
    pillars.set(pillar.name, pRow);
    const sgName = a.subgroup?.name ?? 'No subgroup';
    const sRow = subgroups.get(sgName) ?? { group: sgName, counts: zero(), total: 0, percentComplete: 0, completedInQuarter: 0, updatesInQuarter: 0 };
    subgroups.set(sgName, sRow);
    for (const row of [pRow, sRow, total]) {
      row.counts[status]++;
      row.total++;
      row.completedInQuarter += completed;
      row.updatesInQuarter += inQuarter.length;
    }
    if (EXCEPTION.has(status)) {
      const noted = [...a.updates].reverse().find((u) => u.note);
      exceptions.push({
        ref: a.ref, title: a.title, status, pillar: pillar.name, subgroup: a.subgroup?.name ?? null, lead: a.leadAgency?.name ?? null,
        dueDate: a.dueDate, note: noted?.note ?? null, noteAt: noted?.createdAt ?? null,
      });
    }
  }
  for (const row of [...pillars.values(), ...subgroups.values(), total]) {
    const countable = row.total - row.counts.cancelled;
    row.percentComplete = countable > 0 ? Math.round((100 * row.counts.complete) / countable) : 0;
  }
  exceptions.sort((x, y) => SEVERITY[x.status]! - SEVERITY[y.status]! || NATURAL.compare(x.ref, y.ref));

  const metrics = await loadQuarterMetrics(prisma, partnershipId, quarter);

  return {
    partnership: p,
    quarter,
    quarterLabel: formatPeriod(quarter),
    start,
    end,
    generatedOn: today,
    inProgress: end >= today,
    asOf,
    byPillar: [...pillars.values()].sort((x, y) => x.position - y.position || x.group.localeCompare(y.group)),
    bySubgroup: [...subgroups.values()].sort((x, y) => x.group.localeCompare(y.group)),
    total,
    exceptions,
    metrics,
  };
}

/** Every metric with a figure or target in the four periods up to `quarter`, with its RAG and trend. */
export async function loadQuarterMetrics(prisma: PrismaClient, partnershipId: string, quarter: Period): Promise<QuarterMetric[]> {
  const metricRows = await listMetrics(prisma, partnershipId);
  const series = await loadSeries(prisma, metricRows.map((m) => m.id));
  const metrics: QuarterMetric[] = [];
  for (const m of metricRows) {
    const s = series.get(m.id)!;
    const periods = lastPeriods(m, s, quarter, 4);
    if (periods.every((c) => c.value === null && c.target === null)) continue;
    const sum = summarise(m, s, quarter);
    metrics.push({
      code: m.code, name: m.name, outcome: m.outcome, headline: m.headline, unit: m.unit, direction: m.direction, frequency: m.frequency,
      periods, latest: sum.latest ? { period: sum.latest.period, value: sum.latest.value } : null,
      target: sum.target, rag: sum.rag, trend: sum.trend, source: sum.latest?.source ?? null,
    });
  }
  return metrics;
}
