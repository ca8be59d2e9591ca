// A ChatPort test double that fails and rate-limits on a seeded schedule, and records every
// message it accepted with the (fake) time it was sent. Deterministic: no wall clock.
import type { ChannelTarget, ChatPort, MessageRef, PersonTarget, SendResult } from '../../src/chat/port.js';
import type { Platform } from '../../src/generated/prisma/enums.js';
import type { Message } from '../../src/message/model.js';
import { seededRandom } from '../../src/register/demo-plan.js';

export interface Delivery {
  /** "person:<id>" or "channel:<channelId>". */
  to: string;
  summary: string;
  at: number;
  ref: MessageRef;
}

export interface FlakyPortOptions {
  platform?: Platform;
  now: () => Date;
  /** Chance (0..1) that a call fails with a transient error. */
  failRate?: number;
  /** Chance (0..1) that a call is answered with 429 + Retry-After. */
  rateLimitRate?: number;
  retryAfterMs?: number;
  seed?: number;
  /** Throw (not return) this often: a port that crashes mid-batch. */
  throwRate?: number;
  /** Persons this port cannot reach (canReach false). */
  cannotReach?: string[];
  /** Return "unreachable" for these recipients ("person:<id>" / "channel:<id>"). */
  unreachable?: string[];
  /** Called before each send: a hook to abort mid-batch. */
  beforeSend?: (to: string, message: Message) => void;
}

export interface FlakyPort extends ChatPort {
  deliveries: Delivery[];
  calls: number;
  failures: { to: string; kind: string; at: number }[];
}

/** mulberry32: a tiny seeded PRNG (the demo's). */
export const seeded = seededRandom;

export function createFlakyPort(o: FlakyPortOptions): FlakyPort {
  const platform = o.platform ?? 'slack';
  const rnd = seeded(o.seed ?? 42);
  let seq = 0;
  const port: FlakyPort = {
    platform,
    deliveries: [],
    calls: 0,
    failures: [],
    canReach: (p: PersonTarget) => !(o.cannotReach ?? []).includes(p.personId),
    sendDirect: (p: PersonTarget, m: Message) => send(`person:${p.personId}`, `D-${p.personId}`, m),
    postToChannel: (c: ChannelTarget, m: Message) => send(`channel:${c.channelId}`, c.channelId, m),
    async update(ref: MessageRef): Promise<SendResult> {
      return { ok: true, ref };
    },
  };
  async function send(to: string, channelId: string, m: Message): Promise<SendResult> {
    port.calls++;
    o.beforeSend?.(to, m);
    const at = o.now().getTime();
    if ((o.unreachable ?? []).includes(to)) {
      port.failures.push({ to, kind: 'unreachable', at });
      return { ok: false, failure: { kind: 'unreachable', detail: 'channel_not_found' } };
    }
    const r = rnd();
    if (r < (o.throwRate ?? 0)) {
      port.failures.push({ to, kind: 'throw', at });
      throw new Error('socket hang up');
    }
    if (r < (o.throwRate ?? 0) + (o.rateLimitRate ?? 0)) {
      port.failures.push({ to, kind: 'rate_limited', at });
      return { ok: false, failure: { kind: 'rate_limited', retryAfterMs: o.retryAfterMs ?? 3000 } };
    }
    if (r < (o.throwRate ?? 0) + (o.rateLimitRate ?? 0) + (o.failRate ?? 0)) {
      port.failures.push({ to, kind: 'transient', at });
      return { ok: false, failure: { kind: 'transient', detail: 'HTTP 502 Bad Gateway' } };
    }
    const ref: MessageRef = { platform, channelId, messageId: `${at}.${String(++seq).padStart(6, '0')}` };
    port.deliveries.push({ to, summary: m.summary, at, ref });
    return { ok: true, ref };
  }
  return port;
}
