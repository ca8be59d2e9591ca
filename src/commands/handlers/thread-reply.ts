// A reply in the thread of a message the bot sent (a nudge or check-in) updates what it was
// about: "on track — pathway launched", "done", "just a note". When the message covered several
// actions the reply must name one ("TRS-07 on track — …"); otherwise we ask which, with a
// button per ref, and change nothing — never guess (./reminder-reply.ts).
import type { MessageRef } from '../../chat/port.js';
import type { CommandContext } from '../../core/api.js';
import { errorMessage, type Message } from '../../message/model.js';
import { matchRef } from '../../register/refs.js';
import { findContractByRef } from '../../register/contracts.js';
import { notLinkedMessage, type HandlerDeps, type LinkedContext } from './common.js';
import { parseContractText } from '../parse/contract-stage.js';
import { applyStage } from './contract.js';
import { answerAboutActions, pickRef } from './reminder-reply.js';

export { pickRef };

/** A ref-like first word ("TRS-01", "BSC12") that is none of the message's refs. */
export function leadingForeignRef(text: string, refs: string[]): string | undefined {
  const first = /^\s*([A-Za-z]{2,8}-\d{1,4}[A-Za-z]?|[A-Za-z]{2,8}\d{2,4})(?=$|[\s:,.;!—–-])/.exec(text)?.[1];
  if (!first || matchRef(first, refs)) return undefined;
  return first.toUpperCase();
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
  if (sent.actionRefs.length) return answerAboutActions(deps, lctx, sent.actionRefs, text, 'thread');
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
