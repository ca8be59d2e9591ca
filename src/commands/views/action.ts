// Shared Message pieces for actions: a list item with status buttons, a list with "Mark all on
// track", and the detail view (show) with its last updates.
import { toIsoDate } from '../../calendar/uk-date.js';
import { coveredByMarkAll, markAllButton, statusButtons } from '../../message/buttons.js';
import type { Block, Button } from '../../message/model.js';
import type { ActionRecord, HistoryEntry } from '../../register/actions.js';
import { STATUS_INFO } from '../../register/status.js';
import { VIA_LABEL, daysBetween, formatDay, formatWhen, plural } from './format.js';

export { statusButtons };

/** "Due 31 Dec 2025 · Lead: Met Police" (the lead's short name where it has one) and "Overdue by 12 days" / "Due in 3 days". */
export function actionLines(a: ActionRecord, today: Date): string[] {
  const meta: string[] = [];
  meta.push(a.dueDate ? `Due ${formatDay(a.dueDate)}` : 'No due date');
  if (a.leadAgency) meta.push(`Lead: ${a.leadAgency.shortName ?? a.leadAgency.name}`);
  if (a.leadOfficer) meta.push(`Lead officer: ${a.leadOfficer.name}`);
  const lines = [meta.join(' · ')];
  const open = STATUS_INFO[a.status].open;
  if (a.dueDate && open && a.status !== 'ongoing') {
    const d = daysBetween(today, a.dueDate);
    if (d < 0) lines.push(`Overdue by ${plural(-d, 'day')}`);
    else if (d === 0) lines.push('Due today');
    else if (d <= 14) lines.push(`Due in ${plural(d, 'day')}`);
  }
  if (a.snoozedUntil && a.snoozedUntil > today) lines.push(`Reminders snoozed until ${formatDay(a.snoozedUntil)}`);
  if (a.reviewUntil && a.reviewUntil > today && open) lines.push(`Under year-end review until ${formatDay(a.reviewUntil)} (no reminders meanwhile)`);
  return lines;
}

/** An open action (not ongoing) whose due date has passed: shown as overdue wherever its status is. */
export function isOverdue(a: { status: ActionRecord['status']; dueDate: Date | null }, today: Date): boolean {
  return !!a.dueDate && STATUS_INFO[a.status].open && a.status !== 'ongoing' && daysBetween(today, a.dueDate) < 0;
}

export function actionItem(a: ActionRecord, today: Date, withButtons: boolean): Block {
  return {
    type: 'item',
    ref: a.ref,
    title: a.title,
    status: a.status,
    lines: actionLines(a, today),
    ...(withButtons ? { buttons: statusButtons(a.ref) } : {}),
  };
}

export const LIST_CAP = 20;

/** Items (capped) with an "and N more" line and, when asked, a final "Mark all on track" button. */
export function actionList(
  actions: ActionRecord[],
  today: Date,
  /** total: the whole list's size when `actions` is only its first page. */
  opts: { buttons: (a: ActionRecord) => boolean; markAll?: boolean; moreHint?: string; cap?: number; total?: number },
): Block[] {
  const cap = opts.cap ?? LIST_CAP;
  const shown = actions.slice(0, cap);
  const total = Math.max(opts.total ?? 0, actions.length);
  const blocks: Block[] = shown.map((a) => actionItem(a, today, opts.buttons(a)));
  if (total > shown.length) blocks.push({ type: 'context', text: `and ${total - shown.length} more${opts.moreHint ? ` — ${opts.moreHint}` : ''}` });
  const todayIso = toIsoDate(today);
  const covered = shown.filter((a) => opts.buttons(a) && coveredByMarkAll(a.status, a.dueDate ? toIsoDate(a.dueDate) : null, todayIso)).map((a) => a.ref);
  const markAll = opts.markAll ? markAllButton(covered, shown.length) : undefined;
  if (markAll) blocks.push({ type: 'buttons', buttons: [markAll] });
  return blocks;
}

