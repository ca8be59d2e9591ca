// Demo figures for the Tower Hamlets demo (`cdp demo`): the framework's headline metrics with
// plausible, made-up values for the last four completed quarters (annual metrics: the last two
// financial years), quarterly targets, owners and links to actions — so `metrics`, `metric
// IO2.2`, the digest and the reports have something to show. Every figure's source note says
// "DEMO VALUE", so nobody mistakes it for published data.
import type { PrismaClient } from '../generated/prisma/client.js';
import { localDate } from '../calendar/zone.js';
import { ensureFrameworkMetrics } from './framework.js';
import { lastCompleted, periodsEndingWith } from './period.js';
import { linkMetric, recordFigure } from './store.js';

export const DEMO_SOURCE = 'DEMO VALUE — illustrative, not published data';

interface DemoSeries {
  code: string;
  /** Oldest first: four quarters, or two years for annual/irregular metrics. */
  values: number[];
  target?: number;
  owner?: string;
  /** Actions whose titles match are linked to the metric. */
  actions?: RegExp;
}

const SERIES: DemoSeries[] = [
  { code: 'IO2.1', values: [2210, 2245, 2290, 2335], target: 2400, owner: 'alexw@example.com', actions: /treatment (system|services)|engagement|outreach/i },
  { code: 'IO2.2', values: [38, 41, 44, 47], target: 50, owner: 'meganb@example.com', actions: /prison|release|continuity/i },
  { code: 'IO3.1', values: [46, 45, 48, 49], target: 48, owner: 'meganb@example.com', actions: /recovery/i },
  { code: 'IO1.1', values: [6, 9, 7, 11], target: 8, owner: 'rachel.osei@example.org', actions: /county lines/i },
  { code: 'IO1.2', values: [14, 12, 17, 13], target: 15, owner: 'rachel.osei@example.org', actions: /organised crime|OCG|disrupt/i },
  { code: 'SO2.2', values: [4850, 4720, 4910, 4640], target: 4700, owner: 'rachel.osei@example.org', actions: /neighbourhood|burglary|robbery/i },
  { code: 'SO3.1', values: [58, 54] },
  { code: 'SO3.2', values: [410, 392] },
  { code: 'SO1.1', values: [9.4, 9.2] },
  { code: 'SO2.1', values: [3, 2] },
  { code: 'SO1.2', values: [3950, 3880] },
];

type Tx = Pick<PrismaClient, 'metric' | 'metricValue' | 'metricTarget' | 'metricLink' | 'person' | 'action'>;

export async function loadDemoMetrics(tx: Tx, partnershipId: string, now: Date): Promise<void> {
  await ensureFrameworkMetrics(tx, partnershipId);
  const today = localDate(now, 'Europe/London');
  const metrics = new Map((await tx.metric.findMany({ where: { partnershipId } })).map((m) => [m.code, m]));
  const people = new Map((await tx.person.findMany({ where: { partnershipId }, select: { id: true, email: true } })).map((p) => [p.email, p.id]));
  const actions = await tx.action.findMany({ where: { partnershipId }, select: { id: true, title: true } });
  for (const s of SERIES) {
    const m = metrics.get(s.code);
    if (!m) continue;
    const kind = m.frequency === 'quarterly' ? 'quarter' : 'year';
    const periods = periodsEndingWith(lastCompleted(kind, today), s.values.length);
    for (const [i, period] of periods.entries()) {
      await recordFigure(tx, { metricId: m.id, period, value: s.values[i], target: s.target, source: DEMO_SOURCE, personId: null, via: 'system', now });
    }
    const owner = s.owner ? people.get(s.owner) : undefined;
    if (owner) await tx.metric.update({ where: { id: m.id }, data: { ownerId: owner } });
    if (s.actions) await linkMetric(tx, m.id, { actionIds: actions.filter((a) => s.actions!.test(a.title)).slice(0, 6).map((a) => a.id) });
  }
}
