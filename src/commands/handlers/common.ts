// What every handler gets, and the small helpers they share: the reply shape, "today", the
// "how to get linked" reply, loading an action/contract by ref with its refusal text, and the
// change notification for home views.
import type { CommandContext, PersonContext } from '../../core/api.js';
import type { Database } from '../../db/client.js';
import type { Logger } from '../../log/logger.js';
import { errorMessage, message, type Block, type Message } from '../../message/model.js';
import { findActionByRef, type ActionRecord } from '../../register/actions.js';
import { adminNames, peopleOfAgencies } from '../../register/people.js';
import { localToday } from '../views/format.js';
import { list } from '../../core/permissions.js';

export interface ChangeEvent {
  partnershipId: string;
  refs: string[];
  personIds: string[];
}

export interface HandlerDeps {
  db: Database;
  logger: Logger;
  onChange?: (e: ChangeEvent) => void;
  kickOutbox?: () => void;
  /** The email an adapter looked up for a chat user that is not linked yet (for "how to get linked"). */
  lookedUpEmail?: (platform: string, userId: string) => string | undefined;
}

/** A CommandContext whose person is known. */
export type LinkedContext = CommandContext & { person: PersonContext };

/** A reply only the asker sees. */
export function reply(summary: string, blocks: Block[] = [], extra: Partial<Message> = {}): Message {
  return { ...message(summary, blocks), ephemeral: true, ...extra };
}

export const todayOf = (ctx: CommandContext): Date => localToday(ctx.now, ctx.partnership.timezone);

/** The reply to an unlinked chat user: who they are to us, and exactly how to get linked. */
export async function notLinkedMessage(deps: HandlerDeps, ctx: CommandContext): Promise<Message> {
  const admins = await adminNames(deps.db.prisma, ctx.partnership.id);
  const platform = ctx.chat?.platform === 'slack' ? 'Slack' : ctx.chat?.platform === 'teams' ? 'Teams' : 'chat';
  const account = ctx.chat && ctx.chat.platform !== 'console' ? `Your ${platform} account (${ctx.chat.userId}) is` : 'You are';
  const email = ctx.chat ? deps.lookedUpEmail?.(ctx.chat.platform, ctx.chat.userId) : undefined;
  const emailPart = email ? `your email ${email}` : 'the email address of your chat account';
  const who = admins.length ? `the partnership coordinator (${list(admins, 'or')})` : 'the partnership coordinator';
  const text =
    `${account} not linked to anyone in ${ctx.partnership.name}, so I can't tell which actions are yours. ` +
    `Ask ${who} to add ${emailPart} with \`cdp people import\`; you are linked automatically the next time you use the bot.`;
  return reply(`Not linked to ${ctx.partnership.name}`, [
    { type: 'text', text },
    { type: 'context', text: 'Meanwhile `help` lists the commands and `whoami` shows what I know about you.' },
  ], { meta: { error: 'not_linked' } });
}

/** Finds the action or returns the "No action X. Did you mean …" reply. */
export async function actionOrReply(deps: HandlerDeps, ctx: CommandContext, ref: string): Promise<ActionRecord | Message> {
  const r = await findActionByRef(deps.db, ctx.partnership.id, ref);
  if (!r.ok) return errorMessage(r.error.message, r.error.hint, r.error.code);
  return r.value;
}

export const isMessage = (x: unknown): x is Message => typeof x === 'object' && x !== null && 'blocks' in x && 'summary' in x;

/** Tells the host which refs changed and whose views to refresh; never lets a listener break a reply. */
export async function notifyChange(deps: HandlerDeps, ctx: LinkedContext, actions: ActionRecord[], refs?: string[]): Promise<void> {
  if (!deps.onChange) return;
  try {
    const agencyIds = [...new Set(actions.flatMap((a) => [a.leadAgencyId, ...a.partners.map((p) => p.agencyId)]).filter((x): x is string => !!x))];
    const personIds = new Set(await peopleOfAgencies(deps.db.prisma, agencyIds));
    personIds.add(ctx.person.id);
    deps.onChange({ partnershipId: ctx.partnership.id, refs: refs ?? actions.map((a) => a.ref), personIds: [...personIds] });
  } catch (e) {
    deps.logger.warn({ err: e }, 'onChange listener failed');
  }
}
