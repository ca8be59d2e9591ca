// Action policies (SPEC §4): due soon, overdue (weekly until updated), escalation to the
// subgroup chair, quiet. Pure: (partnership state, window, now) → planned nudges.
//
// Rules, in the partnership's local calendar days:
// - Complete and cancelled actions are never nudged; snoozed ones (snoozedUntil > now) are
//   skipped entirely — a trigger that falls inside a snooze is dropped, the weekly series
//   resume on their own schedule afterwards. 'ongoing' actions get no due/overdue nudges but
//   can be quiet.
// - Due soon: for each N in dueSoonDays, trigger on due − N; one nudge per threshold (when two
//   thresholds land on one send day only the nearest is sent).
// - Overdue: first on the first working day after the due date, then every overdueRepeatDays.
//   "Until updated": an update after the due date restarts the series overdueRepeatDays after
//   that update — so a reply silences the reminders for a week, and they resume if the action
//   is still overdue. A redate changes the due date and so starts a fresh series.
// - Escalation: due + escalateOverdueDays (once per due date), and statusSince +
//   escalateStuckDays while off_track/blocked (once per episode: a new status starts a new one).
// - Quiet: no update (or, never updated, since creation) for quietDays; asked again every
//   quietDays while the silence lasts.
import { addDays, daysBetween, nextWorkingDay, type IsoDate } from '../../calendar/working-days.js';
import { formatDayShort, localDate } from '../../calendar/zone.js';
import { STATUS_INFO } from '../../register/status.js';
import type { NudgeAction, PartnershipNudgeState } from '../state.js';
import type { NudgeSubject, PlannedNudge } from '../types.js';
import { chairsOf, leadsOf } from '../recipients.js';
import { firesIn, type SendWindow } from '../window.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function dueInText(today: IsoDate, due: IsoDate): string {
  const n = daysBetween(today, due);
  if (n <= 0) return 'due today';
  if (n === 1) return 'due tomorrow';
  return `due in ${n} days`;
}

function subjectOf(ps: PartnershipNudgeState, a: NudgeAction): NudgeSubject {
  return {
    type: 'action', id: a.id, ref: a.ref, title: a.title, status: a.status, dueDate: a.dueDate,
    leadAgency: a.leadAgencyId ? ps.agencies[a.leadAgencyId]?.name ?? null : null,
    subgroup: a.subgroupId ? ps.subgroups[a.subgroupId]?.name ?? null : null,
  };
}

/** The latest trigger of the series start, start + every, start + 2·every … that fires in the window. */
function latestInSeries(w: SendWindow, start: IsoDate, every: number): { day: IsoDate; n: number } | null {
  if (start > w.today) return null;
  const span = daysBetween(start, w.today);
  let n = Math.floor(span / every);
  // Walk back over the few triggers that could still send in the window (weekends, holidays, catch-up).
  const stop = Math.max(0, Math.floor(daysBetween(start, w.from) / every) - 1);
  for (; n >= stop; n--) {
    const day = addDays(start, n * every);
    if (firesIn(w, day)) return { day, n };
  }
  return null;
}

export function actionNudges(ps: PartnershipNudgeState, w: SendWindow, now: Date): PlannedNudge[] {
  const s = ps.settings;
  const tz = ps.timezone;
  const out: PlannedNudge[] = [];
  // Nearest threshold first, so when two fire together the nearest wins.
  const dueSoonDays = [...s.dueSoonDays].sort((x, y) => x - y);
  const nowMs = now.getTime();
  // An action that tracks a contract still running is nudged through its contract: one nudge, not two.
  const tracked = new Set(ps.contracts.map((c) => c.actionId).filter((id): id is string => !!id));
  for (const a of ps.actions) {
    if (!STATUS_INFO[a.status].open || tracked.has(a.id)) continue;
    if (a.snoozedUntil && a.snoozedUntil.getTime() > nowMs) continue;
    let subject: NudgeSubject | undefined; // built once, for the actions that get a nudge
    const lastUpdate = a.lastUpdateAt ? localDate(a.lastUpdateAt, tz) : null;
    const push = (kind: PlannedNudge['kind'], key: string, reason: string, to: { personIds: string[]; note?: string }) => {
      if (!to.personIds.length) return;
      subject ??= subjectOf(ps, a);
      out.push({
        key, kind, partnershipId: ps.id, localDate: w.today, personIds: to.personIds, subject, reason,
        ...(to.note ? { recipientNote: to.note } : {}),
      });
    };
    const due = a.status === 'ongoing' ? null : a.dueDate;

    if (due && due >= w.today) {
      const hit = dueSoonDays.find((n) => firesIn(w, addDays(due, -n)));
      if (hit !== undefined) push('due_soon', `due:${a.id}:${due}:${hit}d`, dueInText(w.today, due), leadsOf(ps, a));
    }

    if (due && due < w.today) {
      const late = daysBetween(due, w.today);
      const start = lastUpdate && lastUpdate > due ? addDays(lastUpdate, s.overdueRepeatDays) : nextWorkingDay(due);
      const hit = latestInSeries(w, start, s.overdueRepeatDays);
      if (hit) push('overdue', `overdue:${a.id}:${due}:${hit.day}`, `overdue by ${plural(late, 'day')} (due ${formatDayShort(due)})`, leadsOf(ps, a));
      if (firesIn(w, addDays(due, s.escalateOverdueDays))) {
        push('escalation', `esc:${a.id}:overdue:${due}`, `escalation: overdue by ${plural(late, 'day')} (due ${formatDayShort(due)})`, chairsOf(ps, a.subgroupId));
      }
    }

    if (a.status === 'off_track' || a.status === 'blocked') {
      const since = localDate(a.statusSince, tz);
      if (firesIn(w, addDays(since, s.escalateStuckDays))) {
        const label = STATUS_INFO[a.status].label.toLowerCase();
        push('escalation', `esc:${a.id}:${a.status}:${since}`, `escalation: ${label} for ${plural(daysBetween(since, w.today), 'day')} (since ${formatDayShort(since)})`, chairsOf(ps, a.subgroupId));
      }
    }

    const quietFrom = lastUpdate ?? localDate(a.createdAt, tz);
    const quiet = latestInSeries(w, addDays(quietFrom, s.quietDays), s.quietDays);
    if (quiet) {
      const what = lastUpdate ? `no update for ${plural(daysBetween(lastUpdate, w.today), 'day')}` : `no update since it was added ${plural(daysBetween(quietFrom, w.today), 'day')} ago`;
      push('quiet', `quiet:${a.id}:${quietFrom}:${quiet.n + 1}`, what, leadsOf(ps, a));
    }
  }
  return out;
}
