// The Teams bot: what each activity does. Messages (personal chat, or @mention in a channel)
// become commands; Action.Execute invokes and Action.Submit values become button presses; every
// activity remembers its conversation so the outbox can reach the person or channel later.
import { Activity, type ConversationReference } from '@microsoft/agents-activity';
import { ActivityHandler, type ConnectorClient, type InvokeResponse, type TurnContext } from '@microsoft/agents-hosting';
import type { CommandContext, CoreApi, PersonContext } from '../../src/core/api.js';
import type { Logger } from '../../src/log/logger.js';
import { errorMessage, type Message } from '../../src/message/model.js';
import { decodeAction, InvokeDedupe } from './actions.js';
import { cutName } from './boundary.js';
import { commandText, isPersonal, memberEmailLookup, mentionsBot, storedReference, tenantOf } from './inbound.js';
import { CARD_CONTENT_TYPE, messageActivity, renderCard } from './render.js';
import { fetchRoster, isLoopback, rosterBase, teamOf } from './roster.js';

export interface BotDeps {
  core: CoreApi;
  logger: Logger;
  clock: () => Date;
  /** The adapter's turn-state key for the connector client of the current turn. */
  connectorKey: symbol;
  /** Remembers a conversation for card updates (called only once the tenant is known). */
  learn?: (reference: ConversationReference) => void;
  /** Local mode (no credentials): the roster is read only from a loopback serviceUrl (Agents Playground, tests). */
  localMode?: boolean;
}

type Turn = { ok: true; ctx: CommandContext } | { ok: false; refusal: Message };

const activityMessage = (text: string): InvokeResponse => ({
  status: 200,
  body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text },
});

export class TeamsBot extends ActivityHandler {
  readonly dedupe: InvokeDedupe<InvokeResponse>;

  constructor(private readonly deps: BotDeps) {
    super();
    this.dedupe = new InvokeDedupe<InvokeResponse>(deps.clock);
  }

  private get log(): Logger {
    return this.deps.logger;
  }

  /**
   * Tenant → partnership, user → person, and the conversation remembered for proactive sends.
   * The tenant is checked first: nothing is looked up or remembered for an unbound one.
   */
  private async resolveTurn(context: TurnContext): Promise<Turn> {
    const { core, clock } = this.deps;
    const activity = context.activity;
    const tenant = tenantOf(activity) ?? 'unknown';
    const partnership = await core.tenancy.resolve('teams', tenant);
    if (!partnership.ok) {
      this.log.warn({ event: 'teams.tenant_refused', tenant: tenant.slice(0, 100) }, 'activity from a Teams tenant bound to no partnership');
      return { ok: false, refusal: errorMessage(partnership.error.message, partnership.error.hint, partnership.error.code) };
    }
    if (activity.type !== 'event') this.deps.learn?.(storedReference(activity));
    const userId = activity.from?.aadObjectId ?? activity.from?.id ?? 'unknown';
    const connector = context.turnState.get<ConnectorClient>(this.deps.connectorKey);
    const person = await core.identity.resolve(partnership.value, {
      platform: 'teams',
      userId,
      lookupEmail: memberEmailLookup(connector, activity, this.log),
      now: clock(),
      ...(activity.from?.name ? { displayName: cutName(activity.from.name)! } : {}),
    });
    const personal = isPersonal(activity);
    const reference = storedReference(activity);
    await core.conversations.remember(partnership.value.id, {
      platform: 'teams',
      kind: personal ? 'person' : 'channel',
      externalId: reference.conversation.id,
      ...(personal && person ? { personId: person.id } : {}),
      reference,
    });
    return {
      ok: true,
      ctx: {
        partnership: partnership.value,
        person,
        via: 'teams',
        now: clock(),
        chat: {
          platform: 'teams',
          userId,
          channelId: reference.conversation.id,
          ...(activity.conversation?.name ? { channelName: cutName(activity.conversation.name)! } : {}),
          channelReference: reference,
          isDirect: personal,
        },
      },
    };
  }

