// 1. Slack slash-command round trip: a signed `/cdp mine` over real HTTP until the HTTP 200
// (the ack Slack waits for), at 1 and 20 concurrent clients, for the real adapter + core on the
// bench register, and for a bare Bolt app on the same ExpressReceiver setup that only acks —
// same run, alternating batches. The clients and the Slack Web API double run in a separate
// process (./support/platform.ts). Each client is a user: it sends, gets the ack and (real app)
// waits for its answer on the response_url before sending again, so with 20 clients each ack
// competes with 19 other commands' work, as in production. The answer time is in the notes.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import express, { type Router } from 'express';
import { createSlackAdapter } from '../adapters/slack/app.js';
import { createCore } from '../src/core/create-core.js';
import { silentLogger } from '../src/log/logger.js';
import { SIGNING_SECRET } from '../test/slack/support/server.js';
import type { BenchDb } from './support/db.js';
import type { Platform } from './support/platform-client.js';
import { addRow, ms, percentile, ratio } from './support/report.js';

export interface ChatBenchOptions {
  db: BenchDb;
  platform: Platform;
  /** [clients, total requests] per row. */
  shapes?: [number, number][];
}

export const DEFAULT_SHAPES: [number, number][] = [[1, 100], [20, 400]];

const quietBoltLogger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };

export async function serve(router: Router): Promise<{ url: string; close(): Promise<void> }> {
  const web = express();
  web.use(router);
  const server: Server = await new Promise((resolve) => {
    const s = web.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A Bolt app that only acks /cdp, on the same ExpressReceiver/App settings as adapters/slack/app.ts. */
function bareBoltRouter(apiUrl: string, token: string): Router {
  const receiver = new ExpressReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events', processBeforeResponse: false, logger: quietBoltLogger });
  const app = new App({
    token, botId: 'B0CDPBOT', botUserId: 'U0CDPBOT', tokenVerificationEnabled: false, receiver, logger: quietBoltLogger,
    clientOptions: { slackApiUrl: apiUrl, retryConfig: { retries: 1, factor: 1, minTimeout: 200, maxTimeout: 500 }, rejectRateLimitedCalls: true, timeout: 10_000 },
  });
  app.command('/cdp', async ({ ack }) => {
    await ack();
  });
  return receiver.router as Router;
}

export async function benchSlack(o: ChatBenchOptions): Promise<void> {
  const { platform } = o;
  const core = createCore({ db: o.db, logger: silentLogger() });
  const adapter = await createSlackAdapter({ config: { signingSecret: SIGNING_SECRET, botToken: platform.token, apiUrl: platform.slackApiUrl }, core, logger: silentLogger() });
  const real = await serve(adapter.router);
  const bare = await serve(bareBoltRouter(platform.slackApiUrl, platform.token));
  try {
    const run = (url: string, clients: number, total: number, waitAnswer: boolean) => platform.slack({ url: `${url}/slack/events`, clients, total, waitAnswer });
    // Warm-up: links the Slack user to the person (users.info → email), compiles the routes.
    const warm = await run(real.url, 1, 10, true);
    await run(bare.url, 1, 10, false);
    if (!/BSC-|TRS-|GSD-/.test(warm.lastAnswer)) throw new Error(`/cdp mine did not list actions: ${warm.lastAnswer}`);

    for (const [clients, total] of o.shapes ?? DEFAULT_SHAPES) {
      const acks: number[] = [];
      const base: number[] = [];
      const answers: number[] = [];
      for (let half = 0; half < 2; half++) {
        base.push(...(await run(bare.url, clients, total / 2, false)).acks);
        const r = await run(real.url, clients, total / 2, true);
        acks.push(...r.acks);
        answers.push(...r.answers);
      }
      const p99 = percentile(acks, 0.99);
      const b99 = percentile(base, 0.99);
      addRow({
        measure: `1 Slack /cdp ack, ${clients} client${clients > 1 ? 's' : ''} (${total} req)`,
        db: o.db.kind,
        value: `p50 ${ms(percentile(acks, 0.5))} p99 ${ms(p99)}`,
        baseline: `bare Bolt p50 ${ms(percentile(base, 0.5))} p99 ${ms(b99)} (p99 ${ratio(p99, b99)})`,
        // Issue 18: the ack within 1.5× a bare Bolt app's, at 1 and 20 clients, on both databases.
        target: 'p99 ≤ 1.5× bare',
        met: p99 <= 1.5 * b99,
        note: `the answer (/cdp mine) reached the response_url ${ms(percentile(answers, 0.5))} p50 / ${ms(percentile(answers, 0.99))} p99 after the ack`,
      });
    }
  } finally {
    await bare.close();
    await real.close();
    await adapter.stop();
  }
}
