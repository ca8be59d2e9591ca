// Graceful shutdown of the real process (`cdp start`), embedded and on PostgreSQL: SIGTERM while
// Slack answers each DM 1.5 s late — the process stops within 10 s, every DM Slack accepted is
// recorded as sent (none in doubt), nothing failed; after a restart the rest go out, each once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cdp, startBotProcess, waitUntil, type RunningBotProcess } from '../../scripts/drills/support.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { enqueue, type NewNotification } from '../../src/outbox/enqueue.js';
import { startSlackApiDouble, type SlackApiDouble } from '../doubles/slack-api.js';
import { startChaosProxy, type ChaosProxy } from '../drills/support/chaos-slack.js';
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from '../support/db.js';

const DMS = 30;
let api: SlackApiDouble;
let chaos: ChaosProxy;
let pgdb: TestDatabase | undefined;
let dataDir: string | undefined;
let bot: RunningBotProcess | undefined;
let dbEnv: Record<string, string>;
let env: Record<string, string>;

const openDb = (): Promise<Database> => (pgdb ? openDatabase({ databaseUrl: pgdb.url!, poolMax: 2 }) : openDatabase({ dataDir: dataDir! }));

async function pendingViaMetrics(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('cdp_outbox_notifications{state="pending"'))
    .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

beforeAll(async () => {
  if (TEST_DB_KIND === 'postgres') {
    pgdb = await createTestDatabase();
    dbEnv = { DATABASE_URL: pgdb.url! };
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-shutdown-'));
    dbEnv = { DATA_DIR: dataDir };
  }
  const demo = await cdp(['demo'], dbEnv);
  expect(demo.code, demo.stderr).toBe(0);
  api = await startSlackApiDouble({ teamId: 'T0STOP' });
  chaos = await startChaosProxy(api, { delayMs: 1500, methods: ['chat.postMessage'] });
  env = { ...dbEnv, SLACK_SIGNING_SECRET: 'shutdown-test-secret', SLACK_BOT_TOKEN: api.token, SLACK_API_URL: chaos.apiUrl };

  // DMs due now for people Slack knows, enqueued before the bot starts (as a reminder run leaves them).
  const db = await openDb();
  try {
    const p = await db.prisma.partnership.findFirstOrThrow();
    const rows: NewNotification[] = [];
    for (let i = 0; i < DMS; i++) {
      const person = await db.prisma.person.create({ data: { partnershipId: p.id, name: `Stop Test ${i}`, email: `stop${i}@shutdown.example` } });
      api.addUser({ id: `U0S${String(i).padStart(4, '0')}`, name: person.name, email: person.email });
      rows.push({
        partnershipId: p.id, kind: 'drill', dedupeKey: `shutdown:${i}`, recipient: { kind: 'person', personId: person.id },
        message: { summary: `Shutdown test message ${i}`, blocks: [{ type: 'text', text: `Shutdown test message ${i}` }] },
      });
    }
    await enqueue(db.prisma, rows, new Date());
  } finally {
    await db.close();
  }
}, 120_000);

afterAll(async () => {
  if (bot?.alive()) await bot.kill9();
  await chaos?.close();
  await api?.close();
  await pgdb?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('SIGTERM and restart', () => {
  it('stops within 10 s with the sends in flight finished and recorded, then resumes without loss or repeats', async () => {
    bot = await startBotProcess(env);
    const reached = await waitUntil(() => api.callsTo('chat.postMessage').length >= 3, 60_000, 20);
    expect(reached, 'the bot started sending').toBeTruthy();
    const termAt = Date.now();
    bot.child.kill('SIGTERM');
    const exit = await bot.exited;
    const stopMs = Date.now() - termAt;
    expect(exit.code, bot.output()).toBe(0);
    expect(stopMs).toBeLessThan(10_000);

    const acceptedBeforeStop = api.callsTo('chat.postMessage').filter((c) => String(c.args.text).startsWith('Shutdown test')).length;
    const db = await openDb();
    try {
      const rows = await db.prisma.notification.findMany({ where: { kind: 'drill' }, select: { state: true } });
      expect(rows.filter((r) => r.state === 'failed')).toHaveLength(0);
      // Every DM Slack accepted before the stop was recorded as sent: nothing is left in doubt.
      expect(rows.filter((r) => r.state === 'sent')).toHaveLength(acceptedBeforeStop);
      expect(rows.filter((r) => r.state === 'pending').length).toBeGreaterThan(0);
    } finally {
      await db.close();
    }

    chaos.set({ delayMs: 0 });
    bot = await startBotProcess(env);
    const drained = await waitUntil(async () => (await pendingViaMetrics(bot!.base)) === 0, 90_000, 500);
    expect(drained, 'the restarted bot sent the rest').toBeTruthy();
    await bot.stop();

    const posts = chaos.postsPerMessage();
    const ours = [...posts.entries()].filter(([k]) => k.includes('Shutdown test message'));
    expect(ours).toHaveLength(DMS);
    expect(ours.filter(([, n]) => n > 1)).toHaveLength(0);
  }, 240_000);
});