export function historyLine(h: HistoryEntry, timeZone: string): string {
  const how = `via ${VIA_LABEL[h.via]}${h.source ? ` of ${h.source}` : ''}`;
  // An import nobody is named for (the first import, the demo) says where it came from, not "Someone".
  const who = h.personName ? `${h.personName} ${how}` : h.via === 'import' ? `Imported${h.source ? ` from ${h.source}` : ''}` : `Someone ${how}`;
  const change = h.newStatus && h.oldStatus !== h.newStatus
    ? `${h.oldStatus ? `${STATUS_INFO[h.oldStatus].label} → ` : ''}${STATUS_INFO[h.newStatus].label}`
    : '';
  const added = h.change === 'created' ? 'added to the register' : '';
  // Rows recording a change other than a status update carry their own wording (no quotes).
  const note = h.note ? (h.change && h.change !== 'created' ? h.note : `“${h.note}”`) : '';
  const body = [added, change, note].filter(Boolean).join(' — ');
  return `${formatWhen(h.createdAt, timeZone)} · ${who}: ${body || 'update'}`;
}

/** "Jo Bloggs (deputies: Sam Lee)" — the people reminders go to, when named. */
export function officerText(a: ActionRecord): string | undefined {
  if (!a.leadOfficer) return undefined;
  const deps = a.deputies.map((d) => d.person.name);
  return `${a.leadOfficer.name}${deps.length ? ` (deputies: ${deps.join(', ')})` : ''}`;
}

/** The full action: hierarchy, lead, partners, subgroup, due with slippage, status, notes, last updates. */
export function actionDetail(a: ActionRecord, history: HistoryEntry[], today: Date, timeZone: string, canUpdate: boolean): Block[] {
  const pillar = a.objective.priority.pillar;
  let due = a.dueDate ? formatDay(a.dueDate) : 'No due date';
  if (a.dueMoves > 0) due += ` (originally ${a.originalDueDate ? formatDay(a.originalDueDate) : 'no date'}; moved ${plural(a.dueMoves, 'time')})`;
  const fields = [
    { label: 'Pillar', value: pillar.name },
    { label: 'Priority', value: a.objective.priority.name },
    { label: 'Objective', value: a.objective.name },
    { label: 'Lead', value: a.leadAgency?.name ?? 'None' },
    { label: 'Lead officer', value: officerText(a) ?? 'None named (reminders go to the lead agency)' },
    { label: 'Partners', value: a.partners.map((p) => p.agency.name).join(', ') || 'None' },
    { label: 'Subgroup', value: a.subgroup?.name ?? 'None' },
    { label: 'Due', value: due },
    { label: 'Status', value: `${STATUS_INFO[a.status].label} since ${formatDay(a.statusSince)}${isOverdue(a, today) ? ' — overdue' : ''}` },
    { label: 'Last update', value: a.lastUpdateAt ? formatWhen(a.lastUpdateAt, timeZone) : 'Never' },
  ];
  // The heading carries the title; the item under it only the status and its lines (the title
  // is not printed twice).
  const blocks: Block[] = [
    { type: 'heading', text: `${a.ref} · ${a.title}` },
    { type: 'item', ref: a.ref, title: '', status: a.status, lines: actionLines(a, today).slice(1) },
    { type: 'fields', fields },
  ];
  if (a.notes) blocks.push({ type: 'text', text: `Notes: ${a.notes}` });
  blocks.push({ type: 'divider' });
  if (history.length) {
    blocks.push({ type: 'text', text: 'Last updates', style: 'strong' });
    for (const h of history) blocks.push({ type: 'context', text: historyLine(h, timeZone) });
  } else {
    blocks.push({ type: 'context', text: 'No updates recorded yet.' });
  }
  if (canUpdate) blocks.push({ type: 'buttons', buttons: statusButtons(a.ref) });
  return blocks;
}
