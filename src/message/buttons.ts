// The buttons every action item carries, wherever it is shown (nudges, lists, show).
// "Off track…" opens the note input: off track needs a reason (the mitigation), SPEC §10.
import type { ActionStatus } from '../register/status.js';
import type { Block, Button } from './model.js';

export function statusButtons(ref: string): Button[] {
  return [
    { label: 'On track', action: { kind: 'set_status', ref, status: 'on_track' }, style: 'primary' },
    { label: 'At risk', action: { kind: 'set_status', ref, status: 'at_risk' } },
    { label: 'Off track…', action: { kind: 'add_note', ref, status: 'off_track' }, style: 'danger' },
    { label: 'Done', action: { kind: 'set_status', ref, status: 'complete' } },
    { label: 'Add note…', action: { kind: 'add_note', ref } },
  ];
}

/**
 * The line under a reminder saying how to answer it by typing: in Slack, in the message's
 * thread; in Teams (no threads) a plain reply, without the ref when the message is about one
 * action. `status` is the reply after the ref, e.g. "on track - pathway launched".
 */
export function replyHint(ref: string, status: string, single: boolean): Extract<Block, { type: 'context' }> {
  return {
    type: 'context',
    text: `Reply with e.g. "${ref} ${status}", or use the buttons.`,
    perPlatform: {
      slack: `Reply in this message's thread with e.g. \`${ref} ${status}\`, or use the buttons.`,
      teams: single
        ? `Reply to me with e.g. "${status}", or use the buttons.`
        : `Reply to me with the ref first, e.g. "${ref} ${status}", or use the buttons.`,
    },
  };
}

/**
 * "Mark all on track" (SPEC §10) may only cover actions that are on track or not started and not
 * overdue: it can never turn an off-track, at-risk, blocked, ongoing or overdue action green.
 * `due` and `today` are calendar days (YYYY-MM-DD).
 */
export function coveredByMarkAll(status: ActionStatus, due: string | null, today: string): boolean {
  return (status === 'on_track' || status === 'not_started') && (due === null || due >= today);
}

/** The button over the covered refs, or none when fewer than two are covered. */
export function markAllButton(covered: string[], listedActions: number, primary = false): Button | undefined {
  if (covered.length < 2) return undefined;
  const label = covered.length === listedActions ? 'Mark all on track' : covered.length <= 3 ? `Mark ${covered.join(', ')} on track` : `Mark these ${covered.length} on track`;
  return { label, action: { kind: 'all_on_track', refs: covered }, ...(primary ? { style: 'primary' as const } : {}) };
}
