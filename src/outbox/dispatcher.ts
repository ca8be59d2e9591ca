// The outbox dispatcher: sends pending Notification rows through the ChatPorts.
// - Rows are already persisted (enqueue) before anything is sent; pending rows left by a
//   stopped or crashed process are simply picked up again (restart-safe).
// - Rows are claimed atomically (claim.ts): two dispatchers never send one row twice, and a
//   recipient's rows go out oldest first.
// - Exactly once after a crash (SPEC §10): a row is marked `sendingAt` just before the platform
//   is asked; a row still pending with it set may have been sent, and is looked up on the
//   platform first (reconcile.ts) — found → recorded as sent, not sent again. The rows of a dead
//   dispatcher are taken over at start (workers.ts), not after the lease.
// - Paced below the platforms' limits (pacing.ts); rate_limited → retry exactly after
//   Retry-After (not counted as an attempt: a rate limit delays, never loses); transient →
//   exponential backoff with jitter, `failed` after maxAttempts; unreachable → the
//   conversation is marked unreachable and the person's next channel tried (Teams → email), or,
//   with none left, the row `failed` with the reason.
import type { ChatPort, SendFailure, SendResult, SendTarget } from '../chat/port.js';
import type { Notification, PrismaClient } from '../generated/prisma/client.js';
import type { Logger } from '../log/logger.js';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import { claimDue, createNextClaimer, releaseClaim } from './claim.js';
import { fromPayload } from './enqueue.js';
import { readSettings } from '../settings/index.js';
import { createPacer, DEFAULT_PACING, type PacingRules } from './pacing.js';
import { createPollLoop } from './poll.js';
import { createSendRecorder, recordUnreachable } from './record.js';
import { checkEarlierSend } from './reconcile.js';
import { channelKeyOf, loadTarget, loadTargets, personPorts, pickPort, type Target } from './targets.js';
import { HEARTBEAT_MS, heartbeat, newWorkerIdentity, pidAlive, releaseOrphans, unregister, type WorkerIdentity } from './workers.js';

export interface DispatcherSettings {
  /** Failed tries (transient or thrown) before a row is `failed`. Default: the partnership's outbox.maxAttempts setting (8). */
  maxAttempts?: number;
  /**
   * Rows claimed per round (at most one per recipient). Default 500: a fan-out to a few hundred
   * channels is claimed, loaded and marked at once, and its first posts leave together.
   */
  batchSize?: number;
  /** How long a claimed row is reserved for this dispatcher. Default 5 min. */
  leaseMs?: number;
  /** Poll interval of start(). Default 2 s. */
  pollMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /**
   * Pacing waits and Retry-After delays up to this long are waited out by the row's lane
   * (keeping its claim), and a recipient's next row is sent by the same lane when its slot is
   * this close; longer ones hand the row back until then. Default 5 s.
   */
  maxInlineWaitMs?: number;
  /** start(): most rows (one per recipient) in flight at once, mostly waiting on pacing. Default 1,000. */
  maxLanes?: number;
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
  /** Who this dispatcher is (tests play a dead process with another pid); default: this process. */
  worker?: WorkerIdentity;
  /** Tests: whether a pid on this host is alive. */
  isAlive?: (pid: number) => boolean;
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
  /**
   * One round: claim due rows (only these dedupe keys, when given), send them, record the
   * outcomes. A recipient's next rows are sent in the same round while their pacing slot is
   * within maxInlineWaitMs.
   */
  runOnce(onlyKeys?: string[]): Promise<DispatchReport>;
  /** Rounds until nothing is due now (the CLI's `run`), at most maxRounds. */
  drain(opts?: { maxRounds?: number; onlyKeys?: string[] }): Promise<DispatchReport>;
  /**
   * Poll loop: claims due rows every pollMs, at once after kick(), and at the earliest time a
   * row this dispatcher handed back (Retry-After, pacing, backoff) is due again. A recipient's
   * next rows are sent by its lane as in runOnce(), each at its pacing slot.
   */
  start(): void;
  kick(): void;
  /** Stop taking work; resolves when sends in flight are finished and recorded. */
  stop(): Promise<void>;
}

/** A Retry-After of at most maxInlineWaitMs is waited out in place this many times per row, then the row is handed back. */
const MAX_INLINE_RETRIES = 3;
/** After a database error between claiming rows and starting them, the loop tries again this soon. */
const RETRY_SOON_MS = 200;

