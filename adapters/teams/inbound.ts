// Reading Teams activities: tenant, user, conversation kind, the bot's @mention, the
// conversation reference to store for proactive messages, and the member look-up for email.
import type { Activity, ConversationReference } from '@microsoft/agents-activity';
import type { ConnectorClient } from '@microsoft/agents-hosting';
import type { Logger } from '../../src/log/logger.js';
import { compactReference } from './boundary.js';

interface MentionEntity {
  type?: string;
  text?: string;
  mentioned?: { id?: string; name?: string };
}

/** The tenant of an activity: conversation.tenantId, else channelData.tenant.id. */
export function tenantOf(activity: Activity): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
  return activity.conversation?.tenantId ?? channelData?.tenant?.id ?? undefined;
}

export const isPersonal = (activity: Activity) =>
  (activity.conversation?.conversationType ?? 'personal') === 'personal';

/** Teams channel thread ids look like "19:…@thread.tacv2;messageid=123": the channel is the part before. */
export const channelConversationId = (id: string) => id.split(';messageid=')[0] ?? id;

/** True when the bot is @mentioned in the activity. */
export function mentionsBot(activity: Activity): boolean {
  const botId = activity.recipient?.id;
  return (activity.entities ?? []).some((e) => {
    const m = e as MentionEntity;
    return m.type === 'mention' && (!botId || m.mentioned?.id === botId);
  });
}

/** The command text: the bot's <at>mention</at> removed, whitespace collapsed, a leading "cdp" dropped. */
export function commandText(activity: Activity): string {
  let text = activity.text ?? '';
  for (const e of activity.entities ?? []) {
    const m = e as MentionEntity;
    if (m.type === 'mention' && m.text && (!activity.recipient?.id || m.mentioned?.id === activity.recipient.id)) {
      text = text.split(m.text).join(' ');
    }
  }
  text = text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.replace(/^\/?cdp\b[:,]?\s*/i, '').trim();
}

/**
 * The reference to store for proactive sends: no activityId (a proactive message is a new
 * message, not a reply), a channel's id without the ";messageid=" thread suffix, only the
 * fields a send needs and names cut short (boundary.ts).
 */
export function storedReference(activity: Activity): ConversationReference {
  const ref = compactReference(activity.getConversationReference());
  delete ref.activityId;
  if (!isPersonal(activity)) ref.conversation = { ...ref.conversation, id: channelConversationId(ref.conversation.id) };
  return ref;
}

/** The member look-up Teams offers for email/UPN: GET {serviceUrl}v3/conversations/{id}/members/{userId}. */
export function memberEmailLookup(
  connector: ConnectorClient | undefined,
  activity: Activity,
  logger: Logger,
): () => Promise<string | undefined> {
  return async () => {
    const userId = activity.from?.id;
    const conversationId = activity.conversation?.id;
    if (!connector || !userId || !conversationId) return undefined;
    try {
      const member = (await connector.getConversationMember(userId, conversationId)) as {
        email?: string;
        userPrincipalName?: string;
      };
      const email = member.email ?? member.userPrincipalName;
      return email?.trim().toLowerCase() || undefined;
    } catch (error) {
      const status = (error as { response?: { status?: number } }).response?.status;
      logger.warn({ event: 'teams.member_lookup_failed', status, err: (error as Error).message }, 'could not look up the Teams member email');
      return undefined;
    }
  };
}
