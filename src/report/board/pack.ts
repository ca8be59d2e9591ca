// The board pack as data (pure): summary by pillar and by subgroup, exceptions, slippage,
// changes since the last board and the contracts timeline. Every renderer (XLSX, HTML, chat)
// reads this one model. An open action past its due date counts as Overdue, never as green:
// the board sees "Overdue" in place of the status its lead last reported.
import { daysBetween, type IsoDate } from '../../calendar/working-days.js';
import { localDate } from '../../calendar/zone.js';
import { STATUS_INFO, type ActionStatus } from '../../register/status.js';
import type { BoardAction, BoardContract, BoardData, BoardDueMove, BoardStatusChange } from './data.js';

/** What the board sees for an action: its status, or "overdue" for an open one past due. */
export type BoardRag = ActionStatus | 'overdue';

/** Order of the summary's columns: red first, then amber, green, the rest. */
export const BOARD_RAGS: readonly BoardRag[] = ['overdue', 'off_track', 'blocked', 'at_risk', 'on_track', 'not_started', 'ongoing', 'complete', 'cancelled'];
export const BOARD_RAG_LABEL: Record<BoardRag, string> = { overdue: 'Overdue', ...Object.fromEntries(Object.entries(STATUS_INFO).map(([k, v]) => [k, v.label])) } as Record<BoardRag, string>;

export function isOverdue(a: Pick<BoardAction, 'status' | 'dueDate'>, today: IsoDate): boolean {
  return STATUS_INFO[a.status].open && a.status !== 'ongoing' && !!a.dueDate && a.dueDate < today;
}

export const boardRag = (a: BoardAction, today: IsoDate): BoardRag => (isOverdue(a, today) ? 'overdue' : a.status);

export interface Quarter { label: string; start: IsoDate; end: IsoDate }

/** The UK financial quarter (1 April start) holding `day`: "Q3 2026/27". */
export function financialQuarter(day: IsoDate): Quarter {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const fyStart = m >= 4 ? y : y - 1;
  const q = m >= 4 ? Math.floor((m - 4) / 3) + 1 : 4;
  const startMonth = ((q - 1) * 3 + 4 - 1) % 12 + 1;
  const startYear = q === 4 ? fyStart + 1 : fyStart;
  const endMonth = startMonth + 2;
  const end = new Date(Date.UTC(startYear, endMonth, 0)).toISOString().slice(0, 10);
  return { label: `Q${q} ${fyStart}/${String((fyStart + 1) % 100).padStart(2, '0')}`, start: `${startYear}-${String(startMonth).padStart(2, '0')}-01`, end };
}

export interface SummaryRow {
  group: string;
  total: number;
  counts: Record<BoardRag, number>;
  /** Complete out of all but cancelled, 0–100. */
  percentComplete: number;
  dueThisQuarter: number;
}

export type ExceptionKind = 'red' | 'blocked' | 'amber' | 'overdue';
export const EXCEPTION_LABEL: Record<ExceptionKind, string> = { red: 'Off track', blocked: 'Blocked', amber: 'At risk', overdue: 'Overdue' };

export interface BoardException {
  kind: ExceptionKind;
  action: BoardAction;
  owner: string;
  /** Days overdue, or days in its status when not overdue. */
  days: number;
  daysLabel: string;
  mitigation: string;
}

export interface SlippageRow extends BoardDueMove {
  /** Days the date moved (positive = later). */
  daysMoved: number | null;
}

