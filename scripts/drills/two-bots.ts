// Drill: two bot instances on one PostgreSQL for a simulated week (Mon 23 Nov – Mon 30 Nov 2026
// and the night after). Each instance has its own database connection pool, scheduler and
// outbox dispatcher with its own Slack port, all on one simulated clock that moves in 10-minute
// steps; Slack answers 10 % of calls with 429. The same week is run by ONE instance on an exact
// copy of the database (CREATE DATABASE … TEMPLATE): both runs must produce the same messages,
// and every nudge and digest must reach Slack exactly once.
import pg from 'pg';
import { createSenderClient, createSlackPort } from '../../adapters/slack/port.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { silentLogger } from '../../src/log/logger.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import { createScheduler } from '../../src/schedule/scheduler.js';
import { startSlackApiDouble } from '../../test/doubles/slack-api.js';
import { createFakeClock } from '../../test/support/fake-clock.js';
import { startChaosProxy } from '../../test/drills/support/chaos-slack.js';
import { cdp, PG_ADMIN_URL, throwawayDatabase, type DrillResult } from './support.js';

const START = '2026-11-23T00:00:00Z';
const END = '2026-12-01T00:00:00Z';
const STEP_MS = 10 * 60_000;

interface WeekOutcome {
  keys: Map<string, string>; // dedupeKey → state
  posts: Map<string, number>;
  claims: { job: string; period: string; instance: string; finished: boolean }[];
  sentBy: Record<string, number>;
  calls: number;
  rateLimited: number;
}

async function runWeek(url: string, instances: string[]): Promise<WeekOutcome> {
  const api = await startSlackApiDouble({ teamId: 'T0WEEK' });
  const chaos = await startChaosProxy(api, { rateLimitRate: 0.1, retryAfter: [1, 20], seed: 11 });
  const dbs: Database[] = [];
  try {
    for (const _ of instances) dbs.push(await openDatabase({ databaseUrl: url, poolMax: 4 }));
    const people = await dbs[0]!.prisma.person.findMany({ orderBy: { email: 'asc' } });
    people.forEach((p, i) => api.addUser({ id: `U0W${String(i).padStart(4, '0')}`, name: p.name, email: p.email }));
    const clock = createFakeClock(START);
    const sentBy: Record<string, number> = {};
    const bots = instances.map((id, i) => {
      const db = dbs[i]!;
      const port = createSlackPort({ client: createSenderClient(api.token, chaos.apiUrl), logger: silentLogger() });
      return {
        id,
        scheduler: createScheduler({ db, logger: silentLogger(), clock: clock.now, instanceId: id }),
        dispatcher: createDispatcher({ db, ports: [port], logger: silentLogger(), clock: clock.now, settings: { sleep: clock.sleep } }),
      };
    });
    for (let t = new Date(START).getTime(); t < new Date(END).getTime(); t += STEP_MS) {
      clock.set(Math.max(t, clock.now().getTime()));
      await Promise.all(bots.map((b) => b.scheduler.tick()));
      // Both dispatchers work the outbox at once until nothing is due at this step.
      for (let round = 0; round < 50; round++) {
        const reports = await Promise.all(bots.map((b) => b.dispatcher.runOnce()));
        reports.forEach((r, i) => (sentBy[bots[i]!.id] = (sentBy[bots[i]!.id] ?? 0) + r.sent));
        if (reports.every((r) => r.claimed === 0)) break;
      }
    }
    const db = dbs[0]!;
    const rows = await db.prisma.notification.findMany({ select: { dedupeKey: true, state: true } });
    const claims = await db.prisma.jobClaim.findMany({ select: { job: true, period: true, instance: true, finishedAt: true } });
    return {
      keys: new Map(rows.map((r) => [r.dedupeKey, r.state])),
      posts: chaos.postsPerMessage(),
      claims: claims.map((c) => ({ job: c.job, period: c.period, instance: c.instance, finished: Boolean(c.finishedAt) })),
      sentBy,
      calls: chaos.stats.calls,
      rateLimited: chaos.stats.rateLimited,
    };
  } finally {
    for (const d of dbs) await d.close();
    await chaos.close();
    await api.close();
  }
}

