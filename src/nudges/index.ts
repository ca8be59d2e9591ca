// Nudges (SPEC §4): load the state, plan with pure policies, batch per person per day.
//   const state = await loadNudgeState(db, { now });
//   const batches = batchNudges(planNudges(state, now), state, now);
export { loadNudgeState, type LoadNudgeStateArgs } from './load.js';
export { planNudges, type PlanOptions } from './plan.js';
export { batchNudges, batchKey, type PersonBatch } from './batch.js';
export { buildNudgeMessage, MAX_ITEMS_PER_MESSAGE } from './message.js';
export { sendWindow, firesIn, type SendWindow } from './window.js';
export { contractDeadline, nextStages } from './policies/contracts.js';
export type { NudgeState, PartnershipNudgeState, NudgeAction, NudgeContract, NudgePerson } from './state.js';
export type { PlannedNudge, NudgeKind, NudgeSubject } from './types.js';

import type { Database } from '../db/client.js';
import { loadNudgeState } from './load.js';
import { planNudges, type PlanOptions } from './plan.js';
import { batchNudges, type PersonBatch } from './batch.js';

/** One sweep: load, plan, batch. What `cdp run reminders|contracts` and the scheduler call. */
export async function sweepNudges(
  db: Database,
  args: { now: Date; partnershipIds?: string[] } & PlanOptions,
): Promise<PersonBatch[]> {
  const state = await loadNudgeState(db, { now: args.now, nudgeableOnly: true, ...(args.partnershipIds ? { partnershipIds: args.partnershipIds } : {}) });
  return batchNudges(planNudges(state, args.now, args), state, args.now);
}