export interface BoardPack {
  data: BoardData;
  title: string;
  quarter: Quarter;
  byPillar: SummaryRow[];
  bySubgroup: SummaryRow[];
  total: SummaryRow;
  exceptions: BoardException[];
  slippage: SlippageRow[];
  since: { changes: BoardStatusChange[]; completed: BoardStatusChange[]; worse: BoardStatusChange[]; dueMoves: SlippageRow[] };
  contracts: (BoardContract & { daysLeft: number })[];
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
const emptyCounts = () => Object.fromEntries(BOARD_RAGS.map((r) => [r, 0])) as Record<BoardRag, number>;

function summarise(group: string, actions: BoardAction[], today: IsoDate, q: Quarter): SummaryRow {
  const counts = emptyCounts();
  for (const a of actions) counts[boardRag(a, today)]++;
  const countable = actions.length - counts.cancelled;
  return {
    group,
    total: actions.length,
    counts,
    percentComplete: countable ? Math.round((100 * counts.complete) / countable) : 0,
    dueThisQuarter: actions.filter((a) => a.dueDate && a.dueDate >= q.start && a.dueDate <= q.end && a.status !== 'cancelled').length,
  };
}

function groupBy(actions: BoardAction[], key: (a: BoardAction) => string): Map<string, BoardAction[]> {
  const out = new Map<string, BoardAction[]>();
  for (const a of actions) out.set(key(a), [...(out.get(key(a)) ?? []), a]);
  return out;
}

/** The note recorded since the status changed is the mitigation; older notes are named as such. */
export function mitigationOf(a: BoardAction): string {
  const n = a.latestNote;
  if (!n) return 'None recorded';
  return n.at.getTime() >= a.statusSince.getTime() ? n.text : `None since ${STATUS_INFO[a.status].label.toLowerCase()} (last note: ${n.text})`;
}

const RED_AMBER: ReadonlySet<ActionStatus> = new Set(['off_track', 'blocked', 'at_risk']);
const KIND_ORDER: Record<ExceptionKind, number> = { red: 0, blocked: 1, overdue: 2, amber: 3 };

export function buildBoardPack(data: BoardData): BoardPack {
  const { today, actions } = data;
  const tz = data.partnership.timezone;
  const quarter = financialQuarter(today);
  const byPillar = [...groupBy(actions, (a) => a.pillar)].map(([g, list]) => summarise(g, list, today, quarter));
  const bySubgroup = [...groupBy(actions, (a) => a.subgroup ?? 'No subgroup')].map(([g, list]) => summarise(g, list, today, quarter)).sort((a, b) => a.group.localeCompare(b.group));

  const exceptions: BoardException[] = [];
  for (const a of actions) {
    const overdue = isOverdue(a, today);
    if (!overdue && !RED_AMBER.has(a.status)) continue;
    const kind: ExceptionKind = a.status === 'off_track' ? 'red' : a.status === 'blocked' ? 'blocked' : overdue ? 'overdue' : 'amber';
    const inStatus = daysBetween(localDate(a.statusSince, tz), today);
    const daysOver = overdue ? daysBetween(a.dueDate!, today) : 0;
    const days = overdue ? daysOver : inStatus;
    const daysLabel = overdue
      ? `${plural(daysOver, 'day')} overdue${kind === 'overdue' ? '' : `; ${STATUS_INFO[a.status].label.toLowerCase()} ${plural(inStatus, 'day')}`}`
      : `${STATUS_INFO[a.status].label.toLowerCase()} for ${plural(inStatus, 'day')}`;
    exceptions.push({ kind, action: a, owner: a.leadShort ?? a.lead ?? 'No lead recorded', days, daysLabel, mitigation: mitigationOf(a) });
  }
  exceptions.sort((x, y) => KIND_ORDER[x.kind] - KIND_ORDER[y.kind] || y.days - x.days || x.action.ref.localeCompare(y.action.ref, 'en', { numeric: true }));

  const slippage: SlippageRow[] = data.dueMoves.map((m) => ({ ...m, daysMoved: m.from && m.to ? daysBetween(m.from, m.to) : null }));
  const sinceMs = data.since.getTime();
  const changes = data.changes;
  return {
    data,
    title: `${data.partnership.name} Combating Drugs Partnership — board pack`,
    quarter,
    byPillar,
    bySubgroup,
    total: summarise('All pillars', actions, today, quarter),
    exceptions,
    slippage,
    since: {
      changes,
      completed: changes.filter((c) => c.to === 'complete'),
      worse: changes.filter((c) => RED_AMBER.has(c.to) && !(c.from && RED_AMBER.has(c.from))),
      dueMoves: slippage.filter((m) => m.at.getTime() > sinceMs),
    },
    contracts: data.contracts.map((c) => ({ ...c, daysLeft: daysBetween(today, c.expiryDate) })),
  };
}
