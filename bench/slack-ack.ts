// Ack latency of the Slack slash command: 200 signed `/cdp mine` requests over real HTTP to the
// adapter's router on an Express server, with the Web API double behind it. Measures the time
// until Slack would see the HTTP 200 (Slack's limit is 3 s).
//   node bin/run-ts.js bench/slack-ack.ts [count]          real core on in-memory PGlite (demo data)
//   node bin/run-ts.js bench/slack-ack.ts [count] --stub   a stand-in core that takes 300 ms per
//                                                          command, to show the work is after the ack
import type { CoreApi } from '../src/core/api.js';
import { createCore } from '../src/core/create-core.js';
import { silentLogger } from '../src/log/logger.js';
import { createTestDatabase } from '../test/support/db.js';
import { loadDemo } from '../test/support/demo.js';
import { message } from '../src/message/model.js';
import { ok } from '../src/result.js';
import { fixture } from '../test/slack/support/requests.js';
import { startSlackHarness } from '../test/slack/support/server.js';

const STUB = process.argv.includes('--stub');
const COUNT = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 200);
const WORK_MS = 300;

const stub: CoreApi = {
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

const db = STUB ? undefined : await createTestDatabase();
let core = stub;
if (db) {
  await loadDemo(db, new Date('2026-11-23T10:00:00Z'));
  core = createCore({ db, logger: silentLogger() });
}
const h = await startSlackHarness({ core, clock: () => new Date('2026-11-23T10:00:00Z'), api: { users: [{ id: 'U0BENCH', name: 'alexw', email: 'alexw@example.com' }] } });
if (db) await core.tenancy.autoBind('slack', h.adapter.teamId);
const times: number[] = [];
try {
  // Warm-up (first request compiles routes, opens the connection pool).
  await h.slack.command(fixture('slash-command', { team_id: h.api.teamId, user_id: 'U0BENCH', text: 'mine', response_url: h.api.newResponseUrl() }));
  for (let i = 0; i < COUNT; i++) {
    const fields = fixture('slash-command', { team_id: h.api.teamId, user_id: 'U0BENCH', text: "mine", response_url: h.api.newResponseUrl() });
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
    `Slack slash-command ack latency over ${COUNT} signed requests (${STUB ? `stand-in core, ${WORK_MS} ms of work after the ack` : 'real core on in-memory PGlite, Tower Hamlets demo, /cdp mine as Alex Wilber'}):\n` +
      `  median ${fmt(q(0.5))}  p90 ${fmt(q(0.9))}  p99 ${fmt(q(0.99))}  max ${fmt(times.at(-1)!)}\n` +
      `  answered through response_url: ${answered}/${COUNT}\n`,
  );
} finally {
  await h.close();
  await db?.drop();
}
