// 5. Weekly digest fan-out: each of the register's 150 subgroup channels gets its digest twice
// (two rows per channel, so Slack's 1 message/s/channel sets a ~1 s floor), sent by the real
// outbox dispatcher (default settings, as `cdp start` creates it) through the real Slack port
// to the Slack Web API double behind a gate (both in the platform process) that enforces 1
// chat.postMessage per second per channel (429 + Retry-After: 1 when a post arrives < 950 ms
// after the channel's last accepted one) and injects a 429 with Retry-After: 1 on the first
// post to every 10th channel. Floor = the slowest channel's minimum: its injected Retry-After
// + (posts − 1) × 1 s. Clock: from dispatcher.start() to the last post the gate accepted.
import { createSenderClient, createSlackPort } from '../adapters/slack/port.js';
import { buildDigestMessage } from '../src/digest/index.js';
import { silentLogger } from '../src/log/logger.js';
import { createDispatcher } from '../src/outbox/dispatcher.js';
import { enqueue, type NewNotification } from '../src/outbox/enqueue.js';
import type { BenchDb } from './support/db.js';
import type { Platform } from './support/platform-client.js';
import { addRow, ms, progress, ratio } from './support/report.js';

const PER_CHANNEL = 2;

export async function benchFanout(db: BenchDb, platform: Platform, partnershipIds: string[], now: Date): Promise<void> {
  const subgroups = await db.prisma.subgroup.findMany({
    where: { partnershipId: { in: partnershipIds }, channelPlatform: 'slack' },
    select: { id: true, partnershipId: true, channelId: true },
    orderBy: { channelId: 'asc' },
  });
  const channels = subgroups.map((s) => s.channelId!);
  const injectFirst = channels.filter((_, i) => i % 10 === 3);
  await platform.gate({ injectFirst, gapMs: 950 });
  const port = createSlackPort({ client: createSenderClient(platform.token, platform.gateUrl), logger: silentLogger() });

  const t0 = performance.now();
  const items: NewNotification[] = [];
  for (const s of subgroups) {
    const message = await buildDigestMessage(db, { partnershipId: s.partnershipId, subgroupId: s.id, now });
    for (let k = 0; k < PER_CHANNEL; k++) {
      items.push({
        partnershipId: s.partnershipId, kind: 'digest', dedupeKey: `bench-digest:${s.id}:${k}`,
        recipient: { kind: 'channel', platform: 'slack', channelId: s.channelId!, subgroupId: s.id }, message,
      });
    }
  }
  await enqueue(db.prisma, items, new Date());
  const prepMs = performance.now() - t0;
  progress(`  fan-out on ${db.kind}: ${subgroups.length} digests built and ${items.length} rows enqueued in ${ms(prepMs)}; dispatching`);

  const expected = items.length;
  const dispatcher = createDispatcher({ db, ports: [port], logger: silentLogger(), clock: () => new Date() });
  const start = Date.now();
  dispatcher.start();
  let gate = await platform.gateResult();
  const count = () => Object.values(gate.accepted).reduce((n, t) => n + t.length, 0);
  while (count() < expected && Date.now() - start < 120_000) {
    await new Promise((r) => setTimeout(r, 50));
    gate = await platform.gateResult();
  }
  const finished = count() >= expected;
  await dispatcher.stop();
  await new Promise((r) => setTimeout(r, 200));
  gate = await platform.gateResult();
  const last = Math.max(...Object.values(gate.accepted).map((t) => t.at(-1)!));
  const totalMs = last - start;
  const states = await db.prisma.notification.groupBy({ by: ['state'], where: { dedupeKey: { startsWith: 'bench-digest:' } }, _count: true });
  const byState = Object.fromEntries(states.map((s) => [s.state, s._count]));
  let lost = 0;
  let dup = 0;
  for (const ch of channels) {
    const n = gate.accepted[ch]?.length ?? 0;
    lost += Math.max(0, PER_CHANNEL - n);
    dup += Math.max(0, n - PER_CHANNEL);
  }
  const floorMs = (injectFirst.length ? 1000 : 0) + (PER_CHANNEL - 1) * 1000;
  addRow({
    measure: `5 Digest fan-out, ${channels.length} channels × ${PER_CHANNEL}`,
    db: db.kind,
    value: `${ms(totalMs)}${finished ? '' : ' (gave up after 120 s)'}, lost ${lost}, dup ${dup}`,
    baseline: `floor ${ms(floorMs)} → ${ratio(totalMs, floorMs)}`,
    target: '≤ 1.1× floor, 0 lost',
    met: totalMs <= 1.1 * floorMs && lost === 0 && dup === 0,
    note: `${gate.injected} injected 429s and ${gate.paceRefusals} 429s for posting < 950 ms after the channel's previous post; outbox rows ${JSON.stringify(byState)}; building the ${channels.length} digests + enqueue took ${ms(prepMs)} before the clock started`,
  });
}