  private async reply(context: TurnContext, message: Message): Promise<void> {
    await context.sendActivity(Activity.fromObject(messageActivity(message)));
  }

  protected override async onMessageActivity(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const hasValue = activity.value && typeof activity.value === 'object' && !activity.text?.trim();
    if (!isPersonal(activity) && !hasValue && !mentionsBot(activity)) return; // channel chatter not for us
    const turn = await this.resolveTurn(context);
    if (!turn.ok) return this.reply(context, turn.refusal);
    if (hasValue) return this.onSubmit(context, turn.ctx);
    const text = commandText(activity) || 'help';
    const started = Date.now();
    const answer = await this.deps.core.commands.text(turn.ctx, text);
    await this.reply(context, answer);
    this.log.info({ event: 'teams.command', command: text.split(' ')[0], ms: Date.now() - started, error: answer.meta?.error }, 'teams command answered');
  }

  /** Action.Submit from older clients: a message whose value is the button's data. */
  private async onSubmit(context: TurnContext, ctx: CommandContext): Promise<void> {
    const value = context.activity.value as Record<string, unknown>;
    const decoded = decodeAction(typeof value.verb === 'string' ? value.verb : undefined, value);
    if (!decoded.ok) return this.reply(context, errorMessage(decoded.message));
    const result = await this.deps.core.commands.button(ctx, decoded.action, decoded.note !== undefined ? { note: decoded.note } : undefined);
    const replyTo = context.activity.replyToId;
    // A refusal or "Show" goes in a new message: the card (maybe a list of several items) stays.
    if (!result.meta?.error && replyTo && decoded.action.kind !== 'show') {
      try {
        const updated = { ...messageActivity(withWho(result, ctx)), id: replyTo, conversation: context.activity.conversation };
        await context.updateActivity(Activity.fromObject(updated));
        return;
      } catch (error) {
        this.log.warn({ event: 'teams.card_update_failed', err: (error as Error).message }, 'could not update the card; sending a new one');
      }
    }
    await this.reply(context, result);
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') return super.onInvokeActivity(context);
    return this.dedupe.run(context.activity.id, async () => {
      try {
        return await this.onCardAction(context);
      } catch (error) {
        this.log.error({ event: 'teams.card_action_failed', err: (error as Error).message, stack: (error as Error).stack }, 'card action failed');
        return activityMessage('Sorry, that did not work: the error has been logged. Try again, or type the command instead.');
      }
    });
  }

