// The buttons every action item carries, wherever it is shown (nudges, lists, show).
import type { Button } from './model.js';

export function statusButtons(ref: string): Button[] {
  return [
    { label: 'On track', action: { kind: 'set_status', ref, status: 'on_track' }, style: 'primary' },
    { label: 'At risk', action: { kind: 'set_status', ref, status: 'at_risk' } },
    { label: 'Off track', action: { kind: 'set_status', ref, status: 'off_track' }, style: 'danger' },
    { label: 'Done', action: { kind: 'set_status', ref, status: 'complete' } },
    { label: 'Add note…', action: { kind: 'add_note', ref } },
  ];
}

/** The line under a reminder saying how to answer it by typing (Slack threads; Teams has none). */
export const replyHint = (example: string) =>
  `Reply with e.g. \`${example}\` (in Slack, in this message's thread), or use the buttons.`;
