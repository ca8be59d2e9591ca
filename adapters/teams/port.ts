// ChatPort for Teams: proactive DMs and channel posts through stored conversation references
// (adapter.continueConversation), sent as NEW messages (no replyToId), and card updates.
import { Activity, type ConversationReference } from '@microsoft/agents-activity';
import type { CloudAdapter, ConnectorClient, TurnContext } from '@microsoft/agents-hosting';
import { LRUCache } from 'lru-cache';
import type { ChannelTarget, ChatPort, MessageRef, PersonTarget, SendResult } from '../../src/chat/port.js';
import type { Logger } from '../../src/log/logger.js';
import type { Message } from '../../src/message/model.js';
import { classifySendError } from './failures.js';
import { messageActivity } from './render.js';
import { asRosterReference, personalReference, teamReference, type RosterReference } from './roster.js';

export interface TeamsPortDeps {
  adapter: CloudAdapter;
  /** The bot's app id; undefined in local mode (anonymous outbound calls). */
  appId?: string;
  logger: Logger;
  clock: () => Date;
  /** Local mode: only references whose serviceUrl passes this are used (loopback). */
  allowServiceUrl?: (url: string | undefined) => boolean;
  /** Bounds of the conversation cache (defaults: 5,000 references, 5 MB). */
  cache?: { maxEntries?: number; maxBytes?: number };
  /** A personal chat the bot opened with a roster member: remember it for the next sends. */
  onPersonalChat?: (person: PersonTarget, reference: ConversationReference) => Promise<void>;
}

export const DEFAULT_CONVERSATION_CACHE = { maxEntries: 5_000, maxBytes: 5 * 1024 * 1024 };

const NO_CONVERSATION =
  'no Teams conversation is stored for this person: install cdp-bot for them (Teams admin centre) or ask them to open the bot in Teams once';

function asReference(value: unknown): ConversationReference | undefined {
  const ref = value as ConversationReference | undefined;
  return ref && typeof ref === 'object' && ref.serviceUrl && ref.conversation?.id ? ref : undefined;
}

export class TeamsChatPort implements ChatPort {
  readonly platform = 'teams' as const;
  /**
   * conversation id → reference, so update(ref) can find the service URL again. Bounded by count
   * and by size (least recently used out first): a flood of conversations cannot grow it.
   */
  private readonly known: LRUCache<string, ConversationReference>;

  constructor(private readonly deps: TeamsPortDeps) {
    const bounds = { ...DEFAULT_CONVERSATION_CACHE, ...deps.cache };
    this.known = new LRUCache<string, ConversationReference>({
      max: bounds.maxEntries,
      maxSize: bounds.maxBytes,
      sizeCalculation: (ref, id) => id.length + JSON.stringify(ref).length,
    });
  }

  /** Called for inbound activities of a known tenant too, so updates work for cards the bot answered with. */
  learn(reference: ConversationReference): void {
    this.known.set(reference.conversation.id, reference);
  }

  /** For tests and metrics: how many references, and their size in characters. */
  get cached(): { entries: number; bytes: number } {
    return { entries: this.known.size, bytes: this.known.calculatedSize };
  }

  /** A stored reference this port may use (in local mode: a loopback serviceUrl only). */
  private usable(value: unknown): ConversationReference | undefined {
    const ref = asReference(value);
    return ref && (!this.deps.allowServiceUrl || this.deps.allowServiceUrl(ref.serviceUrl)) ? ref : undefined;
  }

  private personReference(person: PersonTarget): ConversationReference | undefined {
    for (const c of person.conversations) {
      if (c.platform !== 'teams') continue;
      const ref = this.usable(c.reference);
      if (ref) return ref;
    }
    return undefined;
  }

  private rosterReference(person: PersonTarget): RosterReference | undefined {
    for (const c of person.conversations) {
      if (c.platform !== 'teams' || c.kind !== 'roster') continue;
      const ref = asRosterReference(c.reference);
      if (ref) return ref;
    }
    return undefined;
  }

  canReach(person: PersonTarget): boolean {
    return this.personReference(person) !== undefined || this.rosterReference(person) !== undefined;
  }

  async sendDirect(person: PersonTarget, message: Message): Promise<SendResult> {
    const ref = this.personReference(person);
    if (ref) return this.send(ref, message, `person ${person.personId}`);
    const roster = this.rosterReference(person);
    if (roster) return this.openAndSend(person, roster, message);
    return { ok: false, failure: { kind: 'unreachable', detail: NO_CONVERSATION } };
  }

