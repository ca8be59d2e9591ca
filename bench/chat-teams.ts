// 2. Teams message round trip: POST /api/messages with a personal-chat "mine" until the reply
// reaches the Bot Framework connector double, at 1 and 20 concurrent clients, for the real
// adapter + core, and for a bare Agents SDK CloudAdapter (same auth configuration, same
// authorizeRequest + process calls) whose handler only replies — same run, alternating.
// Clients and the connector double run in a separate process (./support/platform.ts).
// In Teams the reply is part of the turn, so this figure includes the command's work.
import { CloudAdapter, type TurnContext } from '@microsoft/agents-hosting';
import express from 'express';
import { createTeamsAdapter } from '../adapters/teams/app.js';
import { buildAuthConfig } from '../adapters/teams/auth.js';
import { createCore } from '../src/core/create-core.js';
import { silentLogger } from '../src/log/logger.js';
import { DEFAULT_SHAPES, serve, type ChatBenchOptions } from './chat-slack.js';
import { addRow, ms, percentile, ratio } from './support/report.js';

export const BENCH_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

function bareAgentRouter(): express.Router {
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
  return router;
}

export async function benchTeams(o: ChatBenchOptions): Promise<void> {
  const { platform } = o;
  const core = createCore({ db: o.db, logger: silentLogger() });
  core.tenancy.setLocalTeamsMode(true);
  const teams = createTeamsAdapter({ config: { appType: 'MultiTenant' }, mode: 'local', core, logger: silentLogger() });
  const real = await serve(teams.router);
  const bare = await serve(bareAgentRouter());
  try {
    const run = (url: string, clients: number, total: number) => platform.teams({ url, clients, total, tenant: BENCH_TENANT });
    // Warm-up: links the Teams user (member look-up → email), compiles routes.
    const warm = await run(real.url, 1, 10);
    await run(bare.url, 1, 10);
    if (!/open actions for/.test(warm.lastReply)) throw new Error(`Teams "mine" did not list actions: ${warm.lastReply}`);

    for (const [clients, total] of o.shapes ?? DEFAULT_SHAPES) {
      const times: number[] = [];
      const base: number[] = [];
      for (let half = 0; half < 2; half++) {
        base.push(...(await run(bare.url, clients, total / 2)).times);
        times.push(...(await run(real.url, clients, total / 2)).times);
      }
      const p99 = percentile(times, 0.99);
      const b99 = percentile(base, 0.99);
      addRow({
        measure: `2 Teams "mine" → reply, ${clients} client${clients > 1 ? 's' : ''} (${total} req)`,
        db: o.db.kind,
        value: `p50 ${ms(percentile(times, 0.5))} p99 ${ms(p99)}`,
        baseline: `bare SDK p50 ${ms(percentile(base, 0.5))} p99 ${ms(b99)} (p99 ${ratio(p99, b99)})`,
        // Issue 18's target: 20 clients on PostgreSQL, p99 ≤ 3× the bare SDK (the reply is the command's work).
        ...(clients >= 20 && o.db.kind === 'postgres'
          ? { target: 'p99 ≤ 3× bare', met: p99 <= 3 * b99 }
          : { target: '', met: null }),
      });
    }
  } finally {
    await bare.close();
    await real.close();
    await teams.stop();
  }
}