  private async onCardAction(context: TurnContext): Promise<InvokeResponse> {
    const activity = context.activity;
    const value = (activity.value ?? {}) as { action?: { type?: string; verb?: string; data?: unknown } };
    const decoded = decodeAction(value.action?.verb, value.action?.data);
    if (!decoded.ok) {
      return { status: 200, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: decoded.message } } };
    }
    const turn = await this.resolveTurn(context);
    if (!turn.ok) return activityMessage(turn.refusal.summary);
    const result = await this.deps.core.commands.button(turn.ctx, decoded.action, decoded.note !== undefined ? { note: decoded.note } : undefined);
    this.log.info({ event: 'teams.card_action', kind: decoded.action.kind, error: result.meta?.error }, 'teams card action');
    // A refusal or a mistake is told to the presser only; the card stays as it was. Otherwise
    // the card is replaced by the reply: for a button in a list, the whole list re-rendered.
    if (result.meta?.error) return activityMessage(result.summary);
    if (decoded.action.kind === 'show') {
      // The details go in a new message: the card the button was on may list several items.
      await this.reply(context, result);
      return activityMessage(`The details of ${decoded.action.ref} are in a new message below.`);
    }
    const card = renderCard(withWho(result, turn.ctx)).card;
    if (!isPersonal(activity) && activity.replyToId) {
      // Everyone in the channel sees the new state, not only the person who pressed.
      try {
        const updated = { type: 'message', id: activity.replyToId, conversation: activity.conversation, attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }] };
        await context.updateActivity(Activity.fromObject(updated));
      } catch (error) {
        this.log.warn({ event: 'teams.card_update_failed', err: (error as Error).message }, 'could not update the channel card for everyone');
      }
    }
    return { status: 200, body: { statusCode: 200, type: CARD_CONTENT_TYPE, value: card } };
  }

  protected override async onConversationUpdateActivity(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const botAdded = (activity.membersAdded ?? []).some((m) => m.id === activity.recipient?.id);
    if (!botAdded && !(activity.membersAdded ?? []).length) return;
    const turn = await this.resolveTurn(context);
    if (!turn.ok) return;
    this.log.info({ event: 'teams.conversation_remembered', kind: isPersonal(activity) ? 'person' : 'channel' }, 'teams conversation remembered');
    if (botAdded && !isPersonal(activity)) await this.rememberRoster(context, turn.ctx.partnership.id);
    if (botAdded && isPersonal(activity)) {
      const who = turn.ctx.person ? `Hello ${turn.ctx.person.name}.` : 'Hello.';
      const help = await this.deps.core.commands.text(turn.ctx, 'help');
      await this.reply(context, { ...help, summary: `${who} ${help.summary}`, blocks: [{ type: 'text', text: `${who} I keep the CDP action register moving. Type a command, for example "mine".` }, ...help.blocks] });
    }
  }

  /** Added to a team: its members who are people of the partnership become reachable in Teams. */
  private async rememberRoster(context: TurnContext, partnershipId: string): Promise<void> {
    const activity = context.activity;
    const team = teamOf(activity);
    if (!team) return;
    if (this.deps.localMode && !isLoopback(activity.serviceUrl)) {
      this.log.warn({ event: 'teams.roster_skipped' }, 'local mode: the team roster is read only from a loopback serviceUrl');
      return;
    }
    const client = context.turnState.get<ConnectorClient>(this.deps.connectorKey);
    try {
      const members = await fetchRoster(client, team.teamId);
      const r = await this.deps.core.conversations.rememberRoster(partnershipId, members, rosterBase(activity, team));
      this.log.info({ event: 'teams.roster', members: members.length, linked: r.linked, unknown: r.unknown }, 'teams roster remembered');
    } catch (error) {
      const status = (error as { response?: { status?: number } }).response?.status;
      this.log.warn({ event: 'teams.roster_failed', status, err: (error as Error).message }, 'could not read the team roster; members are reached when they open the bot, or by email');
    }
  }

  protected override async onInstallationUpdateActivity(context: TurnContext): Promise<void> {
    const action = context.activity.action ?? 'add';
    if (action.startsWith('remove')) {
      this.log.info({ event: 'teams.app_removed', conversation: context.activity.conversation?.id }, 'cdp-bot removed from a Teams conversation');
      return;
    }
    const turn = await this.resolveTurn(context);
    if (turn.ok) this.log.info({ event: 'teams.app_installed', kind: isPersonal(context.activity) ? 'person' : 'channel' }, 'teams installation remembered');
  }
}

/** Adds who did it, and when, under an updated card (unless the card already says who). */
export function withWho(message: Message, ctx: CommandContext): Message {
  const who = (ctx.person as PersonContext | null)?.name ?? 'someone';
  // The core's reply usually names the person already ("Alex Wilber set TRS-07 to On track"): say it once.
  if (ctx.person && JSON.stringify(message.blocks).includes(who)) return message;
  const when = new Intl.DateTimeFormat('en-GB', {
    timeZone: ctx.partnership.timezone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(ctx.now);
  return { ...message, blocks: [...message.blocks, { type: 'context', text: `Updated by ${who}, ${when} (via Teams)` }] };
}
