// 2. Teams message round trip: POST /api/messages with a personal-chat "mine" until the reply
// reaches the Bot Framework connector double, at 1 and 20 concurrent clients, for the real
// adapter + core, and for a bare Agents SDK CloudAdapter (same auth configuration, same
// authorizeRequest + process calls) whose handler only replies — same run, alternating.
// In Teams the reply is part of the turn, so this figure includes the command's work.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudAdapter, type TurnContext } from '@microsoft/agents-hosting';
import express from 'express';
import { buildAuthConfig } from '../adapters/teams/auth.js';
import { createCore } from '../src/core/create-core.js';
import { silentLogger } from '../src/log/logger.js';
import { BotConnectorDouble } from '../test/doubles/bot-connector.js';
import { fixture, startHarness } from '../test/teams/harness.js';
import type { ChatBenchOptions } from './chat-slack.js';
import { drive } from './support/load.js';
import { addRow, ms, percentile, ratio } from './support/report.js';

export const BENCH_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const USER = { id: '29:bench-user', aadObjectId: '6d3b1e0c-0000-4000-8000-00000000be9c', name: 'Bench User' };

/** Resolves when the connector double receives a reply to `activityId`. */
function replyWaiter(connector: BotConnectorDouble) {
  const waiting = new Map<string, () => void>();
  const push = connector.calls.push.bind(connector.calls);
  connector.calls.push = (...calls) => {
    for (const c of calls) if (c.method === 'POST' && c.activityId) waiting.get(c.activityId)?.();
    return push(...calls);
  };
  return (activityId: string) =>
    new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no reply to ${activityId} within 30 s`)), 30_000);
      waiting.set(activityId, () => {
        clearTimeout(t);
        waiting.delete(activityId);
        resolve();
      });
    });
}

async function startBareAgent(): Promise<{ url: string; close(): Promise<void> }> {
  const adapter = new CloudAdapter(buildAuthConfig({ appType: 'MultiTenant' }));
  const router = express.Router();
  router.post('/api/messages', express.json({ limit: '1mb' }), async (req, res) => {
    let authorized = false;
    await adapter.authorizeRequest(req as never, res as never, () => {
      authorized = true;
    });
    if (!authorized) return;
    await adapter.process(req as never, res as never, async (context: TurnContext) => {
      if (context.activity.type === 'message') await context.sendActivity('ok');
    });
  });
  const app = express();
  app.use(router);
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export async function benchTeams(o: ChatBenchOptions): Promise<void> {
  const connector = new BotConnectorDouble();
  await connector.start();
  connector.addMember({ ...USER, email: o.email });
  const waitReply = replyWaiter(connector);
  const core = createCore({ db: o.db, logger: silentLogger() });
  core.tenancy.setLocalTeamsMode(true);
  const h = await startHarness({ config: { appType: 'MultiTenant' }, core, logger: silentLogger() }, connector);
  const bare = await startBareAgent();
  let seq = 0;
  try {
    const send = async (base: string) => {
      const id = `bench-${++seq}`;
      const activity = fixture('message-personal', connector.serviceUrl, (a) => {
        a.id = id;
        a.text = 'mine';
        a.from = USER;
        a.conversation.id = 'a:personal-bench';
        a.conversation.tenantId = BENCH_TENANT;
        a.channelData = { tenant: { id: BENCH_TENANT } };
      });
      const t = performance.now();
      const replied = waitReply(id);
      const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      await res.arrayBuffer();
      if (res.status >= 300) throw new Error(`Teams message answered HTTP ${res.status}`);
      await replied;
      return performance.now() - t;
    };
    // Warm-up: links the Teams user (member look-up → email), compiles routes.
    await drive(1, 10, () => send(h.url));
    await drive(1, 10, () => send(bare.url));
    const last = connector.sent.filter((c) => c.conversationId === 'a:personal-bench').at(-11);
    if (!/BSC-|TRS-|GSD-/.test(JSON.stringify(last?.body ?? {}))) throw new Error(`Teams "mine" did not list actions: ${JSON.stringify(last?.body ?? {}).slice(0, 300)}`);

    for (const [clients, total] of o.shapes ?? [[1, 100], [20, 400]]) {
      const real: number[] = [];
      const base: number[] = [];
      for (let half = 0; half < 2; half++) {
        base.push(...(await drive(clients, total / 2, () => send(bare.url))));
        real.push(...(await drive(clients, total / 2, () => send(h.url))));
      }
      const p99 = percentile(real, 0.99);
      const b99 = percentile(base, 0.99);
      addRow({
        measure: `2 Teams "mine" → reply, ${clients} client${clients > 1 ? 's' : ''} (${total} req)`,
        db: o.db.kind,
        value: `p50 ${ms(percentile(real, 0.5))} p99 ${ms(p99)}`,
        baseline: `bare SDK p50 ${ms(percentile(base, 0.5))} p99 ${ms(b99)} (p99 ${ratio(p99, b99)})`,
        target: 'p99 ≤ 1.5× bare and < 50 ms',
        met: p99 <= 1.5 * b99 && p99 < 50,
      });
    }
  } finally {
    await bare.close();
    await h.close();
    await connector.stop();
  }
}
