// Pacing below the platforms' published limits (SPEC §8), so the outbox rarely meets a 429.
// A GCRA token bucket ("generic cell rate algorithm") per (platform, channel) and per
// workspace/tenant. reserve() books the earliest slot every bucket allows and returns it:
// callers wait until then (or defer the row). Booking makes concurrent callers take
// successive slots, so a 150-channel fan-out runs in parallel across channels while each
// channel gets at most its own rate. settle() re-anchors a channel on the moment the platform
// answered: a send that was slow to leave (a busy client, a slow network) still has a full
// interval before the channel's next one, counted from when the platform had surely seen it.
import type { Platform } from '../generated/prisma/enums.js';

/** `limit` sends per `periodMs`, at most `burst` back to back. */
export interface Rate {
  limit: number;
  periodMs: number;
  burst?: number;
}

export interface PacingRules {
  /** Per channel / conversation / DM. */
  perChannel: Partial<Record<Platform, Rate[]>>;
  /** Per workspace (Slack) or tenant (Teams): keyed by partnership. */
  perWorkspace: Partial<Record<Platform, Rate[]>>;
}

/**
 * Defaults, a margin under the published numbers:
 * - Slack chat.postMessage: 1 message per second per channel (a DM is a channel): one per
 *   second here, counted from the previous answer (settle): Slack had the previous message
 *   before it answered, so the gap Slack sees is a second plus at least one round trip. Not
 *   counted from when the previous request was sent: a request can wait on the way (the
 *   client's queue, a busy network or server; up to 0.5 s measured in a 150-channel fan-out),
 *   so "sent + 1 s", or even + 1.05 s, can reach Slack well under a second after it.
 *   "Several hundred per minute" per workspace: 240 a minute (4/s, bursts of 20) here.
 * - Teams: per conversation 7/s, 60 per 30 s, 1,800 per hour; 50 requests/s per tenant.
 * - Email: Exchange Online allows 30 messages a minute per mailbox over SMTP AUTH; council relays
 *   are usually more generous: 30 a minute (bursts of 10) per partnership here.
 * - Console: unpaced.
 */
export const DEFAULT_PACING: PacingRules = {
  perChannel: {
    slack: [{ limit: 1, periodMs: 1000, burst: 1 }],
    teams: [
      { limit: 6, periodMs: 1000, burst: 6 },
      { limit: 55, periodMs: 30_000, burst: 55 },
      { limit: 1700, periodMs: 3_600_000, burst: 1700 },
    ],
  },
  perWorkspace: {
    slack: [{ limit: 240, periodMs: 60_000, burst: 20 }],
    teams: [{ limit: 40, periodMs: 1000, burst: 40 }],
    email: [{ limit: 30, periodMs: 60_000, burst: 10 }],
  },
};

export interface Pacer {
  /**
   * Books a send on these keys at the earliest time all their buckets allow, not before `at`.
   * Returns that time (ms since epoch); equal to `at` when no wait is needed.
   */
  reserve(platform: Platform, channelKey: string, workspaceKey: string, at: number): number;
  /** Earliest time a send could go now, without booking it. */
  peek(platform: Platform, channelKey: string, workspaceKey: string, at: number): number;
  /** The platform said "retry after": nothing more to this channel before `until`. */
  holdUntil(platform: Platform, channelKey: string, until: number): void;
  /**
   * A send to this channel was answered at `answeredAt`: its next send is not before
   * answeredAt + the channel's interval (the platform saw the send at or before its answer).
   */
  settle(platform: Platform, channelKey: string, answeredAt: number): void;
}

interface Bucket {
  /** Emission interval T = period / limit. */
  interval: number;
  /** Burst tolerance tau = (burst - 1) * T. */
  tolerance: number;
  /** Theoretical arrival time of the next send. */
  tat: number;
}

export function createPacer(rules: PacingRules = DEFAULT_PACING): Pacer {
  const buckets = new Map<string, Bucket[]>();

  const get = (key: string, rates: Rate[] | undefined): Bucket[] => {
    let b = buckets.get(key);
    if (!b) {
      if (!rates?.length) return [];
      b = rates.map((r) => {
        const interval = r.periodMs / r.limit;
        return { interval, tolerance: (Math.max(1, r.burst ?? 1) - 1) * interval, tat: 0 };
      });
      buckets.set(key, b);
    }
    return b;
  };

  const all = (platform: Platform, channelKey: string, workspaceKey: string) => [
    ...get(`${platform}|ch|${channelKey}`, rules.perChannel[platform]),
    ...get(`${platform}|ws|${workspaceKey}`, rules.perWorkspace[platform]),
  ];

  const earliest = (bs: Bucket[], at: number) => bs.reduce((t, b) => Math.max(t, b.tat - b.tolerance), at);

  return {
    peek(platform, channelKey, workspaceKey, at) {
      return earliest(all(platform, channelKey, workspaceKey), at);
    },
    reserve(platform, channelKey, workspaceKey, at) {
      const bs = all(platform, channelKey, workspaceKey);
      const when = earliest(bs, at);
      for (const b of bs) b.tat = Math.max(b.tat, when) + b.interval;
      return when;
    },
    holdUntil(platform, channelKey, until) {
      const bs = get(`${platform}|ch|${channelKey}`, rules.perChannel[platform] ?? [{ limit: 1, periodMs: 1, burst: 1 }]);
      for (const b of bs) b.tat = Math.max(b.tat, until + b.tolerance);
    },
    settle(platform, channelKey, answeredAt) {
      for (const b of get(`${platform}|ch|${channelKey}`, rules.perChannel[platform])) b.tat = Math.max(b.tat, answeredAt + b.interval);
    },
  };
}
