// The board pack's summary as a chat message (chat `report`): headline figures, one line per
// pillar, and the exceptions as one item each (off track and blocked first, with owner, days
// and mitigation), then where the full pack is.
import { formatUkDate } from '../../calendar/uk-date.js';
import type { Block, Message } from '../../message/model.js';
import { EXCEPTION_LABEL, type BoardPack } from './pack.js';

export const REPORT_MAX_EXCEPTIONS = 10;

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
const cut = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1).trimEnd()}…`);

export function boardSummaryMessage(pack: BoardPack, fileLine: string): Message {
  const t = pack.total;
  const red = t.counts.off_track + t.counts.blocked;
  const day = formatUkDate(new Date(`${pack.data.today}T00:00:00Z`));
  const blocks: Block[] = [
    { type: 'heading', text: `${pack.data.partnership.name} board summary — ${day}` },
    {
      type: 'fields',
      fields: [
        { label: 'Actions', value: `${t.total} (${t.percentComplete}% complete)` },
        { label: 'Overdue', value: String(t.counts.overdue) },
        { label: 'Off track or blocked', value: String(red) },
        { label: 'At risk', value: String(t.counts.at_risk) },
        { label: `Due in ${pack.quarter.label}`, value: String(t.dueThisQuarter) },
        { label: `Due dates moved since ${formatUkDate(pack.data.since)}`, value: String(pack.since.dueMoves.length) },
      ],
    },
    { type: 'text', text: 'By pillar', style: 'strong' },
    ...pack.byPillar.map((r): Block => ({
      type: 'context',
      text: `${r.group}: ${plural(r.total, 'action')} · ${r.percentComplete}% complete · ${r.counts.overdue} overdue · ${r.counts.off_track + r.counts.blocked} off track or blocked · ${r.counts.at_risk} at risk`,
    })),
  ];
  if (pack.exceptions.length) {
    blocks.push({ type: 'divider' }, { type: 'text', text: `Exceptions (${pack.exceptions.length})`, style: 'strong' });
    for (const e of pack.exceptions.slice(0, REPORT_MAX_EXCEPTIONS)) {
      blocks.push({
        type: 'item', ref: e.action.ref, title: cut(e.action.title, 90), status: e.action.status,
        lines: [`${EXCEPTION_LABEL[e.kind]} · Owner: ${cut(e.owner, 40)} · ${e.daysLabel}`, `Mitigation: ${cut(e.mitigation, 240)}`],
      });
    }
    if (pack.exceptions.length > REPORT_MAX_EXCEPTIONS) blocks.push({ type: 'context', text: `and ${pack.exceptions.length - REPORT_MAX_EXCEPTIONS} more in the board pack` });
  }
  blocks.push({ type: 'divider' }, { type: 'context', text: fileLine });
  const summary = `${pack.data.partnership.name} board summary: ${t.total} actions, ${t.percentComplete}% complete, ${t.counts.overdue} overdue, ${red} off track or blocked`;
  return { summary, blocks, ephemeral: true };
}
