// The outbox dispatcher: sends pending Notification rows through the ChatPorts.
// - Rows are already persisted (enqueue) before anything is sent; pending rows left by a
//   stopped or crashed process are simply picked up again (restart-safe).
// - Rows are claimed atomically (claim.ts): two dispatchers never send one row twice, and a
//   recipient's rows go out oldest first.
// - Paced below the platforms' limits (pacing.ts); rate_limited → retry exactly after
//   Retry-After (not counted as an attempt: a rate limit delays, never loses); transient →
//   exponential backoff with jitter, `failed` after maxAttempts; unreachable → the
//   conversation is marked unreachable and the row `failed` with the reason.
import type { ChatPort, SendFailure, SendResult } from '../chat/port.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Logger } from '../log/logger.js';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import { claimDue, releaseClaim } from './claim.js';
import { fromPayload } from './enqueue.js';
import { readSettings } from '../settings/index.js';
import { createPacer, DEFAULT_PACING, type PacingRules } from './pacing.js';
import { recordSent, recordUnreachable } from './record.js';
import { channelKeyOf, loadTarget, pickPort, type Target } from './targets.js';

export interface DispatcherSettings {
  /** Failed tries (transient or thrown) before a row is `failed`. Default: the partnership's outbox.maxAttempts setting (8). */
  maxAttempts?: number;
  /** Rows claimed per round (at most one per recipient). Default 100. */
  batchSize?: number;
  /** How long a claimed row is reserved for this dispatcher. Default 5 min. */
  leaseMs?: number;
  /** Poll interval of start(). Default 2 s. */
  pollMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Pacing waits up to this long inside a round; longer ones hand the row back until its slot. Default 5 s. */
  maxInlineWaitMs?: number;
  pacing?: PacingRules;
  random?: () => number;
  /** Waits `ms` (tests pass one that advances a fake clock). */
  sleep?: (ms: number) => Promise<void>;
}

export interface DispatcherOptions {
  db: { prisma: PrismaClient };
  /** In order of preference: a person gets the first port that can reach them. */
  ports: ChatPort[];
  logger: Logger;
  clock: () => Date;
  settings?: DispatcherSettings;
}

export interface DispatchReport {
  sent: number;
  /** Rows that will be tried again later (rate limited, transient failure, paced, shutdown). */
  retried: number;
  failed: number;
  /** Rows claimed this round. */
  claimed: number;
  /** What happened to each row, for the CLI. */
  outcomes: DispatchOutcome[];
}

export interface DispatchOutcome {
  notificationId: string;
  kind: string;
  dedupeKey: string;
  to: string;
  platform?: string;
  result: 'sent' | 'retry' | 'failed';
  detail?: string;
}

export interface Dispatcher {
  /** One round: claim due rows (only these dedupe keys, when given), send them, record the outcomes. */
  runOnce(onlyKeys?: string[]): Promise<DispatchReport>;
  /** Rounds until nothing is due now (the CLI's `run`), at most maxRounds. */
  drain(opts?: { maxRounds?: number; onlyKeys?: string[] }): Promise<DispatchReport>;
  /** Poll loop: a round every pollMs, and at once after kick(). */
  start(): void;
  kick(): void;
  /** Stop taking work; resolves when sends in flight are finished and recorded. */
  stop(): Promise<void>;
}

