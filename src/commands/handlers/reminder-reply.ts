// A typed answer to a reminder about one or more actions: from a Slack thread reply, or in Teams
// (no threads) a message with no ref, read against the person's latest reminder (SPEC §10).
//   - It names one of the reminder's refs, or the reminder was about one action → applied.
//   - It names none and the reminder listed several → "which action?", with a button per ref
//     that applies the same reply to that action. Never guessed.
//   - The text is read like `update`: a status only at the start, "did you mean" for a misspelt
//     status, a reason for off track / blocked / cancelled; nothing is saved otherwise.
import type { Platform } from '../../generated/prisma/enums.js';
import { errorMessage, type Button, type Message } from '../../message/model.js';
import { matchRef } from '../../register/refs.js';
import { STATUS_INFO } from '../../register/status.js';
import { readStatusText } from '../parse/status-check.js';
import { shown } from '../parse/text.js';
import { actionOrReply, isMessage, reply, type HandlerDeps, type LinkedContext } from './common.js';
import { applyUpdate } from './update.js';

const REF_TOKEN = /\b([A-Za-z]{1,8}-?\d{1,4}[A-Za-z]?)\b/g;
const SEPARATORS = /^[\s—–\-:,.;!]+/;

/** Splits "TRS-07 on track — pathway launched" into the ref it names (one of `refs`), the rest. */
export function pickRef(text: string, refs: string[]): { ref?: string; rest: string; ambiguous: boolean } {
  const named = new Set<string>();
  for (const m of text.matchAll(REF_TOKEN)) {
    const r = matchRef(m[1]!, refs);
    if (r) named.add(r);
  }
  if (named.size > 1) return { rest: text, ambiguous: true };
  const ref = [...named][0];
  if (!ref) return { rest: text.trim(), ambiguous: false };
  // Drop the ref when it leads the text ("TRS-07: done").
  const lead = /^\s*([A-Za-z]{1,8}-?\d{1,4}[A-Za-z]?)\b/.exec(text);
  const rest = lead && matchRef(lead[1]!, refs) === ref ? text.slice(lead[0].length).replace(SEPARATORS, '') : text.trim();
  return { ref, rest, ambiguous: false };
}

/** Applies `text` to the one action it is about among `refs`, or asks which. */
export async function answerAboutActions(deps: HandlerDeps, ctx: LinkedContext, refs: string[], text: string, where: 'thread' | 'chat'): Promise<Message> {
  const picked = pickRef(text, refs);
  const list = refs.join(', ');
  const about = where === 'thread' ? 'This message is' : 'Your latest reminder is';
  if (picked.ambiguous) {
    return errorMessage(`${about} about ${refs.length} actions (${list}) and your reply names more than one. Nothing was changed.`, `Reply about one at a time, e.g. ${refs[0]} on track - pathway launched`, 'which_ref');
  }
  const ref = picked.ref ?? refs[0]!;
  const read = readStatusText(picked.rest, ref);
  if (!read.ok) return errorMessage(read.message, read.hint, read.code);
  if (!read.status && !read.note) {
    return errorMessage(`Reply with a status and/or a note for ${ref}.`, 'For example: on track - pathway launched · done · at risk - waiting on funding', 'bad_arguments');
  }
  if (!picked.ref && refs.length > 1) {
    const what = read.status ? `${STATUS_INFO[read.status].label}${read.note ? ` — “${shown(read.note, 60)}”` : ''}` : `the note “${shown(read.note ?? '', 60)}”`;
    const buttons: Button[] = refs.slice(0, 6).map((r) => ({
      label: r,
      action: read.status
        ? { kind: 'set_status', ref: r, status: read.status, ...(read.note ? { note: read.note } : {}) }
        : { kind: 'add_note', ref: r, ...(read.note ? { note: read.note } : {}) },
    }));
    const text2 = `${about} about ${refs.length} actions (${list}). Which one is ${what} for? Nothing was changed yet.`;
    return reply(text2, [
      { type: 'text', text: text2 },
      { type: 'buttons', buttons },
      { type: 'context', text: `Or reply with the ref first, e.g. ${refs[0]} ${shown(picked.rest, 60)}` },
    ], { meta: { error: 'which_ref' } });
  }
  const a = await actionOrReply(deps, ctx, ref);
  if (isMessage(a)) return a;
  return applyUpdate(deps, ctx, a, read.status, read.note);
}

/** How long a reminder stays "the one a reply without a ref answers". */
const LATEST_REMINDER_DAYS = 30;

/** The action refs of the person's latest reminder on this platform (within 30 days), if any. */
export async function latestReminderRefs(deps: HandlerDeps, ctx: LinkedContext, platform: Platform): Promise<string[] | undefined> {
  const sent = await deps.db.prisma.sentMessage.findFirst({
    where: {
      partnershipId: ctx.partnership.id, personId: ctx.person.id, platform,
      createdAt: { gte: new Date(ctx.now.getTime() - LATEST_REMINDER_DAYS * 86_400_000) },
    },
    orderBy: { createdAt: 'desc' },
    select: { actionRefs: true },
  });
  return sent?.actionRefs.length ? sent.actionRefs : undefined;
}