export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  const { db, ports, logger, clock } = opts;
  const s = opts.settings ?? {};
  const maxAttemptsFor = async (partnershipId: string): Promise<number> => {
    if (s.maxAttempts !== undefined) return s.maxAttempts;
    const p = await prisma.partnership.findUnique({ where: { id: partnershipId }, select: { settings: true } });
    return readSettings(p?.settings ?? {}).outbox.maxAttempts;
  };
  const batchSize = s.batchSize ?? 500;
  const leaseMs = s.leaseMs ?? 5 * 60_000;
  const pollMs = s.pollMs ?? 2000;
  const maxInlineWaitMs = s.maxInlineWaitMs ?? 5000;
  const maxLanes = s.maxLanes ?? 1000;
  const backoff = {
    baseMs: s.backoffBaseMs ?? DEFAULT_BACKOFF.baseMs,
    capMs: s.backoffCapMs ?? DEFAULT_BACKOFF.capMs,
    random: s.random ?? Math.random,
  };
  const pacer = createPacer(s.pacing ?? DEFAULT_PACING);
  const prisma = db.prisma;
  const me = opts.worker ?? newWorkerIdentity();
  // A fan-out's lanes write and claim at about the same moment: one statement for all of them.
  const { markSending: markSendingSoon, recordSent: recordSentSoon } = createSendRecorder(prisma);
  const claimNextSoon = createNextClaimer(prisma, { clock, leaseMs, claimedBy: me.id });

  /** Registered, and the rows of dead dispatchers taken over: before this dispatcher's first claim. */
  let ready: Promise<void> | undefined;
  const takeOverOrphans = async () => {
    await heartbeat(prisma, me);
    const r = await releaseOrphans(prisma, me, clock(), opts.isAlive ?? pidAlive);
    if (r.rows) logger.warn({ event: 'outbox.orphans', ...r }, `took over ${r.rows} row(s) of a stopped dispatcher (${r.maybeSent} may have been sent: looked up before any resend)`);
  };
  const ensureReady = () =>
    (ready ??= takeOverOrphans().catch((e: unknown) => {
      ready = undefined; // try again at the next round
      logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'could not register the outbox dispatcher');
    }));

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
        if (stopping) return resolve();
        const t = setTimeout(done, Math.max(0, ms));
        wakers.add(done);
      }));

  type Row = Notification;
  interface Resolved { target: Target; port: ChatPort | undefined }
  const lease = (now: Date) => new Date(now.getTime() + leaseMs);

  /**
   * One recipient's lane: sends the claimed row, then claims the recipient's next due row and
   * sends it at its pacing slot (within maxInlineWaitMs, else it is handed back until then).
   * The claim, the sendingAt mark and the previous row's "sent" record all happen while the
   * channel's interval runs, so a channel's second digest goes out when its window opens, not
   * a round later. Every row is claimed before it is sent; the recipient's target is loaded once.
   */
  async function runLane(first: Row, firstTarget: Target | undefined, onlyKeys: string[] | undefined, out: DispatchOutcome[]): Promise<void> {
    let row: Row | null = first;
    let resolved: Resolved | undefined = firstTarget ? { target: firstTarget, port: pickPort(ports, firstTarget) } : undefined;
    while (row) {
      resolved ??= await resolve(row);
      const outcome = await processRow(row, resolved);
      out.push(outcome);
      if (outcome.result !== 'sent' || stopping) return;
      row = await claimNextSoon(row, onlyKeys);
    }
  }

  async function resolve(row: Row): Promise<Resolved> {
    const target = await loadTarget(prisma, row);
    return { target, port: pickPort(ports, target) };
  }

  async function processRow(row: Row, { target, port: first }: Resolved): Promise<DispatchOutcome> {
    const base = { notificationId: row.id, kind: row.kind, dedupeKey: row.dedupeKey };
    const to = describe(target);
    if (!first) {
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
    const chKey = channelKeyOf(target);
    const { message, about } = fromPayload(row.payload);
    const sendTarget: SendTarget =
      target.kind === 'person' ? { kind: 'person', person: target.person } : { kind: 'channel', channel: (target as Extract<Target, { kind: 'channel' }>).channel };
    const earlier = await checkEarlierSend(first, sendTarget, row, logger);
    if (earlier.kind === 'lookup_failed') return onFailure(row, earlier.failure, first, chKey, target, clock(), { ...base, to, platform: first.platform }, false);
    if (earlier.kind === 'found') {
      await recordSentSoon({ row, ref: earlier.ref, about, at: clock() });
      return { ...base, to, platform: first.platform, result: 'sent', detail: 'already delivered (found on the platform): not sent again' };
    }
    let port: ChatPort = first;
    const tried = new Set<ChatPort>([port]);
    /** sendingAt set by this lane, and nothing sent since (a refusal, or not asked yet). */
    let marked = false;
    for (let inlineRetries = 0; ; inlineRetries++) {
      // Pacing: wait for this channel's (and workspace's) next slot, or hand the row back.
      const slot = pacer.peek(paceAs(port), chKey, row.partnershipId, clock().getTime());
      if (slot - clock().getTime() > maxInlineWaitMs) {
        await handBack(row.id, new Date(slot), marked);
        return { ...base, to, platform: port.platform, result: 'retry', detail: 'paced' };
      }
      // From here the message may go out: a crash leaves the row marked, and the next start looks
      // it up before any resend. Marked before the slot is booked (and kept over a Retry-After
      // wait), so nothing but the pacing wait stands between the booked slot and the send.
      if (!marked) await markSendingSoon(row.id, clock());
      marked = true;
      const nowMs = clock().getTime();
      const booked = pacer.reserve(paceAs(port), chKey, row.partnershipId, nowMs);
      if (booked > nowMs) await sleep(booked - nowMs);
      if (stopping) {
        await handBack(row.id, new Date(Math.max(booked, clock().getTime())), true);
        return { ...base, to, platform: port.platform, result: 'retry', detail: 'shutting down' };
      }

      let res: SendResult;
      try {
        const sendOpts = { dedupeKey: row.dedupeKey };
        res =
          sendTarget.kind === 'person'
            ? await port.sendDirect(sendTarget.person, message, sendOpts)
            : await port.postToChannel(sendTarget.channel, message, sendOpts);
      } catch (e) {
        res = { ok: false, failure: { kind: 'transient', detail: e instanceof Error ? e.message : String(e) } };
      }
      const at = clock();
      pacer.settle(paceAs(port), chKey, at.getTime());
      if (res.ok) {
        await recordSentSoon({ row, ref: res.ref, about, at });
        logger.info({ notificationId: row.id, kind: row.kind, platform: port.platform, to }, 'notification sent');
        return { ...base, to, platform: port.platform, result: 'sent' };
      }
      const f: SendFailure = res.failure;
      const fallback = f.kind === 'unreachable' && target.kind === 'person' ? personPorts(ports, target.person).find((p) => !tried.has(p)) : undefined;
      if (fallback && f.kind === 'unreachable' && !stopping) {
        // Not on this platform (e.g. Teams could not open a chat): the next channel that can reach them (email).
        await recordUnreachable(prisma, row.partnershipId, port.platform, target, f.detail, at);
        logger.warn({ notificationId: row.id, from: port.platform, to: fallback.platform, detail: f.detail }, 'recipient unreachable; falling back to the next channel');
        tried.add(fallback);
        port = fallback;
        continue;
      }
      if (f.kind === 'rate_limited' && f.retryAfterMs <= maxInlineWaitMs && inlineRetries < MAX_INLINE_RETRIES && !stopping) {
        // A short Retry-After: keep the claim (its lease still covers it, so no other
        // dispatcher can take the row meanwhile) and try again exactly when it allows: the
        // pacer holds the channel until then, and the row stays marked for the retry.
        const until = at.getTime() + Math.max(0, f.retryAfterMs);
        pacer.holdUntil(paceAs(port), chKey, until);
        await prisma.notification.updateMany({
          where: { id: row.id, state: 'pending' },
          data: { lastError: `rate limited: retry after ${f.retryAfterMs} ms${f.detail ? ` (${f.detail})` : ''}` },
        });
        logger.info({ notificationId: row.id, retryAfterMs: f.retryAfterMs }, 'notification rate limited; retrying after Retry-After');
        continue;
      }
      // A definite "no" from the platform means nothing went out; no answer at all may mean it did.
      return onFailure(row, f, port, chKey, target, at, { ...base, to, platform: port.platform }, !(f.kind === 'transient' && f.maybeSent));
    }
  }

  /** Hands a claimed row back, due at `at` (`notSent`: forget its sendingAt), and makes sure start()'s loop wakes for it. */
  async function handBack(id: string, at: Date, notSent = false) {
    await releaseClaim(prisma, id, at, notSent);
    wakeAt(at);
  }

  async function onFailure(
    row: { id: string; attempts: number; partnershipId: string; kind: string },
    f: SendFailure,
    port: ChatPort,
    chKey: string,
    target: Target,
    at: Date,
    base: Omit<DispatchOutcome, 'result'>,
    /** Nothing can have gone out (the send was refused): forget sendingAt. */
    notSent: boolean,
  ): Promise<DispatchOutcome> {
    const unclaim = { claimedBy: null, ...(notSent ? { sendingAt: null } : {}) };
    if (f.kind === 'rate_limited') {
      const until = new Date(at.getTime() + Math.max(0, f.retryAfterMs));
      pacer.holdUntil(paceAs(port), chKey, until.getTime());
      await prisma.notification.update({
        where: { id: row.id },
        data: { ...unclaim, nextAttemptAt: until, lastError: `rate limited: retry after ${f.retryAfterMs} ms${f.detail ? ` (${f.detail})` : ''}` },
      });
      wakeAt(until);
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
      data: { ...unclaim, attempts, nextAttemptAt: new Date(at.getTime() + delay), lastError: f.detail },
    });
    wakeAt(new Date(at.getTime() + delay));
    logger.warn({ notificationId: row.id, attempts, delayMs: delay, detail: f.detail }, 'notification send failed, will retry');
    return { ...base, result: 'retry', detail: `${f.detail}; retry in ${Math.round(delay / 1000)} s` };
  }

  async function fail(id: string, attempts: number, lastError: string) {
    await prisma.notification.updateMany({ where: { id, state: 'pending' }, data: { state: 'failed', attempts, lastError } });
  }

  /** Starts a lane for each claimed row (claimed rows have distinct recipients: they run in parallel). */
  async function launch(rows: Row[], onlyKeys: string[] | undefined, out: DispatchOutcome[]): Promise<Promise<void>[]> {
    let targets: Map<string, Target>;
    try {
      targets = await loadTargets(prisma, rows);
    } catch (e) {
      // Claimed but not started: hand the rows back now rather than after their lease.
      const at = clock();
      await Promise.all(rows.map((row) => releaseClaim(prisma, row.id, at).catch(() => undefined)));
      wakeAt(new Date(at.getTime() + RETRY_SOON_MS));
      throw e;
    }
    return rows.map((row) =>
      runLane(row, targets.get(row.id), onlyKeys, out).catch((e: unknown) => {
        logger.error({ err: e, notificationId: row.id }, 'dispatch error; the row will be retried after its lease');
      }),
    );
  }

  async function runOnce(onlyKeys?: string[]): Promise<DispatchReport> {
    const report: DispatchReport = { sent: 0, retried: 0, failed: 0, claimed: 0, outcomes: [] };
    if (stopping) return report;
    await ensureReady();
    const now = clock();
    const rows = await claimDue(prisma, now, lease(now), batchSize, onlyKeys, me.id);
    report.claimed = rows.length;
    await Promise.all(await launch(rows, onlyKeys, report.outcomes));
    for (const r of report.outcomes) {
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

  // ---- start(): lanes run on their own; the loop claims new rows when it is woken ----
  const loop = createPollLoop({
    pollMs,
    clock,
    logger,
    maxLanes,
    // Outcomes are logged by the lanes; nobody reads a report here.
    claim: async (room) => {
      await ensureReady();
      const now = clock();
      const rows = await claimDue(prisma, now, lease(now), Math.min(room, batchSize), undefined, me.id);
      return { lanes: await launch(rows, undefined, []), full: rows.length >= Math.min(room, batchSize) };
    },
  });
  const wakeAt = (at: Date) => loop.wakeAt(at.getTime());
  let beat: NodeJS.Timeout | undefined;

  return {
    runOnce,
    drain,
    start() {
      stopping = false;
      loop.start();
      // Beat, and take over the rows of dispatchers that died elsewhere meanwhile.
      beat ??= setInterval(() => void takeOverOrphans().catch(() => {}), HEARTBEAT_MS);
      beat.unref?.();
    },
    kick: () => loop.kick(),
    async stop() {
      stopping = true;
      if (beat) clearInterval(beat);
      beat = undefined;
      const done = loop.stop();
      for (const w of [...wakers]) w();
      await done;
      if (ready) await unregister(prisma, me).catch(() => {});
    },
  };
}

/** The platform whose limits pace a send: none (as the console) for a port that writes locally. */
const paceAs = (port: ChatPort) => (port.unpaced ? 'console' : port.platform);

function describe(t: Target): string {
  if (t.kind === 'person') return `${t.person.name} <${t.person.email}>`;
  if (t.kind === 'channel') return t.channel.label ?? `${t.channel.platform} ${t.channel.channelId}`;
  return t.reason;
}
