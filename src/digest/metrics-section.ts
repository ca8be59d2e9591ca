// The digest's "Outcome metrics" section (SPEC §10): for a subgroup, the metrics with figures
// that serve its pillar(s) — by the framework outcome (supply and crime → break supply chains;
// treatment, recovery, deaths and harm → treatment and recovery; drug use → generational shift)
// or by a link to one of its actions or to an objective under its pillar; for the
// partnership-wide digest, the headline metrics with figures. One item per metric: latest
// figure and period, trend, target and RAG.
import type { Database } from '../db/client.js';
import type { Block } from '../message/model.js';
import type { Section } from './items.js';
import { pillarPatternFor } from '../metrics/framework.js';
import { formatValue } from '../metrics/rag.js';
import { listMetrics, loadSeries } from '../metrics/store.js';
import { summarise } from '../metrics/summary.js';

export interface DigestMetric {
  code: string;
  name: string;
  /** "47% in Q2 2026/27 ↑ improving · target 50% (near target)" */
  line: string;
}

const RAG_WORD = { green: 'on target', amber: 'near target', red: 'off target' } as const;

export async function loadDigestMetrics(db: Database, partnershipId: string, subgroupId: string | null): Promise<DigestMetric[]> {
  const p = db.prisma;
  const metrics = await listMetrics(p, partnershipId);
  let wanted = metrics.filter((m) => m.headline);
  if (subgroupId) {
    const [pillars, links] = await Promise.all([
      p.subgroupPillar.findMany({ where: { subgroupId }, select: { pillar: { select: { id: true, code: true, name: true } } } }),
      p.metricLink.findMany({
        where: { metric: { partnershipId }, OR: [{ action: { subgroupId } }, { objective: { priority: { pillar: { subgroups: { some: { subgroupId } } } } } }] },
        select: { metricId: true },
      }),
    ]);
    const linked = new Set(links.map((l) => l.metricId));
    wanted = metrics.filter((m) => {
      if (linked.has(m.id)) return true;
      const re = pillarPatternFor(m.outcome);
      return !!re && pillars.some(({ pillar }) => re.test(pillar.code ?? '') || re.test(pillar.name));
    });
  }
  const series = await loadSeries(p, wanted.map((m) => m.id));
  const out: DigestMetric[] = [];
  for (const m of wanted) {
    const s = summarise(m, series.get(m.id)!);
    if (!s.latest) continue;
    const name = m.name.length <= 90 ? m.name : `${m.name.slice(0, 89).trimEnd()}…`;
    const target = s.target !== null ? ` · target ${formatValue(s.target, m.unit)}${s.rag ? ` (${RAG_WORD[s.rag]})` : ''}` : '';
    out.push({ code: m.code, name, line: `${formatValue(s.latest.value, m.unit)} in ${s.latest.period}${s.trend ? ` ${s.trend.text}` : ''}${target}` });
  }
  return out;
}

/** The digest section: one item per metric (its id, name, and the figure line). */
export function metricsSection(metrics: DigestMetric[] | undefined): Section {
  return {
    title: 'Outcome metrics',
    entries: (metrics ?? []).map((m): Block => ({ type: 'item', ref: m.code, title: m.name, lines: [m.line] })),
    more: 'type metrics to see them all',
  };
}
