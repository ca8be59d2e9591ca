// ChatPort: how the core sends. Each adapter implements it (Slack, Teams, console).
// The outbox dispatcher is its only caller; failures come back as values it can schedule.
import type { Platform } from '../generated/prisma/enums.js';
import type { Message } from '../message/model.js';

/** A person to DM, with everything an adapter may need to reach them. */
export interface PersonTarget {
  personId: string;
  partnershipId: string;
  name: string;
  email: string;
  /** Known chat accounts (Slack user id, Teams AAD object id). */
  identities: { platform: Platform; externalId: string }[];
  /** Stored conversations for proactive messages (Teams needs a conversation reference). */
  conversations: { platform: Platform; externalId: string; reference: unknown; kind?: string }[];
  /** Where a platform said this person cannot be reached (e.g. email: the address, after a 5xx). */
  unreachable?: { platform: Platform; externalId: string }[];
  /** The channel to try first (Person.preferredChannel); otherwise the first port that can reach them. */
  preferredChannel?: Platform | null;
}

/** A channel to post to (a subgroup's bound channel). */
export interface ChannelTarget {
  partnershipId: string;
  platform: Platform;
  /** Slack channel id / Teams conversation id. */
  channelId: string;
  /** Teams: the stored conversation reference for that channel. */
  reference?: unknown;
  /** For log lines and error messages. */
  label?: string;
}

/** The platform's handle on a sent message, so it can be updated and replies matched. */
export interface MessageRef {
  platform: Platform;
  channelId: string;
  messageId: string;
}

export type SendFailure =
  /** Slow down: try again no sooner than retryAfterMs. */
  | { kind: 'rate_limited'; retryAfterMs: number; detail?: string }
  /** The recipient cannot be reached this way (not installed, 403/404, not linked): don't retry blindly. */
  | { kind: 'unreachable'; detail: string }
  /**
   * Network error, 5xx, 412…: retry with backoff. `maybeSent`: no answer came back (a timeout, a
   * dropped connection), so the platform may have sent it: look it up before sending again.
   */
  | { kind: 'transient'; detail: string; maybeSent?: boolean };

export type SendResult = { ok: true; ref: MessageRef } | { ok: false; failure: SendFailure };

export interface SendOptions {
  /** The outbox row's dedupe key, carried with the message where the platform allows (Slack metadata). */
  dedupeKey?: string;
}

export type SendTarget = { kind: 'person'; person: PersonTarget } | { kind: 'channel'; channel: ChannelTarget };

/** Found: the message is already there (ref); null: it is not; or the look-up failed. */
export type FindResult = { ok: true; ref: MessageRef | null } | { ok: false; failure: SendFailure };

export interface ChatPort {
  readonly platform: Platform;
  /** Delivers locally (e.g. email written to files): not paced by the platform's limits. */
  readonly unpaced?: boolean;
  /** Can this port reach the person at all (has an identity, a conversation, or can look them up by email)? */
  canReach(person: PersonTarget): boolean;
  sendDirect(person: PersonTarget, message: Message, opts?: SendOptions): Promise<SendResult>;
  postToChannel(channel: ChannelTarget, message: Message, opts?: SendOptions): Promise<SendResult>;
  update(ref: MessageRef, message: Message): Promise<SendResult>;
  /**
   * After a crash or a lost answer: is the message with this dedupe key already delivered?
   * Slack reads it back (conversations.history, message metadata). A port without it cannot tell
   * (Teams): the dispatcher then sends again — at most one duplicate per message in flight.
   */
  findSent?(target: SendTarget, dedupeKey: string): Promise<FindResult>;
}
