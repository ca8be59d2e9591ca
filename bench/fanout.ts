// 5. Weekly digest fan-out: each of the register's 150 subgroup channels gets its digest twice
// (two rows per channel, so Slack's 1 message/s/channel sets a ~1 s floor), sent by the real
// outbox dispatcher (default settings, as `cdp start` creates it) through the real Slack port
// to the Slack Web API double, behind a gate that enforces 1 chat.postMessage per second per
// channel (429 + Retry-After: 1 when a post comes < 950 ms after the channel's last accepted
// one) and injects a 429 with Retry-After: 1 on the first post to every 10th channel.
// Floor = the longest channel's minimum: injected Retry-After + (posts − 1) × 1 s.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSenderClient, createSlackPort } from '../adapters/slack/port.js';
import { buildDigestMessage } from '../src/digest/index.js';
import { silentLogger } from '../src/log/logger.js';
import { createDispatcher } from '../src/outbox/dispatcher.js';
import { enqueue, type NewNotification } from '../src/outbox/enqueue.js';
import { startSlackApiDouble } from '../test/doubles/slack-api.js';
import type { BenchDb } from './support/db.js';
import { until } from './support/load.js';
import { addRow, ms, progress, ratio } from './support/report.js';

const GAP_MS = 950;
const PER_CHANNEL = 2;

interface Gate {
  url: string;
  accepted: Map<string, number[]>;
  paceRefusals: number;
  injected: number;
  close(): Promise<void>;
}

async function startGate(target: string, injectFirst: Set<string>): Promise<Gate> {
  const accepted = new Map<string, number[]>();
  const injectedDone = new Set<string>();
  const gate: Gate = { url: '', accepted, paceRefusals: 0, injected: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const method = (req.url ?? '').replace(/^\/api\//, '');
      const too = (why: 'pace' | 'injected') => {
        if (why === 'pace') gate.paceRefusals++;
        else gate.injected++;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      };
      if (method === 'chat.postMessage') {
        const channel = new URLSearchParams(body).get('channel') ?? '';
        const now = performance.now();
        if (injectFirst.has(channel) && !injectedDone.has(channel)) {
          injectedDone.add(channel);
          return too('injected');
        }
        const times = accepted.get(channel) ?? [];
        if (times.length && now - times.at(-1)! < GAP_MS) return too('pace');
        times.push(now);
        accepted.set(channel, times);
      }
      const r = await fetch(`${target}${method}`, { method: 'POST', headers: { 'content-type': String(req.headers['content-type']), authorization: String(req.headers.authorization) }, body });
      res.writeHead(r.status, { 'content-type': 'application/json' });
      res.end(await r.text());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  gate.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  gate.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return gate;
}

export async function benchFanout(db: BenchDb, partnershipIds: string[], now: Date): Promise<void> {
  const subgroups = await db.prisma.subgroup.findMany({
    where: { partnershipId: { in: partnershipIds }, channelPlatform: 'slack' },
    select: { id: true, partnershipId: true, channelId: true },
    orderBy: { channelId: 'asc' },
  });
  const channels = subgroups.map((s) => s.channelId!);
  const injectFirst = new Set(channels.filter((_, i) => i % 10 === 3));
  const api = await startSlackApiDouble();
  const gate = await startGate(api.apiUrl, injectFirst);
  const port = createSlackPort({ client: createSenderClient(api.token, gate.url), logger: silentLogger() });
  try {
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
    const acceptedTotal = () => [...gate.accepted.values()].reduce((n, t) => n + t.length, 0);
    const dispatcher = createDispatcher({ db, ports: [port], logger: silentLogger(), clock: () => new Date() });
    const start = performance.now();
    dispatcher.start();
    const finished = await until(() => acceptedTotal() >= expected, 120_000, 10);
    const totalMs = Math.max(...[...gate.accepted.values()].map((t) => t.at(-1)!)) - start;
    await dispatcher.stop();
    // Nothing more may arrive: give a straggler a moment, then count.
    await new Promise((r) => setTimeout(r, 200));
    const states = await db.prisma.notification.groupBy({ by: ['state'], where: { kind: 'digest', dedupeKey: { startsWith: 'bench-digest:' } }, _count: true });
    const byState = Object.fromEntries(states.map((s) => [s.state, s._count]));
    let lost = 0;
    let dup = 0;
    for (const ch of channels) {
      const n = gate.accepted.get(ch)?.length ?? 0;
      lost += Math.max(0, PER_CHANNEL - n);
      dup += Math.max(0, n - PER_CHANNEL);
    }
    const floorMs = (injectFirst.size ? 1000 : 0) + (PER_CHANNEL - 1) * 1000;
    addRow({
      measure: `5 Digest fan-out, ${channels.length} channels × ${PER_CHANNEL}`,
      db: db.kind,
      value: `${ms(totalMs)}${finished ? '' : ' (gave up waiting)'}, lost ${lost}, duplicates ${dup}`,
      baseline: `floor ${ms(floorMs)} → ${ratio(totalMs, floorMs)}`,
      target: '≤ 1.1× floor, 0 lost',
      met: totalMs <= 1.1 * floorMs && lost === 0 && dup === 0,
      note: `${gate.injected} injected 429s, ${gate.paceRefusals} 429s for posting faster than 1/s/channel; outbox rows ${JSON.stringify(byState)}; building ${channels.length} digests + enqueue took ${ms(prepMs)} before the clock started`,
    });
  } finally {
    await gate.close();
    await api.close();
  }
}