export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  const { db, ports, logger, clock } = opts;
  const s = opts.settings ?? {};
  const maxAttemptsFor = async (partnershipId: string): Promise<number> => {
    if (s.maxAttempts !== undefined) return s.maxAttempts;
    const p = await prisma.partnership.findUnique({ where: { id: partnershipId }, select: { settings: true } });
    return readSettings(p?.settings ?? {}).outbox.maxAttempts;
  };
  const batchSize = s.batchSize ?? 100;
  const leaseMs = s.leaseMs ?? 5 * 60_000;
  const pollMs = s.pollMs ?? 2000;
  const maxInlineWaitMs = s.maxInlineWaitMs ?? 5000;
  const backoff = {
    baseMs: s.backoffBaseMs ?? DEFAULT_BACKOFF.baseMs,
    capMs: s.backoffCapMs ?? DEFAULT_BACKOFF.capMs,
    random: s.random ?? Math.random,
  };
  const pacer = createPacer(s.pacing ?? DEFAULT_PACING);
  const prisma = db.prisma;

  let stopping = false;
  const wakers = new Set<() => void>();
  const sleep =
    s.sleep ??
    ((ms: number) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t);
          wakers.delete(done);
          resolve();
        };
        const t = setTimeout(done, ms);
        wakers.add(done);
      }));

  async function processRow(id: string): Promise<DispatchOutcome | null> {
    const row = await prisma.notification.findUnique({ where: { id } });
    if (!row || row.state !== 'pending') return null;
    const base = { notificationId: row.id, kind: row.kind, dedupeKey: row.dedupeKey };
    const target = await loadTarget(prisma, row);
    const to = describe(target);
    const port = pickPort(ports, target);
    if (!port) {
      const reason =
        target.kind === 'missing'
          ? target.reason
          : target.kind === 'person'
            ? `no chat account linked for ${target.person.name} <${target.person.email}> on ${ports.map((p) => p.platform).join('/') || 'any platform'}`
            : `no ${target.channel.platform} connection to post to ${target.channel.label ?? target.channel.channelId}`;
      await fail(row.id, row.attempts, `unreachable: ${reason}`);
      logger.warn({ notificationId: row.id, kind: row.kind, to }, `notification failed: ${reason}`);
      return { ...base, to, result: 'failed', detail: reason };
    }

    // Pacing: wait for this channel's (and workspace's) next slot, or hand the row back.
    const chKey = channelKeyOf(target);
    const nowMs = clock().getTime();
    const slot = pacer.peek(port.platform, chKey, row.partnershipId, nowMs);
    if (slot - nowMs > maxInlineWaitMs) {
      await releaseClaim(prisma, row.id, new Date(slot));
      return { ...base, to, platform: port.platform, result: 'retry', detail: 'paced' };
    }
    const booked = pacer.reserve(port.platform, chKey, row.partnershipId, nowMs);
    if (booked > nowMs) await sleep(booked - nowMs);
    if (stopping) {
      await releaseClaim(prisma, row.id, clock());
      return { ...base, to, platform: port.platform, result: 'retry', detail: 'shutting down' };
    }

    const { message, about } = fromPayload(row.payload);
    let res: SendResult;
    try {
      res =
        target.kind === 'person'
          ? await port.sendDirect((target as Extract<Target, { kind: 'person' }>).person, message)
          : await port.postToChannel((target as Extract<Target, { kind: 'channel' }>).channel, message);
    } catch (e) {
      res = { ok: false, failure: { kind: 'transient', detail: e instanceof Error ? e.message : String(e) } };
    }
    const at = clock();
    if (res.ok) {
      await recordSent(prisma, row, res.ref, about, at);
      logger.info({ notificationId: row.id, kind: row.kind, platform: port.platform, to }, 'notification sent');
      return { ...base, to, platform: port.platform, result: 'sent' };
    }
    return onFailure(row, res.failure, port, chKey, target, at, { ...base, to, platform: port.platform });
  }

  async function onFailure(
    row: { id: string; attempts: number; partnershipId: string; kind: string },
    f: SendFailure,
    port: ChatPort,
    chKey: string,
    target: Target,
    at: Date,
    base: Omit<DispatchOutcome, 'result'>,
  ): Promise<DispatchOutcome> {
    if (f.kind === 'rate_limited') {
      const until = new Date(at.getTime() + Math.max(0, f.retryAfterMs));
      pacer.holdUntil(port.platform, chKey, until.getTime());
      await prisma.notification.update({
        where: { id: row.id },
        data: { nextAttemptAt: until, lastError: `rate limited: retry after ${f.retryAfterMs} ms${f.detail ? ` (${f.detail})` : ''}` },
      });
      logger.info({ notificationId: row.id, retryAfterMs: f.retryAfterMs }, 'notification rate limited');
      return { ...base, result: 'retry', detail: `rate limited, retry after ${Math.ceil(f.retryAfterMs / 1000)} s` };
    }
    if (f.kind === 'unreachable') {
      await recordUnreachable(prisma, row.partnershipId, port.platform, target, f.detail, at);
      await fail(row.id, row.attempts + 1, `unreachable: ${f.detail}`);
      logger.warn({ notificationId: row.id, kind: row.kind, detail: f.detail }, 'notification recipient unreachable');
      return { ...base, result: 'failed', detail: `unreachable: ${f.detail}` };
    }
    const attempts = row.attempts + 1;
    if (attempts >= (await maxAttemptsFor(row.partnershipId))) {
      await fail(row.id, attempts, `gave up after ${attempts} attempts: ${f.detail}`);
      logger.error({ notificationId: row.id, kind: row.kind, attempts, detail: f.detail }, 'notification failed');
      return { ...base, result: 'failed', detail: `gave up after ${attempts} attempts: ${f.detail}` };
    }
    const delay = backoffDelay(attempts, backoff);
    await prisma.notification.update({
      where: { id: row.id },
      data: { attempts, nextAttemptAt: new Date(at.getTime() + delay), lastError: f.detail },
    });
    logger.warn({ notificationId: row.id, attempts, delayMs: delay, detail: f.detail }, 'notification send failed, will retry');
    return { ...base, result: 'retry', detail: `${f.detail}; retry in ${Math.round(delay / 1000)} s` };
  }

  async function fail(id: string, attempts: number, lastError: string) {
    await prisma.notification.updateMany({ where: { id, state: 'pending' }, data: { state: 'failed', attempts, lastError } });
  }

  async function runOnce(onlyKeys?: string[]): Promise<DispatchReport> {
    const report: DispatchReport = { sent: 0, retried: 0, failed: 0, claimed: 0, outcomes: [] };
    if (stopping) return report;
    const now = clock();
    const ids = await claimDue(prisma, now, new Date(now.getTime() + leaseMs), batchSize, onlyKeys);
    report.claimed = ids.length;
    // Claimed rows have distinct recipients: send them in parallel; pacing spaces each channel.
    const results = await Promise.all(
      ids.map((id) =>
        processRow(id).catch(async (e: unknown) => {
          logger.error({ err: e, notificationId: id }, 'dispatch error; the row will be retried after its lease');
          return null;
        }),
      ),
    );
    for (const r of results) {
      if (!r) continue;
      report.outcomes.push(r);
      if (r.result === 'sent') report.sent++;
      else if (r.result === 'failed') report.failed++;
      else report.retried++;
    }
    return report;
  }

  async function drain(o: { maxRounds?: number; onlyKeys?: string[] } = {}): Promise<DispatchReport> {
    const total: DispatchReport = { sent: 0, retried: 0, failed: 0, claimed: 0, outcomes: [] };
    if (o.onlyKeys && o.onlyKeys.length === 0) return total;
    for (let i = 0; i < (o.maxRounds ?? 1000) && !stopping; i++) {
      const r = await runOnce(o.onlyKeys);
      if (r.claimed === 0) break;
      total.sent += r.sent;
      total.retried += r.retried;
      total.failed += r.failed;
      total.claimed += r.claimed;
      total.outcomes.push(...r.outcomes);
      if (r.sent === 0 && r.failed === 0) break; // only retries/deferrals left: not due now
    }
    return total;
  }

  // ---- poll loop ----
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let again = false;
  let started = false;

  const schedule = (ms: number) => {
    if (stopping || !started) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, ms);
    timer.unref?.();
  };

  function tick() {
    timer = undefined;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = (async () => {
      try {
        do {
          again = false;
          const r = await runOnce();
          if (r.claimed >= batchSize) again = true;
        } while (again && !stopping);
      } catch (e) {
        logger.error({ err: e }, 'outbox round failed; will try again');
      } finally {
        inFlight = undefined;
        schedule(pollMs);
      }
    })();
  }

  return {
    runOnce,
    drain,
    start() {
      if (started) return;
      started = true;
      stopping = false;
      schedule(0); // pending rows from before a restart go out at once
    },
    kick() {
      if (!started || stopping) return;
      if (inFlight) again = true;
      else schedule(0);
    },
    async stop() {
      stopping = true;
      started = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      for (const w of [...wakers]) w();
      await inFlight;
    },
  };
}

function describe(t: Target): string {
  if (t.kind === 'person') return `${t.person.name} <${t.person.email}>`;
  if (t.kind === 'channel') return t.channel.label ?? `${t.channel.platform} ${t.channel.channelId}`;
  return t.reason;
}
