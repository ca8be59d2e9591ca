// The "platform side" of the chat benches, run in its OWN process (node bin/run-ts.js
// bench/support/platform.ts, spawned with an IPC channel by ./platform-client.ts): the Slack
// Web API double (+ response_url endpoints), a gate in front of chat.postMessage that enforces
// 1 post per second per channel and injects 429s, the Bot Framework connector double, and the
// load clients. A separate process, like Slack and Teams are: the bot's event loop (busy with
// an in-process PGlite, Prisma, rendering) cannot delay the clients' clocks or reads.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BotConnectorDouble } from '../../test/doubles/bot-connector.js';
import { startSlackApiDouble } from '../../test/doubles/slack-api.js';
import { fixture as slackFixture, slackSender } from '../../test/slack/support/requests.js';
import { SIGNING_SECRET } from '../../test/slack/support/server.js';
import { fixture as teamsFixture } from '../../test/teams/harness.js';
import { drive } from './load.js';

export type PlatformCommand =
  | { id: number; cmd: 'slack'; url: string; clients: number; total: number; waitAnswer: boolean }
  | { id: number; cmd: 'teams'; url: string; clients: number; total: number; tenant: string }
  | { id: number; cmd: 'gate'; injectFirst: string[]; gapMs: number }
  | { id: number; cmd: 'gateResult' }
  | { id: number; cmd: 'stop' };

export const BENCH_SLACK_USER = 'U0BENCH';
export const BENCH_TEAMS_USER = { id: '29:bench-user', aadObjectId: '6d3b1e0c-0000-4000-8000-00000000be9c', name: 'Bench User' };

const send = (m: unknown) => process.send!(m);
const email = process.argv[2] ?? 'bench@example.org';

const api = await startSlackApiDouble({ users: [{ id: BENCH_SLACK_USER, name: 'bench', email }] });
const connector = new BotConnectorDouble();
await connector.start();
connector.addMember({ ...BENCH_TEAMS_USER, email });

// Waiters: response_url answers (by id) and connector replies (by replyToId).
const waiting = new Map<string, () => void>();
const wait = (key: string) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`nothing for ${key} within 30 s`)), 30_000);
    waiting.set(key, () => {
      clearTimeout(t);
      waiting.delete(key);
      resolve();
    });
  });
const slackPush = api.calls.push.bind(api.calls);
api.calls.push = (...calls) => {
  for (const c of calls) if (c.method === 'response_url') waiting.get(`r:${String(c.args.id)}`)?.();
  // The double records every call; a long run would only grow memory.
  if (api.calls.length > 1000) api.calls.splice(0, api.calls.length - 100);
  return slackPush(...calls);
};
const connectorPush = connector.calls.push.bind(connector.calls);
connector.calls.push = (...calls) => {
  for (const c of calls) if (c.method === 'POST' && c.activityId) waiting.get(`a:${c.activityId}`)?.();
  if (connector.calls.length > 1000) connector.calls.splice(0, connector.calls.length - 100);
  return connectorPush(...calls);
};

// The gate in front of chat.postMessage.
let gapMs = 950;
let injectFirst = new Set<string>();
const injectedDone = new Set<string>();
const accepted = new Map<string, number[]>();
let paceRefusals = 0;
let injected = 0;
const gateServer = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const method = (req.url ?? '').replace(/^\/api\//, '');
    const refuse = () => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
    };
    if (method === 'chat.postMessage') {
      const channel = new URLSearchParams(body).get('channel') ?? '';
      const now = Date.now();
      if (injectFirst.has(channel) && !injectedDone.has(channel)) {
        injectedDone.add(channel);
        injected++;
        return refuse();
      }
      const times = accepted.get(channel) ?? [];
      if (times.length && now - times.at(-1)! < gapMs) {
        paceRefusals++;
        return refuse();
      }
      times.push(now);
      accepted.set(channel, times);
    }
    const r = await fetch(`${api.apiUrl}${method}`, {
      method: 'POST',
      headers: { 'content-type': String(req.headers['content-type']), authorization: String(req.headers.authorization) },
      body,
    });
    res.writeHead(r.status, { 'content-type': 'application/json' });
    res.end(await r.text());
  });
});
await new Promise<void>((r) => gateServer.listen(0, '127.0.0.1', r));

let seq = 0;
async function handle(m: PlatformCommand): Promise<unknown> {
  switch (m.cmd) {
    case 'slack': {
      const slack = slackSender(m.url, SIGNING_SECRET);
      const answers: number[] = [];
      const acks = await drive(m.clients, m.total, async () => {
        const responseUrl = api.newResponseUrl();
        const answered = m.waitAnswer ? wait(`r:${responseUrl.split('/').at(-1)}`) : undefined;
        const fields = slackFixture('slash-command', { team_id: api.teamId, user_id: BENCH_SLACK_USER, text: 'mine', response_url: responseUrl });
        const t = performance.now();
        const r = await slack.command(fields);
        const ack = performance.now() - t;
        if (r.status !== 200) throw new Error(`slash command answered HTTP ${r.status}: ${r.text.slice(0, 200)}`);
        if (answered) {
          const a = performance.now();
          await answered;
          answers.push(performance.now() - a);
        }
        return ack;
      });
      const last = api.callsTo('response_url').at(-1)?.args;
      return { acks, answers, lastAnswer: JSON.stringify(last ?? {}).slice(0, 400) };
    }
    case 'teams': {
      let lastReply = '';
      const times = await drive(m.clients, m.total, async () => {
        const id = `bench-${++seq}`;
        const activity = teamsFixture('message-personal', connector.serviceUrl, (a) => {
          a.id = id;
          a.text = 'mine';
          a.from = BENCH_TEAMS_USER;
          a.conversation.id = 'a:personal-bench';
          a.conversation.tenantId = m.tenant;
          a.channelData = { tenant: { id: m.tenant } };
        });
        const replied = wait(`a:${id}`);
        const t = performance.now();
        const res = await fetch(`${m.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
        await res.arrayBuffer();
        if (res.status >= 300) throw new Error(`Teams message answered HTTP ${res.status}`);
        await replied;
        return performance.now() - t;
      });
      lastReply = JSON.stringify(connector.sent.at(-1)?.body ?? {}).slice(0, 400);
      return { times, lastReply };
    }
    case 'gate':
      injectFirst = new Set(m.injectFirst);
      gapMs = m.gapMs;
      injectedDone.clear();
      accepted.clear();
      paceRefusals = 0;
      injected = 0;
      return {};
    case 'gateResult':
      return { accepted: Object.fromEntries(accepted), paceRefusals, injected };
    case 'stop':
      gateServer.closeAllConnections();
      gateServer.close();
      await api.close();
      await connector.stop();
      setTimeout(() => process.exit(0), 50);
      return {};
  }
}

process.on('message', (m: PlatformCommand) => {
  handle(m).then(
    (value) => send({ id: m.id, ok: true, value }),
    (e: unknown) => send({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
});
process.on('disconnect', () => process.exit(0));
send({
  ready: true,
  slackApiUrl: api.apiUrl,
  gateUrl: `http://127.0.0.1:${(gateServer.address() as AddressInfo).port}/api/`,
  token: api.token,
  teamId: api.teamId,
  serviceUrl: connector.serviceUrl,
});
