// Ack latency of the Slack slash command: 200 signed `/cdp mine` requests over real HTTP to the
// adapter's router on an Express server, with the Web API double behind it. Measures the time
// until Slack would see the HTTP 200 (Slack's limit is 3 s). The core's work happens after the
// ack; to show that it does not hold the ack up, the stand-in core takes 300 ms per command.
//   node bin/run-ts.js bench/slack-ack.ts [count]
import type { CoreApi } from '../src/core/api.js';
import { message } from '../src/message/model.js';
import { ok } from '../src/result.js';
import { fixture } from '../test/slack/support/requests.js';
import { startSlackHarness } from '../test/slack/support/server.js';

const COUNT = Number(process.argv[2] ?? 200);
const WORK_MS = 300;

const core: CoreApi = {
  tenancy: { resolve: async () => ok({ id: 'p', name: 'Bench CDP', timezone: 'Europe/London' }), autoBind: async () => 'skipped', setLocalTeamsMode: () => {} },
  identity: { resolve: async () => null },
  commands: {
    text: async (_ctx, text) => {
      await new Promise((r) => setTimeout(r, WORK_MS));
      return message(`done: ${text}`);
    },
    button: async () => message('ok'),
    threadReply: async () => null,
    home: async () => message('home'),
  },
  conversations: { remember: async () => {} },
};

const h = await startSlackHarness({ core, api: { users: [{ id: 'U0BENCH', name: 'bench', email: 'bench@example.com' }] } });
const times: number[] = [];
try {
  // Warm-up (first request compiles routes, opens the connection pool).
  await h.slack.command(fixture('slash-command', { team_id: h.api.teamId, user_id: 'U0BENCH', text: 'mine', response_url: h.api.newResponseUrl() }));
  for (let i = 0; i < COUNT; i++) {
    const fields = fixture('slash-command', { team_id: h.api.teamId, user_id: 'U0BENCH', text: `mine ${i}`, response_url: h.api.newResponseUrl() });
    const t0 = performance.now();
    const res = await h.slack.command(fields);
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`request ${i} answered ${res.status}`);
  }
  // Every command was also answered through its response_url.
  const deadline = Date.now() + 30_000;
  while (h.api.callsTo('response_url').length < COUNT + 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const answered = h.api.callsTo('response_url').length - 1;
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!;
  const fmt = (n: number) => `${n.toFixed(1)} ms`;
  process.stdout.write(
    `Slack slash-command ack latency over ${COUNT} signed requests (core work ${WORK_MS} ms after the ack):\n` +
      `  median ${fmt(q(0.5))}  p90 ${fmt(q(0.9))}  p99 ${fmt(q(0.99))}  max ${fmt(times.at(-1)!)}\n` +
      `  answered through response_url: ${answered}/${COUNT}\n`,
  );
} finally {
  await h.close();
}
