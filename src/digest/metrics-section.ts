// The digest's "Outcome metrics" section (SPEC §10): for a subgroup, the metrics with figures
// that serve its pillar(s) — by the framework outcome (supply and crime → break supply chains;
// treatment, recovery, deaths and harm → treatment and recovery; drug use → generational shift)
// or by a link to one of its actions or to an objective under its pillar; for the
// partnership-wide digest, the headline metrics with figures. Each line: latest figure and
// period, trend arrow, target and RAG.
import type { Database } from '../db/client.js';
import type { Block } from '../message/model.js';
import { pillarPatternFor } from '../metrics/framework.js';
import { formatValue } from '../metrics/rag.js';
import { listMetrics, loadSeries } from '../metrics/store.js';
import { summarise } from '../metrics/summary.js';

export interface DigestMetric {
  code: string;
  line: string;
}

const RAG_WORD = { green: 'on target', amber: 'near target', red: 'off target' } as const;
const MAX_LINES = 10;

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
    const name = m.name.length <= 60 ? m.name : `${m.name.slice(0, 59).trimEnd()}…`;
    const target = s.target !== null ? ` · target ${formatValue(s.target, m.unit)}${s.rag ? ` (${RAG_WORD[s.rag]})` : ''}` : '';
    out.push({ code: m.code, line: `${m.code} ${name} — ${formatValue(s.latest.value, m.unit)} in ${s.latest.period}${s.trend ? ` ${s.trend.text}` : ''}${target}` });
  }
  return out;
}

/** The section's blocks (none when there is nothing to show). */
export function metricsSection(metrics: DigestMetric[] | undefined): Block[] {
  if (!metrics?.length) return [];
  const shown = metrics.slice(0, MAX_LINES);
  return [
    { type: 'text', text: `Outcome metrics (${metrics.length})`, style: 'strong' },
    { type: 'text', text: shown.map((m) => m.line).join('\n') },
    ...(metrics.length > shown.length ? [{ type: 'context' as const, text: `and ${metrics.length - shown.length} more: type "metrics"` }] : []),
  ];
}
