// What the core offers the chat adapters (Slack, Teams, console) and the CLI.
// Adapters never touch the database: everything goes through a CoreApi.
import type { ReportedProfile } from './identity.js';
import type { MessageRef } from '../chat/port.js';
import type { Platform, Via } from '../generated/prisma/enums.js';
import type { LinkPress } from '../commands/handlers/link-page.js';
import type { ButtonAction, Message } from '../message/model.js';
import type { Result } from '../result.js';

export interface PartnershipInfo {
  id: string;
  name: string;
  timezone: string;
}

export interface PersonContext {
  id: string;
  name: string;
  email: string;
  agencies: { id: string; name: string }[];
  isAdmin: boolean;
  isCommissioner: boolean;
  chairOf: { id: string; name: string }[];
}

/** Who asked, from where, when. `now` is always passed in, never read inside the core. */
export interface CommandContext {
  partnership: PartnershipInfo;
  /** null: the chat user is not linked to a person of this partnership. */
  person: PersonContext | null;
  via: Via;
  now: Date;
  /** Where the request came from: the chat user and channel, for linking and binding. */
  chat?: {
    platform: Platform;
    userId: string;
    /** The channel/conversation the command was typed in (for `bind`, `digest … post`). */
    channelId?: string;
    channelName?: string;
    /** A Teams conversation reference for that channel (stored by `bind`). */
    channelReference?: unknown;
    /** True in a DM / personal chat. */
    isDirect?: boolean;
  };
}

/** A chat user as an adapter sees them, before we know which person they are. */
export interface ChatUser {
  platform: Platform;
  /** Slack user id / Teams AAD object id. */
  userId: string;
  /** Looked up lazily (Slack users.info, Teams conversation member) only when the user is not yet linked. */
  lookupEmail?: () => Promise<string | undefined>;
  displayName?: string;
  /** When given, a link last checked over a day ago is re-checked against lookupEmail. */
  now?: Date;
}

/** A member of a Teams team's roster (connector GET …/members). */
export interface RosterMember {
  /** The Teams user id (29:…) used to open a personal chat. */
  id: string;
  aadObjectId?: string;
  name?: string;
  email?: string;
}

/** What a signed email link opens: whose it is and its items as they are now. */
export interface LinkSession {
  linkId: string;
  partnership: PartnershipInfo;
  person: { id: string; name: string };
  expiresAt: Date;
  /** The items the link covers, with buttons where the person may update them. */
  page: Message;
}

export interface LinksApi {
  /** A signed link for a person and the refs of a message (expires after 14 days). */
  issue(input: { partnershipId: string; personId: string; actionRefs: string[]; contractRefs: string[]; now: Date }): Promise<{
    token: string;
    expiresAt: Date;
    partnership: { name: string; timezone: string };
  }>;
  /** Checks a token (tampered, expired, revoked → a refusal, nothing changed); never changes anything. */
  open(token: string, now: Date): Promise<Result<LinkSession>>;
  /** A press on the link's page, recorded "via email"; `result` is the core's reply, `session` the page after it. */
  press(token: string, press: LinkPress, now: Date): Promise<Result<{ result: Message; session: LinkSession }>>;
  /** The CSRF token of the link's forms for a browser's cookie nonce. */
  csrfToken(linkId: string, nonce: string): Promise<string>;
  csrfMatches(linkId: string, nonce: string, token: string): Promise<boolean>;
}

export interface CoreApi {
  tenancy: {
    /** Slack team id / Teams tenant id → partnership, or a refusal naming `cdp partnerships bind`. */
    resolve(platform: Platform, tenantId: string): Promise<Result<PartnershipInfo>>;
    /**
     * One-partnership installs: bind this workspace/tenant automatically when exactly one partnership
     * exists and none is bound on that platform yet (Slack: team of the bot token at start;
     * Teams: MICROSOFT_APP_TENANT_ID). Returns what happened.
     */
    autoBind(platform: Platform, tenantId: string): Promise<'bound' | 'already_bound' | 'skipped'>;
    /**
     * Local mode (no Microsoft credentials): accept any Teams tenant while exactly one partnership exists
     * and no Teams tenant is bound yet (Agents Playground / Emulator out of the box).
     */
    setLocalTeamsMode(on: boolean): void;
  };
  identity: {
    /** Finds the person by chat identity, else by email (then stores the link); null if unlinked. */
    resolve(partnership: PartnershipInfo, user: ChatUser): Promise<PersonContext | null>;
    /**
     * The platform reported a changed profile (Slack `user_change`): the link follows the email
     * (moved, removed, or created; the newest account wins), each change listed for the admins.
     */
    profileChanged(partnership: PartnershipInfo, profile: ReportedProfile): Promise<{ personId: string | null }>;
  };
  commands: {
    /** Typed text: "update TRS-07 green launched", "/cdp mine", "cdp help". */
    text(ctx: CommandContext, text: string): Promise<Message>;
    /** A pressed button; `input.note` carries text from a modal or card input. */
    button(ctx: CommandContext, action: ButtonAction, input?: { note?: string }): Promise<Message>;
    /** A reply in the thread of a message the bot sent (a nudge): updates the action(s) it names. */
    threadReply(ctx: CommandContext, thread: MessageRef, text: string): Promise<Message | null>;
    /** The person's home view: open actions, due soon first, with buttons. */
    home(ctx: CommandContext): Promise<Message>;
  };
  homes: {
    /**
     * The home view of each of these people who has an account on `platform` (after a change:
     * Slack republishes their App Home). People without an account there are left out.
     */
    forPeople(
      partnershipId: string,
      personIds: string[],
      platform: Platform,
      now: Date,
    ): Promise<{ userId: string; message: Message }[]>;
  };
  links: LinksApi;
  conversations: {
    /** Remember where a person or channel can be reached proactively (Teams conversation references). */
    remember(
      partnershipId: string,
      conv: { platform: Platform; kind: 'person' | 'channel'; externalId: string; personId?: string; reference?: unknown },
    ): Promise<void>;
    /**
     * A team's roster (Teams): members who are people of the partnership are linked and can be
     * reached in a personal chat the bot opens itself. `base` is what every member's reference
     * shares (serviceUrl, tenant, bot, team).
     */
    rememberRoster(partnershipId: string, members: RosterMember[], base: Record<string, unknown>): Promise<{ linked: number; unknown: number }>;
  };
}
