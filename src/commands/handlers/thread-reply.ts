// A reply in the thread of a message the bot sent (a nudge or check-in) updates what it was
// about: "on track — pathway launched", "done", "just a note". When the message covered several
// actions the reply must name one ("TRS-07 on track — …"); otherwise we list the refs it could
// mean and change nothing — never guess.
import type { MessageRef } from '../../chat/port.js';
import type { CommandContext } from '../../core/api.js';
import { errorMessage, type Message } from '../../message/model.js';
import { matchRef } from '../../register/refs.js';
import { findContractByRef } from '../../register/contracts.js';
import { STATUS_PHRASES, parseStage, parseStatus, type ActionStatus, type ContractStage } from '../../register/status.js';
import { actionOrReply, isMessage, notLinkedMessage, type HandlerDeps, type LinkedContext } from './common.js';
import { parseContractText } from '../parse/contract-stage.js';
import { applyStage } from './contract.js';
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

/** A ref-like first word ("TRS-01", "BSC12") that is none of the message's refs. */
export function leadingForeignRef(text: string, refs: string[]): string | undefined {
  const first = /^\s*([A-Za-z]{2,8}-\d{1,4}[A-Za-z]?|[A-Za-z]{2,8}\d{2,4})(?=$|[\s:,.;!—–-])/.exec(text)?.[1];
  if (!first || matchRef(first, refs)) return undefined;
  return first.toUpperCase();
}

/** "on track — pathway launched" → status + note; "just a note" → note only. */
export function splitStatus(text: string): { status?: ActionStatus; note?: string } {
  const lower = text.toLowerCase();
  for (const phrase of STATUS_PHRASES) {
    const variants = [phrase, phrase.replace(/ /g, '-'), phrase.replace(/ /g, '_')];
    for (const v of variants) {
      if (!lower.startsWith(v)) continue;
      const next = lower.charAt(v.length);
      if (next && /[\p{L}\p{N}]/u.test(next)) continue;
      const status = parseStatus(phrase);
      if (!status) continue;
      const note = text.slice(v.length).replace(SEPARATORS, '').trim();
      return note ? { status, note } : { status };
    }
  }
  const note = text.trim();
  return note ? { note } : {};
}

export async function handleThreadReply(
  deps: HandlerDeps,
  ctx: CommandContext,
  thread: MessageRef,
  text: string,
  runCommand: (ctx: CommandContext, text: string) => Promise<Message>,
): Promise<Message | null> {
  const sent = await deps.db.prisma.sentMessage.findUnique({
    where: { platform_channelId_messageId: { platform: thread.platform, channelId: thread.channelId, messageId: thread.messageId } },
  });
  if (!sent || sent.partnershipId !== ctx.partnership.id) return null;
  if (!ctx.person) return notLinkedMessage(deps, ctx);
  const lctx: LinkedContext = { ...ctx, person: ctx.person };
  // A full command typed in the thread ("update TRS-07 green", "/cdp show TRS-07") is just a command.
  if (/^\s*(\/?cdp\b|update\b|show\b|help\b|redate\b|snooze\b|contract\b)/i.test(text)) return runCommand(ctx, text);

  const foreign = leadingForeignRef(text, [...sent.actionRefs, ...sent.contractRefs]);
  if (foreign) {
    const about = [...sent.actionRefs, ...sent.contractRefs].join(', ');
    return errorMessage(
      `This message is about ${about}, not ${foreign}. Nothing was changed.`,
      `To update ${foreign}, type: update ${foreign} <status> [note]`,
      'which_ref',
    );
  }
  if (sent.actionRefs.length) {
    const refs = sent.actionRefs;
    const picked = pickRef(text, refs);
    if (picked.ambiguous || (!picked.ref && refs.length > 1)) {
      const list = refs.join(', ');
      return errorMessage(
        `This message is about ${refs.length} actions (${list}): say which one your reply is for. Nothing was changed.`,
        `For example: ${refs[0]} on track — pathway launched`,
        'which_ref',
      );
    }
    const ref = picked.ref ?? refs[0]!;
    const parsed = splitStatus(picked.rest);
    if (!parsed.status && !parsed.note) {
      return errorMessage(`Reply with a status and/or a note for ${ref}.`, `For example: on track — pathway launched · done · at risk waiting on funding`, 'bad_arguments');
    }
    const a = await actionOrReply(deps, lctx, ref);
    if (isMessage(a)) return a;
    return applyUpdate(deps, lctx, a, parsed.status, parsed.note);
  }
  if (sent.contractRefs.length) {
    const refs = sent.contractRefs;
    const picked = pickRef(text, refs);
    if (picked.ambiguous || (!picked.ref && refs.length > 1)) {
      return errorMessage(`This message is about ${refs.length} contracts (${refs.join(', ')}): say which one your reply is for. Nothing was changed.`, `For example: ${refs[0]} options appraisal — paper to board in March`, 'which_ref');
    }
    const ref = picked.ref ?? refs[0]!;
    // The one contract reply grammar (src/commands/parse/contract-stage.ts): a stage or route leads.
    if (parseContractText(picked.rest, ref)) return runCommand(ctx, `contract ${ref} ${picked.rest}`);
    const note = picked.rest.trim();
    if (!note) return errorMessage(`Reply with a stage and/or a note for ${ref}.`, `For example: route decided — direct award C · options appraisal — paper to board in March`, 'bad_arguments');
    const c = await findContractByRef(deps.db.prisma, ctx.partnership.id, ref);
    if (!c.ok) return errorMessage(c.error.message, c.error.hint, c.error.code);
    return applyStage(deps, lctx, c.value, { note });
  }
  return null;
}
