// 1. Slack slash-command round trip: a signed `/cdp mine` over real HTTP until the HTTP 200
// (the ack Slack waits for), at 1 and 20 concurrent clients, for the real adapter + core on the
// bench register, and for a bare Bolt app on the same ExpressReceiver setup that only acks —
// measured in the same run, alternating, so both see the same machine load. Each client is a
// user: it sends, gets the ack, and (real app) waits for its answer on the response_url before
// sending again, so with 20 clients the acks compete with 19 other commands' work, as in
// production. The answer time (ack → response_url) is reported beside it.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import express from 'express';
import { createCore } from '../src/core/create-core.js';
import { silentLogger } from '../src/log/logger.js';
import { startSlackApiDouble } from '../test/doubles/slack-api.js';
import { fixture, slackSender, type SlackSender } from '../test/slack/support/requests.js';
import { SIGNING_SECRET, startSlackHarness } from '../test/slack/support/server.js';
import type { BenchDb } from './support/db.js';
import { drive } from './support/load.js';
import { addRow, ms, percentile, progress, ratio } from './support/report.js';

export interface ChatBenchOptions {
  db: BenchDb;
  /** Email of the person the chat user is (a lead in the first partnership). */
  email: string;
  now: Date;
  /** Requests per client count: [clients, total]. */
  shapes?: [number, number][];
}

const quietBoltLogger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };

/** A Bolt app that only acks /cdp, on the same ExpressReceiver settings as adapters/slack/app.ts. */
async function startBareBolt(apiUrl: string, token: string): Promise<{ slack: SlackSender; close(): Promise<void> }> {
  const receiver = new ExpressReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events', processBeforeResponse: false, logger: quietBoltLogger });
  const app = new App({
    token, botId: 'B0CDPBOT', botUserId: 'U0CDPBOT', tokenVerificationEnabled: false, receiver, logger: quietBoltLogger,
    clientOptions: { slackApiUrl: apiUrl, retryConfig: { retries: 1, factor: 1, minTimeout: 200, maxTimeout: 500 }, rejectRateLimitedCalls: true, timeout: 10_000 },
  });
  app.command('/cdp', async ({ ack }) => {
    await ack();
  });
  const web = express();
  web.use(receiver.router);
  const server: Server = await new Promise((resolve) => {
    const s = web.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  return {
    slack: slackSender(url, SIGNING_SECRET),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export async function benchSlack(o: ChatBenchOptions): Promise<void> {
  const core = createCore({ db: o.db, logger: silentLogger() });
  const h = await startSlackHarness({ core, api: { users: [{ id: 'U0BENCH', name: 'bench', email: o.email }] } });
  const bareApi = await startSlackApiDouble();
  const bare = await startBareBolt(bareApi.apiUrl, bareApi.token);
  try {
    const send = async (slack: SlackSender, teamId: string, responseUrl: string) => {
      const fields = fixture('slash-command', { team_id: teamId, user_id: 'U0BENCH', text: 'mine', response_url: responseUrl });
      const t = performance.now();
      const res = await slack.command(fields);
      const dt = performance.now() - t;
      if (res.status !== 200) throw new Error(`slash command answered HTTP ${res.status}: ${res.text.slice(0, 200)}`);
      return dt;
    };
    // Resolves when the double receives the answer posted to one response_url.
    const waiting = new Map<string, () => void>();
    const push = h.api.calls.push.bind(h.api.calls);
    h.api.calls.push = (...calls) => {
      for (const c of calls) if (c.method === 'response_url') waiting.get(String(c.args.id))?.();
      return push(...calls);
    };
    const answered = (url: string) =>
      new Promise<void>((resolve, reject) => {
        const id = url.split('/').at(-1)!;
        const t = setTimeout(() => reject(new Error(`no answer on response_url ${id} within 30 s`)), 30_000);
        waiting.set(id, () => {
          clearTimeout(t);
          waiting.delete(id);
          resolve();
        });
      });
    const answers: number[] = [];
    const realBatch = (clients: number, total: number) =>
      drive(clients, total, async () => {
        const url = h.api.newResponseUrl();
        const done = answered(url);
        const ack = await send(h.slack, h.api.teamId, url);
        const t = performance.now();
        await done;
        answers.push(performance.now() - t);
        return ack;
      });
    const bareBatch = (clients: number, total: number) => drive(clients, total, () => send(bare.slack, bareApi.teamId, bareApi.newResponseUrl()));

    // Warm-up: links the Slack user to the person (users.info → email), compiles the routes.
    await realBatch(1, 10);
    await bareBatch(1, 10);
    const answer = h.api.callsTo('response_url').at(-1)?.args;
    const answerText = JSON.stringify(answer ?? {});
    if (!/BSC-|TRS-|GSD-/.test(answerText)) progress(`  warning: /cdp mine did not list actions: ${answerText.slice(0, 200)}`);

    for (const [clients, total] of o.shapes ?? [[1, 100], [20, 400]]) {
      const real: number[] = [];
      const base: number[] = [];
      answers.length = 0;
      for (let half = 0; half < 2; half++) {
        base.push(...(await bareBatch(clients, total / 2)));
        real.push(...(await realBatch(clients, total / 2)));
      }
      const p50 = percentile(real, 0.5);
      const p99 = percentile(real, 0.99);
      const b50 = percentile(base, 0.5);
      const b99 = percentile(base, 0.99);
      addRow({
        measure: `1 Slack /cdp ack, ${clients} client${clients > 1 ? 's' : ''} (${total} req)`,
        db: o.db.kind,
        value: `p50 ${ms(p50)} p99 ${ms(p99)}`,
        baseline: `bare Bolt p50 ${ms(b50)} p99 ${ms(b99)} (p99 ${ratio(p99, b99)})`,
        target: 'p99 ≤ 1.5× bare and < 50 ms',
        met: p99 <= 1.5 * b99 && p99 < 50,
        note: `${clients} client(s): the answer itself reached the response_url ${ms(percentile(answers, 0.5))} (p50) / ${ms(percentile(answers, 0.99))} (p99) after the ack`,
      });
    }
  } finally {
    await bare.close();
    await bareApi.close();
    await h.close();
  }
}