  /**
   * A member of a team the bot is in, who never opened the bot: opens a personal chat with them
   * (POST /v3/conversations with the member and the tenant), sends the message there and
   * remembers the chat. A refusal (403/404: app not allowed for them) is "unreachable", so the
   * outbox falls back to email.
   */
  private async openAndSend(person: PersonTarget, roster: RosterReference, message: Message): Promise<SendResult> {
    let opened: ConversationReference | undefined;
    const result = await this.withConversation(teamReference(roster), `roster member ${person.personId}`, async (context) => {
      const client = context.turnState.get<ConnectorClient>(this.deps.adapter.ConnectorClientKey);
      const created = await client.createConversation({
        isGroup: false,
        bot: roster.bot,
        members: [{ id: roster.user.id }],
        ...(roster.tenantId ? { tenantId: roster.tenantId, channelData: { tenant: { id: roster.tenantId } } } : {}),
      } as unknown as Parameters<ConnectorClient['createConversation']>[0]);
      opened = personalReference(roster, created.id);
      const sent = await client.sendToConversation(created.id, Activity.fromObject(messageActivity(message)));
      return sent?.id ?? '';
    }, (id) => opened?.conversation.id ?? id);
    if (result.ok && opened) {
      this.learn(opened);
      await this.deps.onPersonalChat?.(person, opened).catch((error: unknown) => {
        this.deps.logger.warn({ event: 'teams.remember_failed', err: (error as Error).message }, 'could not remember the personal chat');
      });
    }
    return result;
  }

  async postToChannel(channel: ChannelTarget, message: Message): Promise<SendResult> {
    const ref = this.usable(channel.reference);
    if (!ref) {
      return {
        ok: false,
        failure: { kind: 'unreachable', detail: `no Teams conversation reference is stored for ${channel.label ?? channel.channelId}: bind the channel again (@cdp-bot bind <subgroup> in that channel)` },
      };
    }
    return this.send(ref, message, channel.label ?? channel.channelId);
  }

  async update(ref: MessageRef, message: Message): Promise<SendResult> {
    const reference = this.known.get(ref.channelId);
    if (!reference) {
      return { ok: false, failure: { kind: 'unreachable', detail: `no Teams conversation reference known for ${ref.channelId} since the bot started` } };
    }
    const activity = { ...messageActivity(message), id: ref.messageId };
    return this.withConversation(reference, `update ${ref.messageId}`, async (context) => {
      await context.updateActivity(Activity.fromObject({ ...activity, conversation: reference.conversation, serviceUrl: reference.serviceUrl }));
      return ref.messageId;
    });
  }

  private send(reference: ConversationReference, message: Message, label: string): Promise<SendResult> {
    return this.withConversation(reference, label, async (context) => {
      const response = await context.sendActivity(Activity.fromObject(messageActivity(message)));
      return response?.id ?? '';
    });
  }

  /** Runs `fn` in a proactive turn; errors come back as typed failures, never thrown. */
  private async withConversation(
    reference: ConversationReference,
    label: string,
    fn: (context: TurnContext) => Promise<string>,
    channelOf: (conversationId: string) => string = (id) => id,
  ): Promise<SendResult> {
    const proactive: ConversationReference = { ...reference };
    delete proactive.activityId;
    this.learn(proactive);
    let messageId: string | undefined;
    let failure: unknown;
    try {
      await this.deps.adapter.continueConversation(this.deps.appId ?? {}, proactive, async (context) => {
        // A proactive message is a new message in the chat, not a reply to an old one.
        context.onSendActivities(async (_ctx, activities, next) => {
          for (const a of activities) delete a.replyToId;
          return next();
        });
        try {
          messageId = await fn(context);
        } catch (error) {
          failure = error; // kept from the SDK's onTurnError, which would message the user
        }
      });
    } catch (error) {
      failure = error;
    }
    if (failure !== undefined || messageId === undefined) {
      const f = classifySendError(failure, this.deps.clock());
      this.deps.logger.warn({ event: 'teams.send_failed', target: label, failure: f.kind, detail: f.detail }, 'teams send failed');
      return { ok: false, failure: f };
    }
    return { ok: true, ref: { platform: 'teams', channelId: channelOf(proactive.conversation.id), messageId } };
  }
}
