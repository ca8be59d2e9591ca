// Drill: the database is unavailable for 30 s. `cdp start` runs on PostgreSQL with Slack (Web API
// double) and Teams (local mode, connector double); the PostgreSQL server itself is STOPPED
// (pg_ctlcluster … stop) and started again 30 s later — ALWAYS, in a finally block.
// While it is down: slash commands and Teams messages get a clear "try again" reply (not a
// crash, not silence), /healthz stays up and /readyz says the database is unreachable. When it
// is back: the outbox sends what fell due meanwhile, commands work, nothing was lost or half-done.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.js';
import { enqueue, type NewNotification } from '../../src/outbox/enqueue.js';
import { BotConnectorDouble } from '../../test/doubles/bot-connector.js';
import { startSlackApiDouble } from '../../test/doubles/slack-api.js';
import { slackSender } from '../../test/slack/support/requests.js';
import { cdp, PG_ADMIN_URL, postgresUp, sleep, startBotProcess, throwawayDatabase, waitUntil, type DrillResult } from './support.js';

const SECRET = 'db-down-drill-secret';
const DOWN_MS = 30_000;

function cluster(action: 'stop' | 'start'): void {
  const version = fs.readdirSync('/etc/postgresql')[0];
  if (!version) throw new Error('no /etc/postgresql/<version>: cannot stop/start the PostgreSQL cluster here');
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', action], { stdio: 'pipe' });
}

async function otherConnections(own: string): Promise<number> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await c.connect();
    const r = await c.query<{ n: string }>(`select count(*) as n from pg_stat_activity where datname is not null and datname <> $1 and pid <> pg_backend_pid() and backend_type = 'client backend'`, [own]);
    return Number(r.rows[0]?.n ?? 0);
  } catch {
    return 0;
  } finally {
    await c.end().catch(() => {});
  }
}

interface Probe {
  at: number;
  via: 'slack' | 'teams';
  status: number;
  reply?: string;
  replyMs?: number;
}

