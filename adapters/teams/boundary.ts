// The Teams trust boundary, checked before the SDK sees an activity:
// - local mode (no chat credentials at all, authentication off) calls only a loopback
//   serviceUrl (the Agents Playground, the Emulator), so a request from the network can never
//   make the bot fetch or post anywhere else;
// - ids of absurd length are refused and names are cut, so what the bot remembers stays small.
import type { ChannelAccount, ConversationReference } from '@microsoft/agents-activity';

/** Longest id (conversation, user, tenant) accepted; Teams' own are under 200 characters. */
export const MAX_ID_LENGTH = 512;
/** Names (conversation, user, bot) are cut to this many characters before anything keeps them. */
export const MAX_NAME_LENGTH = 100;

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** True for http(s)://localhost…, 127.x.x.x, [::1]: the only serviceUrls local mode calls. */
export function isLoopbackUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && LOOPBACK_HOSTS.test(u.hostname) && !u.username && !u.password;
  } catch {
    return false;
  }
}

export const cutName = (s: string | undefined): string | undefined => (s === undefined ? undefined : s.slice(0, MAX_NAME_LENGTH));

/** Why an activity's ids are unacceptable, or undefined when they are fine. */
export function oversizedId(activity: Record<string, unknown>): string | undefined {
  const a = activity as { id?: unknown; from?: { id?: unknown; aadObjectId?: unknown }; conversation?: { id?: unknown; tenantId?: unknown }; recipient?: { id?: unknown }; serviceUrl?: unknown };
  const fields: [string, unknown][] = [
    ['id', a.id], ['from.id', a.from?.id], ['from.aadObjectId', a.from?.aadObjectId], ['conversation.id', a.conversation?.id],
    ['conversation.tenantId', a.conversation?.tenantId], ['recipient.id', a.recipient?.id], ['serviceUrl', a.serviceUrl],
  ];
  const bad = fields.find(([, v]) => typeof v === 'string' && v.length > MAX_ID_LENGTH);
  return bad ? `${bad[0]} is longer than ${MAX_ID_LENGTH} characters` : undefined;
}

/** A reference with only the fields a proactive send needs, names cut: what is stored and cached. */
export function compactReference(ref: ConversationReference): ConversationReference {
  const party = (p: ChannelAccount): ChannelAccount => ({
    ...(p.id ? { id: p.id } : {}),
    ...(p.name ? { name: cutName(p.name) } : {}),
    ...(p.aadObjectId ? { aadObjectId: p.aadObjectId } : {}),
    ...(p.role ? { role: p.role } : {}),
  });
  const c = ref.conversation;
  return {
    ...(ref.activityId ? { activityId: ref.activityId } : {}),
    ...(ref.user ? { user: party(ref.user) } : {}),
    ...(ref.agent ? { agent: party(ref.agent) } : {}),
    conversation: {
      id: c.id,
      ...(c.isGroup !== undefined ? { isGroup: c.isGroup } : {}),
      ...(c.conversationType ? { conversationType: c.conversationType } : {}),
      ...(c.tenantId ? { tenantId: c.tenantId } : {}),
      ...(c.name ? { name: cutName(c.name) } : {}),
    },
    channelId: ref.channelId,
    ...(ref.locale ? { locale: ref.locale.slice(0, 20) } : {}),
    serviceUrl: ref.serviceUrl,
  } as ConversationReference;
}
