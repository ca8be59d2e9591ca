// Which dispatchers are alive, so that the rows a dead one held are taken over at once instead of
// after the claim lease (5 minutes). Each dispatcher registers a row (host, pid) and beats every
// few seconds; one is dead when its process is gone from this host (kill -9, then a restart on
// the same machine: found at start) or it has not beaten for STALE_AFTER_S seconds (another
// host). Its claimed rows are handed back due now; rows it may have been sending keep sendingAt,
// so they are looked up on the platform before any resend (dispatcher.ts).
// Times are the database's own (now()), so the processes' clocks (or a `--at` clock) don't matter.
import crypto from 'node:crypto';
import os from 'node:os';
import type { PrismaClient } from '../generated/prisma/client.js';

export const HEARTBEAT_MS = 10_000;
export const STALE_AFTER_S = 30;

export interface WorkerIdentity {
  id: string;
  host: string;
  pid: number;
}

export function newWorkerIdentity(): WorkerIdentity {
  const host = os.hostname().slice(0, 200);
  return { id: `${host}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`, host, pid: process.pid };
}

/** True while a process with this pid exists on this host. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

/** Registers or beats: the row's heartbeat is the database's now. */
/**
 * Dispatchers registered by THIS process and not stopped. A process runs several at once (the
 * bot's outbox and a `cdp run` inside it; tests): a row of this pid is dead only when it is
 * none of these (an earlier process that had the same pid).
 */
const liveHere = new Set<string>();

export async function heartbeat(prisma: PrismaClient, me: WorkerIdentity): Promise<void> {
  liveHere.add(me.id);
  await prisma.$executeRawUnsafe(
    `INSERT INTO "OutboxWorker" (id, host, pid, "startedAt", "heartbeatAt") VALUES ($1, $2, $3, ${NOW_UTC}, ${NOW_UTC})
     ON CONFLICT (id) DO UPDATE SET "heartbeatAt" = ${NOW_UTC}`,
    me.id, me.host, me.pid,
  );
}

export async function unregister(prisma: PrismaClient, me: WorkerIdentity): Promise<void> {
  liveHere.delete(me.id);
  await prisma.outboxWorker.deleteMany({ where: { id: me.id } });
}

/**
 * Hands back every pending row claimed by a dispatcher that is not alive (or not registered):
 * due at `now`, unclaimed. Returns how many rows, and how many of them may have been sent.
 */
export async function releaseOrphans(
  prisma: PrismaClient,
  me: WorkerIdentity,
  now: Date,
  isAlive: (pid: number) => boolean = pidAlive,
): Promise<{ rows: number; maybeSent: number; deadWorkers: number }> {
  const workers = await prisma.$queryRawUnsafe<{ id: string; host: string; pid: number; stale: boolean }[]>(
    `SELECT id, host, pid, "heartbeatAt" < ${NOW_UTC} - interval '${STALE_AFTER_S} seconds' AS stale FROM "OutboxWorker"`,
  );
  const ofThisProcess = (w: { host: string; pid: number }) => w.host === me.host && w.pid === me.pid;
  const dead = workers.filter(
    (w) =>
      w.id !== me.id &&
      (ofThisProcess(w) ? !liveHere.has(w.id) : w.stale || (w.host === me.host && !isAlive(w.pid))),
  );
  const alive = [me.id, ...workers.filter((w) => w.id !== me.id && !dead.includes(w)).map((w) => w.id)];
  const orphans = await prisma.notification.findMany({
    where: { state: 'pending', claimedBy: { not: null, notIn: alive } },
    select: { id: true, sendingAt: true },
  });
  if (orphans.length) {
    await prisma.notification.updateMany({
      where: { id: { in: orphans.map((o) => o.id) }, state: 'pending', claimedBy: { not: null, notIn: alive } },
      data: { nextAttemptAt: now, claimedBy: null },
    });
  }
  if (dead.length) await prisma.outboxWorker.deleteMany({ where: { id: { in: dead.map((w) => w.id) } } });
  return { rows: orphans.length, maybeSent: orphans.filter((o) => o.sendingAt).length, deadWorkers: dead.length };
}
