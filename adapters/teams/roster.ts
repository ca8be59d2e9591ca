// Teams roster reach. When the bot is added to a team it reads the team's roster from the
// connector (GET {serviceUrl}v3/conversations/{teamId}/pagedmembers, 500 a page, following
// continuationToken) and hands it to the core, which links the members who are people of the
// partnership. Later the Teams port can open a personal chat with any of them
// (POST /v3/conversations with the member and the tenant) to deliver a reminder, so nobody has
// to open the app first. In local mode the roster is read only from a loopback serviceUrl.
import type { Activity, ConversationReference } from '@microsoft/agents-activity';
import type { ConnectorClient } from '@microsoft/agents-hosting';
import type { RosterMember } from '../../src/core/api.js';

/** Stop reading after this many members (a bounded roster, whatever the team). */
export const MAX_ROSTER = 5000;

interface PagedMembers {
  members?: { id?: string; aadObjectId?: string; name?: string; email?: string; userPrincipalName?: string }[];
  continuationToken?: string;
}

/** The team of a conversationUpdate that added the bot to a team's channel, if it is one. */
export function teamOf(activity: Activity): { teamId: string; tenantId?: string } | undefined {
  const data = activity.channelData as { team?: { id?: string }; tenant?: { id?: string } } | undefined;
  const teamId = data?.team?.id;
  if (!teamId) return undefined;
  const tenantId = activity.conversation?.tenantId ?? data?.tenant?.id;
  return { teamId, ...(tenantId ? { tenantId } : {}) };
}

export async function fetchRoster(client: ConnectorClient, teamId: string): Promise<RosterMember[]> {
  const out: RosterMember[] = [];
  let token: string | undefined;
  do {
    const res = await client.httpClient.get<PagedMembers>(`v3/conversations/${teamId}/pagedmembers`, {
      params: { pageSize: '500', ...(token ? { continuationToken: token } : {}) },
    });
    for (const m of res.data.members ?? []) {
      if (!m.id) continue;
      const email = (m.email ?? m.userPrincipalName)?.trim().toLowerCase();
      out.push({ id: m.id, ...(m.aadObjectId ? { aadObjectId: m.aadObjectId } : {}), ...(m.name ? { name: m.name } : {}), ...(email ? { email } : {}) });
    }
    token = res.data.continuationToken || undefined;
  } while (token && out.length < MAX_ROSTER);
  return out.slice(0, MAX_ROSTER);
}

/** What a roster conversation stores to open a personal chat later (the member is added by the core). */
export function rosterBase(activity: Activity, team: { teamId: string; tenantId?: string }): Record<string, unknown> {
  return {
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId ?? 'msteams',
    tenantId: team.tenantId,
    teamId: team.teamId,
    bot: { id: activity.recipient?.id, name: activity.recipient?.name },
  };
}

/** A stored roster entry, read back: enough to POST /v3/conversations for the member. */
export interface RosterReference {
  serviceUrl: string;
  channelId: string;
  tenantId?: string;
  teamId: string;
  bot: { id: string; name?: string };
  user: { id: string; aadObjectId?: string; name?: string };
}

export function asRosterReference(value: unknown): RosterReference | undefined {
  const r = value as Partial<RosterReference> | undefined;
  return r && typeof r === 'object' && r.serviceUrl && r.teamId && r.bot?.id && r.user?.id ? (r as RosterReference) : undefined;
}

/** A reference to the team (to get a connector client for the team's serviceUrl in a proactive turn). */
export function teamReference(r: RosterReference): ConversationReference {
  return {
    channelId: r.channelId,
    serviceUrl: r.serviceUrl,
    bot: r.bot,
    user: r.user,
    conversation: { id: r.teamId, isGroup: true, conversationType: 'channel', ...(r.tenantId ? { tenantId: r.tenantId } : {}) },
  } as ConversationReference;
}

/** The personal chat the connector created, as a reference to store (so the next send reuses it). */
export function personalReference(r: RosterReference, conversationId: string): ConversationReference {
  return {
    channelId: r.channelId,
    serviceUrl: r.serviceUrl,
    bot: r.bot,
    user: r.user,
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', ...(r.tenantId ? { tenantId: r.tenantId } : {}) },
  } as ConversationReference;
}

export const isLoopback = (url: string | undefined): boolean => {
  try {
    const host = new URL(url ?? '').hostname;
    return host === '127.0.0.1' || host === '::1' || host === '[::1]' || host === 'localhost';
  } catch {
    return false;
  }
};