export async function dbDown(log: (s: string) => void): Promise<DrillResult> {
  const drill = 'database unavailable for 30 s';
  if (!fs.existsSync('/etc/postgresql')) return { drill, result: 'SKIP', figures: 'no local PostgreSQL cluster to stop (pg_ctlcluster)' };
  const tdb = await throwawayDatabase('dbdown');
  const api = await startSlackApiDouble({ teamId: 'T0DBDOWN' });
  const connector = new BotConnectorDouble();
  await connector.start();
  let db: Database | undefined;
  let bot: Awaited<ReturnType<typeof startBotProcess>> | undefined;
  let stopped = false;
  try {
    const demo = await cdp(['demo'], { DATABASE_URL: tdb.url });
    if (demo.code !== 0) throw new Error(`cdp demo failed: ${demo.stderr}`);
    db = await openDatabase({ databaseUrl: tdb.url, poolMax: 2 });
    const people = await db.prisma.person.findMany({ orderBy: { email: 'asc' } });
    people.forEach((p, i) => api.addUser({ id: `U0D${String(i).padStart(4, '0')}`, name: p.name, email: p.email }));
    const alex = people.findIndex((p) => p.email === 'alexw@example.com');
    if (alex < 0) throw new Error('demo has no alexw@example.com');
    const slackAlex = `U0D${String(alex).padStart(4, '0')}`;
    connector.addMember({ id: '29:dbdown-alex', aadObjectId: 'dd000000-0000-4000-8000-00000000a1e4', name: 'Alex Wilber', email: 'alexw@example.com' });

    bot = await startBotProcess({ DATABASE_URL: tdb.url, SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: api.token, SLACK_API_URL: api.apiUrl });
    const slack = slackSender(`${bot.base}/slack/events`, SECRET);
    const p = await db.prisma.partnership.findFirstOrThrow();
    const now = Date.now();
    const msg = (i: number, dueInMs: number): NewNotification => ({
      partnershipId: p.id, kind: 'drill', dedupeKey: `dbdown:${i}`, recipient: { kind: 'person', personId: people[i % people.length]!.id },
      message: { summary: `DB drill message ${i}`, blocks: [{ type: 'text', text: `DB drill message ${i}` }] },
      notBefore: new Date(now + dueInMs),
    });
    // 10 due now (sent before the outage), 30 falling due 10 s into it.
    await enqueue(db.prisma, [...Array.from({ length: 10 }, (_, i) => msg(i, 0)), ...Array.from({ length: 30 }, (_, i) => msg(10 + i, 12_000))], new Date(now));
    await waitUntil(async () => (await db!.prisma.notification.count({ where: { state: 'sent' } })) >= 10, 60_000);

    let seq = 0;
    const probe = async (via: 'slack' | 'teams', text: string): Promise<Probe> => {
      const at = Date.now();
      if (via === 'slack') {
        const responseUrl = api.newResponseUrl();
        const id = responseUrl.split('/').pop();
        const r = await slack.command({ team_id: 'T0DBDOWN', user_id: slackAlex, channel_id: 'D0DB', channel_name: 'directmessage', command: '/cdp', text, response_url: responseUrl, trigger_id: `t${++seq}` });
        const reply = await waitUntil(() => api.callsTo('response_url').find((c) => c.args.id === id), 20_000, 50);
        // What the person reads: the fallback text and the blocks' text (the hint is a context block).
        const hint = reply ? JSON.stringify(reply.args.blocks ?? []).match(/[^"]*try again[^"]*/i)?.[0] : undefined;
        const shown = reply ? `${String(reply.args.text)}${hint && !String(reply.args.text).includes(hint) ? ` / ${hint}` : ''}` : '';
        return { at, via, status: r.status, ...(reply ? { reply: shown, replyMs: reply.at - at } : {}) };
      }
      const before = connector.sent.length;
      const activity = {
        channelId: 'msteams', serviceUrl: connector.serviceUrl, type: 'message', id: `dbdown-${++seq}`, text, textFormat: 'plain',
        recipient: { id: '28:bot', name: 'cdp-bot' },
        conversation: { conversationType: 'personal', tenantId: 'dbdown-tenant', id: 'a:dbdown-alex' },
        channelData: { tenant: { id: 'dbdown-tenant' } },
        from: { id: '29:dbdown-alex', name: 'Alex Wilber', aadObjectId: 'dd000000-0000-4000-8000-00000000a1e4' },
      };
      const res = await fetch(`${bot!.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) }).catch(() => undefined);
      const sent = await waitUntil(() => connector.sent.length > before && connector.sent.at(-1), 20_000, 50);
      const body = sent ? (sent.body as Record<string, any>) : undefined;
      const text2 = body ? String(body.text ?? JSON.stringify(body.attachments ?? '')).slice(0, 300) : undefined;
      return { at, via, status: res?.status ?? 0, ...(text2 ? { reply: text2, replyMs: Date.now() - at } : {}) };
    };

    const baseline = await Promise.all([probe('slack', 'show TRS-07'), probe('teams', 'show TRS-07')]);
    const updatesBefore = await db.prisma.statusUpdate.count();

    // Other suites share this server: wait (up to 3 min) for a moment when nobody else is connected.
    const quiet = await waitUntil(async () => (await otherConnections(tdb.name)) === 0, 180_000, 1000);
    log(`  stopping PostgreSQL …${quiet ? '' : ' (other clients are connected: they will see the outage too)'}`);
    cluster('stop');
    stopped = true;
    const downAt = Date.now();
    const during: Probe[] = [];
    const health: string[] = [];
    while (Date.now() - downAt < DOWN_MS) {
      const [s1, t1] = await Promise.all([probe('slack', `update TRS-07 amber db drill note ${during.length}`), probe('teams', 'mine')]);
      during.push(s1, t1);
      const hz = await fetch(`${bot.base}/healthz`).then((r) => r.status).catch(() => 0);
      const rz = await fetch(`${bot.base}/readyz`).then((r) => r.status).catch(() => 0);
      health.push(`${hz}/${rz}`);
      await sleep(3000);
    }
    const aliveDuring = bot.alive();
    log(`  starting PostgreSQL after ${((Date.now() - downAt) / 1000).toFixed(0)} s`);
    cluster('start');
    stopped = false;
    const upAt = Date.now();
    const ready = await waitUntil(async () => (await fetch(`${bot!.base}/readyz`).then((r) => r.status).catch(() => 0)) === 200, 60_000, 200);
    const readyMs = Date.now() - upAt;
    const drained = await waitUntil(async () => (await db!.prisma.notification.count({ where: { state: 'sent' } }).catch(() => 0)) === 40, 120_000, 500);
    const drainMs = Date.now() - upAt;
    const after = await Promise.all([probe('slack', 'update TRS-07 amber after the outage'), probe('teams', 'show TRS-07')]);

    const rows = await db.prisma.notification.findMany({ select: { dedupeKey: true, state: true, attempts: true, lastError: true } });
    const posts = new Map<string, number>();
    for (const c of api.callsTo('chat.postMessage')) posts.set(String(c.args.text), (posts.get(String(c.args.text)) ?? 0) + 1);
    const drillPosts = [...posts.entries()].filter(([t]) => t.startsWith('DB drill message'));
    const updatesAfter = await db.prisma.statusUpdate.findMany({ where: { note: { contains: 'db drill note' } } });

    const findings: string[] = [];
    const tryAgain = (x: Probe) => Boolean(x.reply && /try again/i.test(x.reply));
    const silent = during.filter((x) => !x.reply);
    const unclear = during.filter((x) => x.reply && !tryAgain(x));
    if (silent.length) findings.push(`${silent.length} of ${during.length} commands during the outage got no reply (${[...new Set(silent.map((x) => `${x.via} HTTP ${x.status}`))].join(', ')})`);
    if (unclear.length) findings.push(`${unclear.length} replies during the outage did not say "try again": ${unclear.slice(0, 2).map((x) => `${x.via}: ${x.reply?.slice(0, 120)}`).join(' | ')}`);
    if (!aliveDuring || !bot.alive()) findings.push(`the bot process died: ${JSON.stringify(await bot.exited)}\n${bot.output().slice(-1500)}`);
    if (!ready) findings.push('/readyz did not come back within 60 s of the restart');
    if (!drained) findings.push(`outbox did not resume: ${rows.filter((r) => r.state !== 'sent').length} rows not sent (${rows.find((r) => r.state !== 'sent')?.lastError ?? ''})`);
    if (drillPosts.length !== 40 || drillPosts.some(([, n]) => n !== 1)) findings.push(`${drillPosts.length} of 40 drill messages at Slack, ${drillPosts.filter(([, n]) => n > 1).length} more than once`);
    if (updatesAfter.length) findings.push(`${updatesAfter.length} updates sent during the outage were recorded although the reply said nothing changed`);
    if (after.some((x) => !x.reply || /try again|wrong/i.test(x.reply))) findings.push(`commands after the outage: ${after.map((x) => `${x.via}: ${x.reply?.slice(0, 80)}`).join(' | ')}`);
    if ((await db.prisma.statusUpdate.count()) !== updatesBefore + 1) findings.push('the update after the outage was not recorded once');
    if (!baseline.every((x) => x.reply && !/wrong/i.test(x.reply))) findings.push('baseline commands before the outage failed');
    const slackReplies = during.filter((x) => x.via === 'slack' && x.reply);
    const teamsReplies = during.filter((x) => x.via === 'teams' && x.reply);
    const sample = (xs: Probe[]) => (xs[0]?.reply ?? '—').replace(/\s+/g, ' ').slice(0, 110);
    return {
      drill,
      result: findings.length ? 'FAIL' : 'PASS',
      figures:
        `${during.length} commands in 30 s down: ${during.filter(tryAgain).length} got "try again" (Slack ${slackReplies.length}/${during.length / 2}, max ${Math.max(0, ...slackReplies.map((x) => x.replyMs ?? 0))} ms: "${sample(slackReplies)}"; ` +
        `Teams ${teamsReplies.length}/${during.length / 2}, HTTP ${[...new Set(during.filter((x) => x.via === 'teams').map((x) => x.status))].join('/')}: "${sample(teamsReplies)}"); ` +
        `healthz/readyz while down: ${[...new Set(health)].join(', ')}; ready ${(readyMs / 1000).toFixed(1)} s after restart; 30 messages due during the outage sent ${(drainMs / 1000).toFixed(0)} s after it, each once; process alive throughout: ${aliveDuring && bot.alive()}`,
      findings,
    };
  } finally {
    if (stopped) {
      try {
        cluster('start');
      } catch (e) {
        log(`  !! could not start PostgreSQL again: ${(e as Error).message}`);
      }
      await waitUntil(() => postgresUp(), 30_000, 500);
    }
    if (bot?.alive()) await bot.stop();
    await db?.close().catch(() => {});
    await api.close();
    await connector.stop();
    await tdb.drop().catch(() => {});
  }
}
