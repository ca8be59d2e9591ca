// `metric <id>`: one metric's figures (the last six periods), target, RAG, trend and linked
// actions. `metric <id> <period> <value>`: records the figure — the metric's owner and admins
// only; a bad number, an unknown or future period or an out-of-range percentage is refused
// with the reason and the right form, and nothing is stored.
import { errorMessage, type Block, type Message } from '../../message/model.js';
import { adminNames } from '../../register/people.js';
import { STATUS_INFO } from '../../register/status.js';
import { list } from '../../core/permissions.js';
import { formatValue, RAG_LABEL, directionText } from '../../metrics/rag.js';
import { examplePeriod, recordFromText } from '../../metrics/record.js';
import { localDate } from '../../calendar/zone.js';
import { findMetric, linkedActions, loadSeries, type MetricRecord } from '../../metrics/store.js';
import { summarise } from '../../metrics/summary.js';
import { reply, type HandlerDeps, type LinkedContext } from './common.js';

export async function handleMetric(deps: HandlerDeps, ctx: LinkedContext, cmd: { code: string; period?: string; value?: string }): Promise<Message> {
  const prisma = deps.db.prisma;
  const found = await findMetric(prisma, ctx.partnership.id, cmd.code);
  if (!found.ok) return errorMessage(found.error.message, found.error.hint, found.error.code);
  const m = found.value;
  if (cmd.period === undefined || cmd.value === undefined) return metricDetail(deps, ctx, m);
  if (!ctx.person.isAdmin && m.ownerId !== ctx.person.id) {
    const admins = await adminNames(prisma, ctx.partnership.id);
    const owner = m.owner ? `its owner (${m.owner.name})` : 'its owner (none named yet)';
    return errorMessage(`You can't record figures for ${m.code}. ${m.code}'s figures are recorded by ${owner} or an admin${admins.length ? ` (${list(admins, 'or')})` : ''}.`, undefined, 'forbidden');
  }
  const r = await recordFromText(prisma, {
    metric: m, periodText: cmd.period, valueText: cmd.value, personId: ctx.person.id, via: ctx.via, now: ctx.now, timezone: ctx.partnership.timezone,
  });
  if (!r.ok) return errorMessage(r.error.message, r.error.hint, r.error.code);
  return reply(r.value.text, [{ type: 'text', text: r.value.text }, { type: 'context', text: `Recorded by ${ctx.person.name}. "metric ${m.code}" shows its figures.` }]);
}

async function metricDetail(deps: HandlerDeps, ctx: LinkedContext, m: MetricRecord): Promise<Message> {
  const prisma = deps.db.prisma;
  const [series, actions] = await Promise.all([loadSeries(prisma, [m.id]).then((s) => s.get(m.id)!), linkedActions(prisma, m.id)]);
  const s = summarise(m, series);
  const fields = [
    { label: 'Latest', value: s.latest ? `${formatValue(s.latest.value, m.unit)} (${s.latest.period})` : 'no figure yet' },
    { label: 'Target', value: s.target !== null ? formatValue(s.target, m.unit) : 'none set' },
    { label: 'RAG', value: s.rag ? RAG_LABEL[s.rag] : s.latest ? 'no target for this period' : '—' },
    { label: 'Trend', value: s.trend?.text ?? 'needs two periods' },
    { label: 'Direction', value: directionText(m.direction) },
    { label: 'Owner', value: m.owner?.name ?? 'none named' },
  ];
  const blocks: Block[] = [
    { type: 'heading', text: `${m.code} · ${m.name}` },
    { type: 'text', text: `${m.outcome} — ${m.level}${m.headline ? ', headline metric' : ''}. Source: ${m.source ?? 'not recorded'} (${m.frequencyText ?? m.frequency}).`, style: 'muted' },
    { type: 'fields', fields },
  ];
  const recent = series.values.slice(-6).reverse();
  if (recent.length) {
    blocks.push({ type: 'text', text: 'Figures', style: 'strong' }, {
      type: 'text',
      text: recent.map((v) => {
        const t = series.targets.get(v.period);
        return `${v.period}: ${formatValue(v.value, m.unit)}${t !== undefined ? ` (target ${formatValue(t, m.unit)})` : ''}${v.versions > 1 ? ' — corrected' : ''}${v.source ? ` — ${v.source}` : ''}`;
      }).join('\n'),
    });
  }
  if (actions.length) {
    blocks.push({ type: 'text', text: `Linked actions (${actions.length})`, style: 'strong' }, {
      type: 'text', text: actions.slice(0, 10).map((a) => `${a.ref} ${a.title.length > 90 ? `${a.title.slice(0, 89)}…` : a.title} — ${STATUS_INFO[a.status].label}`).join('\n'),
    });
    if (actions.length > 10) blocks.push({ type: 'context', text: `and ${actions.length - 10} more` });
  }
  const canRecord = ctx.person.isAdmin || m.ownerId === ctx.person.id;
  blocks.push({ type: 'context', text: canRecord ? `Record a figure: metric ${m.code} ${examplePeriod(m, localDate(ctx.now, ctx.partnership.timezone))} <value>` : `Figures are recorded by ${m.owner ? m.owner.name : 'the metric owner'} or an admin.` });
  return reply(`${m.code} · ${m.name}`, blocks);
}