export async function twoBotsForAWeek(log: (s: string) => void): Promise<DrillResult> {
  const drill = 'two bots, one PostgreSQL, a simulated week';
  const tdb = await throwawayDatabase('week');
  const copyName = `${tdb.name}_single`;
  const copyUrl = tdb.url.replace(tdb.name, copyName);
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    const demo = await cdp(['demo'], { DATABASE_URL: tdb.url });
    if (demo.code !== 0) throw new Error(`cdp demo failed: ${demo.stderr}`);
    // Every subgroup's digest goes to a Slack channel.
    const setup = await openDatabase({ databaseUrl: tdb.url, poolMax: 2 });
    const subgroups = await setup.prisma.subgroup.findMany({ orderBy: { name: 'asc' } });
    for (const [i, s] of subgroups.entries()) await setup.prisma.subgroup.update({ where: { id: s.id }, data: { channelPlatform: 'slack', channelId: `C0WEEK${i}` } });
    await setup.close();
    await admin.query(`create database ${copyName} template ${tdb.name}`);

    const t0 = Date.now();
    const two = await runWeek(tdb.url, ['bot-A', 'bot-B']);
    const twoMs = Date.now() - t0;
    const one = await runWeek(copyUrl, ['solo']);
    log(`  two instances: ${two.keys.size} notifications in ${(twoMs / 1000).toFixed(0)} s; one instance: ${one.keys.size}`);

    const findings: string[] = [];
    const onlyTwo = [...two.keys.keys()].filter((k) => !one.keys.has(k));
    const onlyOne = [...one.keys.keys()].filter((k) => !two.keys.has(k));
    if (onlyTwo.length || onlyOne.length) findings.push(`message sets differ: ${onlyTwo.length} only with two bots (${onlyTwo.slice(0, 3).join(', ')}), ${onlyOne.length} only with one (${onlyOne.slice(0, 3).join(', ')})`);
    const unsent = [...two.keys.entries()].filter(([, s]) => s !== 'sent');
    if (unsent.length) findings.push(`${unsent.length} notifications not sent: ${unsent.slice(0, 3).map(([k, s]) => `${k}=${s}`).join(', ')}`);
    const twice = [...two.posts.entries()].filter(([, n]) => n > 1);
    if (twice.length) findings.push(`${twice.length} messages posted more than once: ${twice.slice(0, 2).map(([k, n]) => `${k.slice(0, 60)}×${n}`).join(', ')}`);
    if (two.posts.size !== two.keys.size) findings.push(`${two.posts.size} distinct messages at Slack for ${two.keys.size} notifications`);
    const claimKeys = two.claims.map((c) => `${c.job}:${c.period}`);
    if (new Set(claimKeys).size !== claimKeys.length) findings.push('a job period was claimed twice');
    if (two.claims.some((c) => !c.finished)) findings.push('a job claim was left unfinished');

    const kinds = (m: Map<string, string>) => {
      const out: Record<string, number> = {};
      for (const k of m.keys()) {
        const kind = k.startsWith('batch:') ? 'nudge batches' : k.split(':')[0]!;
        out[kind] = (out[kind] ?? 0) + 1;
      }
      return Object.entries(out).map(([k, n]) => `${n} ${k}`).join(', ');
    };
    const reminderDays = two.claims.filter((c) => c.job === 'reminders').map((c) => c.period).sort();
    const byInstance = (job: string) => ['bot-A', 'bot-B'].map((i) => `${i} ${two.claims.filter((c) => c.job === job && c.instance === i).length}`).join('/');
    return {
      drill,
      result: findings.length ? 'FAIL' : 'PASS',
      figures:
        `${two.keys.size} messages (${kinds(two.keys)}), identical to one instance's week; each posted once (${two.calls} Slack calls, ${two.rateLimited} answered 429); ` +
        `reminder runs on ${reminderDays.length} days (${reminderDays.join(', ')}) claimed ${byInstance('reminders')}, digest slots ${byInstance('digests')}; sent by ${Object.entries(two.sentBy).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      findings,
    };
  } finally {
    await admin.query(`drop database if exists ${copyName} with (force)`).catch(() => {});
    await admin.end();
    await tdb.drop();
  }
}
