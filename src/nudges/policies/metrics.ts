// Metric policy (SPEC §10): a metric's owner is asked for a period's figure when it falls due —
// `metricDueWorkingDays` working days after the quarter ends (after the financial year ends for
// annual metrics) — unless a figure for that period is already recorded. Once per metric and
// period (key metric:<metricId>:<period>); irregular metrics (biennial, multi-year estimates)
// are never asked for. Pure: (partnership state, window) → planned nudges.
import { addWorkingDays, type IsoDate } from '../../calendar/working-days.js';
import { formatDayShort } from '../../calendar/zone.js';
import { describePeriod, formatPeriod, lastCompleted, periodEnd, shiftPeriod, type Period } from '../../metrics/period.js';
import type { PartnershipNudgeState } from '../state.js';
import type { PlannedNudge } from '../types.js';
import { firesIn, type SendWindow } from '../window.js';

/** The day a period's figure falls due: N working days after it ends. */
export function metricDueDay(p: Period, workingDays: number): IsoDate {
  return addWorkingDays(periodEnd(p), workingDays);
}

export function metricNudges(ps: PartnershipNudgeState, w: SendWindow): PlannedNudge[] {
  const n = ps.settings.metricDueWorkingDays;
  const out: PlannedNudge[] = [];
  for (const m of ps.metrics ?? []) {
    if (m.frequency !== 'quarterly' && m.frequency !== 'annual') continue;
    if (!ps.people[m.ownerId]) continue;
    const latest = lastCompleted(m.frequency === 'annual' ? 'year' : 'quarter', w.today);
    // The due day is at most ~4.5 months (90 working days) after the period: two periods back is enough.
    for (const p of [shiftPeriod(latest, -1), latest]) {
      const period = formatPeriod(p);
      const due = metricDueDay(p, n);
      if (!firesIn(w, due) || m.recorded.includes(period)) continue;
      out.push({
        key: `metric:${m.id}:${period}`,
        kind: 'metric_due',
        partnershipId: ps.id,
        localDate: w.today,
        personIds: [m.ownerId],
        subject: { type: 'metric', id: m.id, ref: m.code, title: m.name, period, deadline: due },
        reason: `the ${period} figure (${describePeriod(p)}) is due — ${n} working days after the period ended, ${formatDayShort(due)}`,
      });
    }
  }
  return out;
}
