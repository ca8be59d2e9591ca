// `metrics`: the partnership's outcome metrics, grouped by outcome, each with its latest figure,
// trend arrow and RAG against target; metrics with no figure yet are named in one line per outcome.
import { formatValue } from '../../metrics/rag.js';
import { listMetrics, loadSeries } from '../../metrics/store.js';
import { summarise } from '../../metrics/summary.js';
import type { Block, Message } from '../../message/model.js';
import { reply, type HandlerDeps, type LinkedContext } from './common.js';

const RAG_WORD = { green: 'on target', amber: 'near target', red: 'off target' } as const;

export async function handleMetrics(deps: HandlerDeps, ctx: LinkedContext): Promise<Message> {
  const prisma = deps.db.prisma;
  const metrics = await listMetrics(prisma, ctx.partnership.id);
  const series = await loadSeries(prisma, metrics.map((m) => m.id));
  const byOutcome = new Map<string, typeof metrics>();
  for (const m of metrics) byOutcome.set(m.outcome, [...(byOutcome.get(m.outcome) ?? []), m]);
  const blocks: Block[] = [{ type: 'heading', text: `${ctx.partnership.name} — outcome metrics` }];
  let withFigures = 0;
  for (const [outcome, list] of byOutcome) {
    const lines: string[] = [];
    const empty: string[] = [];
    for (const m of list) {
      const s = summarise(m, series.get(m.id)!);
      if (!s.latest) {
        empty.push(m.code);
        continue;
      }
      withFigures++;
      const target = s.target !== null ? ` · target ${formatValue(s.target, m.unit)}${s.rag ? ` (${RAG_WORD[s.rag]})` : ''}` : '';
      lines.push(`${m.code} ${short(m.name)} — ${formatValue(s.latest.value, m.unit)} in ${s.latest.period} ${s.trend?.arrow ?? ''}${target}`.replace(/ +·/, ' ·').trimEnd());
    }
    if (lines.length) {
      blocks.push({ type: 'text', text: outcome, style: 'strong' }, { type: 'text', text: lines.join('\n') });
      if (empty.length) blocks.push({ type: 'context', text: `No figure yet: ${empty.join(', ')}` });
    } else {
      blocks.push({ type: 'context', text: `${outcome} — no figures yet (${empty.join(', ')})` });
    }
  }
  blocks.push({ type: 'context', text: '↑ ↓ → compare the latest figure with the one before. "metric IO2.2" shows one metric; "metric IO2.2 Q2 2026/27 47" records a figure (its owner or an admin).' });
  return reply(`${metrics.length} metrics, ${withFigures} with figures`, blocks);
}

const short = (s: string) => (s.length <= 70 ? s : `${s.slice(0, 69).trimEnd()}…`);
