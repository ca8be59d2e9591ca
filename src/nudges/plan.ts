// All nudges for a sweep: every partnership in the state, at `now`, in each one's time zone.
import type { IsoDate } from '../calendar/working-days.js';
import type { NudgeState } from './state.js';
import type { PlannedNudge } from './types.js';
import { actionNudges } from './policies/actions.js';
import { contractNudges } from './policies/contracts.js';
import { metricNudges } from './policies/metrics.js';
import { sendWindow } from './window.js';

export interface PlanOptions {
  /** Which policies to run: 'reminders' (actions), 'contracts', or both (default). */
  jobs?: ReadonlyArray<'reminders' | 'contracts'>;
  /** The last local day a sweep completed, per partnership id: missed working days since are caught up. */
  catchUpFrom?: Record<string, IsoDate>;
}

/**
 * Planned nudges at `now`. Nothing is planned for a partnership on a non-working day or before
 * its send time. Pure and deterministic: the same state and `now` give the same keys.
 */
export function planNudges(state: NudgeState, now: Date, opts: PlanOptions = {}): PlannedNudge[] {
  const jobs = opts.jobs ?? ['reminders', 'contracts'];
  const out: PlannedNudge[] = [];
  for (const ps of state.partnerships) {
    const w = sendWindow(now, ps.timezone, ps.settings.sendTime, opts.catchUpFrom?.[ps.id]);
    if (!w) continue;
    if (jobs.includes('reminders')) out.push(...actionNudges(ps, w, now), ...metricNudges(ps, w));
    if (jobs.includes('contracts')) out.push(...contractNudges(ps, w));
  }
  return out;
}
