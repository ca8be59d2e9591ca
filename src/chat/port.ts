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
  /** Network error, 5xx, 412…: retry with backoff. */
  | { kind: 'transient'; detail: string };

export type SendResult = { ok: true; ref: MessageRef } | { ok: false; failure: SendFailure };

export interface ChatPort {
  readonly platform: Platform;
  /** Delivers locally (e.g. email written to files): not paced by the platform's limits. */
  readonly unpaced?: boolean;
  /** Can this port reach the person at all (has an identity, a conversation, or can look them up by email)? */
  canReach(person: PersonTarget): boolean;
  sendDirect(person: PersonTarget, message: Message): Promise<SendResult>;
  postToChannel(channel: ChannelTarget, message: Message): Promise<SendResult>;
  update(ref: MessageRef, message: Message): Promise<SendResult>;
}
