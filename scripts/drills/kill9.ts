// Drill: kill -9 of the real process.
// (1) in the middle of an outbox send: `cdp start` on PostgreSQL sends ~300 DMs through the Slack
//     double behind a proxy that answers chat.postMessage 2 s after Slack accepted it (so sends
//     are in flight); SIGKILL twice, restart each time; then every message must be delivered
//     exactly once: the messages in flight at a kill are found with conversations.history (their
//     metadata carries the dedupe key) and not posted again; the restarted bot takes the killed
//     one's rows over at once, not after the 5-minute lease. Then the same on Teams
//     (kill9-teams.ts): none lost, at most one duplicate per message in flight.
// (2) in the middle of a reminder run: `cdp run reminders` over a register with 1,500 extra
//     people (two enqueue statements) killed at several points; then a full run: every batch
//     enqueued exactly once, nothing lost.
import { openDatabase, type Database } from '../../src/db/client.js';
import { enqueue, type NewNotification } from '../../src/outbox/enqueue.js';
import { startSlackApiDouble } from '../../test/doubles/slack-api.js';
import { startChaosProxy } from '../../test/drills/support/chaos-slack.js';
import { killDuringTeamsSend } from './kill9-teams.js';
import { cdp, sleep, startBotProcess, throwawayDatabase, waitUntil, type DrillResult } from './support.js';

const MONDAY = '2026-11-23'; // `--at` date of the reminder runs: a working Monday
const SIGNING_SECRET = 'kill9-drill-secret';

async function loadDemo(url: string): Promise<void> {
  const r = await cdp(['demo'], { DATABASE_URL: url });
  if (r.code !== 0) throw new Error(`cdp demo failed: ${r.stderr || r.stdout}`);
}

/** Both platforms: Slack (exactly once) and Teams (none lost, at most one duplicate in flight). */
export async function killDuringSend(log: (s: string) => void): Promise<DrillResult[]> {
  const slack = await killDuringSlackSend(log);
  return [slack, await killDuringTeamsSend(log)];
}

export async function killDuringSlackSend(log: (s: string) => void): Promise<DrillResult> {
  const drill = 'kill -9 during Slack outbox send';
  const tdb = await throwawayDatabase('kill9send');
  let db: Database | undefined;
  const api = await startSlackApiDouble({ teamId: 'T0KILL9' });
  const chaos = await startChaosProxy(api, { delayMs: 2000, methods: ['chat.postMessage'] });
  let bot: Awaited<ReturnType<typeof startBotProcess>> | undefined;
  try {
    await loadDemo(tdb.url);
    db = await openDatabase({ databaseUrl: tdb.url, poolMax: 3 });
    const p = await db.prisma.partnership.findFirstOrThrow();
    // 120 extra people with 2 messages each, plus the demo's own Monday reminders.
    const extra: NewNotification[] = [];
    for (let i = 0; i < 120; i++) {
      const person = await db.prisma.person.create({ data: { partnershipId: p.id, name: `Drill Person ${i}`, email: `drill${i}@kill9.example` } });
      for (let k = 1; k <= 2; k++) {
        extra.push({
          partnershipId: p.id, kind: 'drill', dedupeKey: `kill9:${i}:${k}`, recipient: { kind: 'person', personId: person.id },
          message: { summary: `Drill message ${i}.${k}`, blocks: [{ type: 'text', text: `Drill message ${i}.${k}` }] },
        });
      }
    }
    await enqueue(db.prisma, extra, new Date());
    const env = { DATABASE_URL: tdb.url, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: api.token, SLACK_API_URL: chaos.apiUrl };
    const run = await cdp(['run', 'reminders', '--at', MONDAY], env);
    if (run.code !== 0) throw new Error(`cdp run reminders failed: ${run.stderr}`);
    // The batches are due at Monday 09:30 (`--at`); it is earlier than that here: make them due now.
    await db.prisma.notification.updateMany({ where: { kind: 'nudges' }, data: { nextAttemptAt: new Date() } });
    const people = await db.prisma.person.findMany({ where: { partnershipId: p.id } });
    people.forEach((x, i) => api.addUser({ id: `U0K${String(i).padStart(4, '0')}`, name: x.name, email: x.email }));
    const total = await db.prisma.notification.count();
    log(`  ${total} messages queued (${extra.length} drill DMs + ${total - extra.length} Monday reminder batches)`);

    const channelOf = new Map(people.map((x, i) => [x.id, `D0K${String(i).padStart(4, '0')}`]));
    const decode = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const posted = () => {
      const m = new Map<string, number>();
      for (const [k, n] of chaos.postsPerMessage()) m.set(decode(k), n);
      return m;
    };
    const rowsNow = () => db!.prisma.notification.findMany({ select: { state: true, dedupeKey: true, personId: true, payload: true, attempts: true } });
    const keyOf = (r: { personId: string | null; payload: unknown }) => `${channelOf.get(r.personId ?? '')}|${(r.payload as { message?: { summary?: string } }).message?.summary ?? ''}`;

    const inFlight = new Set<string>();
    const perKill: number[] = [];
    for (let k = 0; k < 2; k++) {
      bot = await startBotProcess(env);
      const base = api.callsTo('chat.postMessage').length;
      await waitUntil(() => api.callsTo('chat.postMessage').length >= base + 40, 120_000, 20);
      await bot.kill9();
      await sleep(2500); // calls already at the double finish there; their answers go nowhere
      const rows = await rowsNow();
      const p2 = posted();
      const unrecorded = rows.filter((r) => r.state !== 'sent' && p2.has(keyOf(r))).map(keyOf);
      const fresh = unrecorded.filter((x) => !inFlight.has(x));
      fresh.forEach((x) => inFlight.add(x));
      perKill.push(fresh.length);
      log(`  kill -9 #${k + 1}: ${p2.size} messages accepted by Slack so far, ${rows.filter((r) => r.state === 'sent').length} rows recorded sent; ${fresh.length} accepted but unrecorded (in flight)`);
    }
    const restartedAt = Date.now();
    bot = await startBotProcess(env);
    // The killed process's in-flight rows: looked up and recorded at start, not after the 5-minute lease.
    const unsettled = (await rowsNow()).filter((r) => r.state !== 'sent' && inFlight.has(keyOf(r))).map((r) => r.dedupeKey);
    await waitUntil(async () => (await db!.prisma.notification.count({ where: { dedupeKey: { in: unsettled }, state: 'pending' } })) === 0, 9 * 60_000, 250);
    const reconciledMs = Date.now() - restartedAt;
    const drained = await waitUntil(async () => (await db!.prisma.notification.count({ where: { state: 'pending' } })) === 0, 9 * 60_000, 500);
    const drainMs = Date.now() - restartedAt;
    await bot.stop();
    const exit = await bot.exited;

    const rows = await rowsNow();
    const posts = posted();
    const notSent = rows.filter((r) => r.state !== 'sent');
    const missing = rows.filter((r) => !posts.has(keyOf(r)));
    const dupKeys = [...posts.entries()].filter(([, n]) => n > 1).map(([k]) => k);
    const dupOutsideFlight = dupKeys.filter((k) => !inFlight.has(k));
    const maxPerKey = Math.max(...posts.values());
    const findings: string[] = [];
    if (notSent.length) findings.push(`${notSent.length} rows not sent after the restart: ${notSent.slice(0, 3).map((r) => `${r.dedupeKey}=${r.state}`).join(', ')}`);
    if (missing.length) findings.push(`${missing.length} messages never reached Slack: ${missing.slice(0, 3).map((r) => r.dedupeKey).join(', ')}`);
    if (dupKeys.length) findings.push(`${dupKeys.length} messages posted twice on Slack (${dupOutsideFlight.length} of them not in flight at a kill): ${dupKeys.slice(0, 3).join(', ')}`);
    if (reconciledMs > 120_000) findings.push(`the restarted bot took ${(reconciledMs / 1000).toFixed(0)} s to settle the killed process's in-flight rows: they waited for their lease`);
    if (!drained) findings.push('outbox did not drain within 9 minutes of the restart');
    if (exit.code !== 0) findings.push(`SIGTERM exit code ${exit.code} (signal ${exit.signal})`);
    return {
      drill,
      result: findings.length ? 'FAIL' : 'PASS',
      figures:
        `${rows.length} messages, 2 kills; in flight at the kills: ${perKill.join(' + ')}; delivered ${rows.length - missing.length}/${rows.length}; ` +
        `lost: ${missing.length}; duplicate Slack messages: ${dupKeys.length} (at most ${maxPerKey} per dedupe key; the ${perKill.reduce((a, b) => a + b, 0)} in flight were found with conversations.history, not resent); ` +
        `after the last restart the ${unsettled.length} rows in flight at the kill were settled in ${(reconciledMs / 1000).toFixed(0)} s (taken over at start, not after the 5-min lease) and the outbox drained in ${(drainMs / 1000).toFixed(0)} s; SIGTERM exit ${exit.code}`,
      findings,
    };
  } finally {
    if (bot?.alive()) await bot.kill9();
    await db?.close();
    await chaos.close();
    await api.close();
    await tdb.drop();
  }
}

export async function killDuringReminderRun(log: (s: string) => void): Promise<DrillResult> {
  const drill = 'kill -9 during reminder run';
  const tdb = await throwawayDatabase('kill9run');
  let db: Database | undefined;
  try {
    await loadDemo(tdb.url);
    db = await openDatabase({ databaseUrl: tdb.url, poolMax: 3 });
    const p = await db.prisma.partnership.findFirstOrThrow();
    const objective = await db.prisma.objective.findFirstOrThrow({ where: { partnershipId: p.id } });
    const N = 1500;
    // One agency, one person and one action per extra lead; every action fell due on Friday 20 Nov,
    // so each lead gets an overdue nudge on Monday: N more batches, two enqueue statements.
    await db.withSession(async (sql) => {
      await sql.exec(`
        insert into "Agency" (id, "partnershipId", name) select 'dag-' || g, '${p.id}', 'Drill agency ' || g from generate_series(1, ${N}) g;
        insert into "Person" (id, "partnershipId", name, email, "updatedAt") select 'dpe-' || g, '${p.id}', 'Drill lead ' || g, 'lead' || g || '@kill9.example', now() from generate_series(1, ${N}) g;
        insert into "PersonAgency" ("personId", "agencyId") select 'dpe-' || g, 'dag-' || g from generate_series(1, ${N}) g;
        insert into "Action" (id, "partnershipId", ref, title, "objectiveId", "leadAgencyId", "dueDate", status, "statusSince", "lastUpdateAt", "createdAt", "updatedAt")
          select 'dac-' || g, '${p.id}', 'DRL-' || lpad(g::text, 4, '0'), 'Drill action ' || g, '${objective.id}', 'dag-' || g, date '2026-11-20', 'on_track',
                 timestamp '2026-10-01 10:00', timestamp '2026-11-02 10:00', timestamp '2026-01-05 10:00', now()
          from generate_series(1, ${N}) g;`);
    });
    // Chat credentials set: `cdp run` leaves the rows in the outbox for the bot (none is running here).
    const env = { DATABASE_URL: tdb.url, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-kill9-drill' };
    const t0 = Date.now();
    const dry = await cdp(['run', 'reminders', '--at', MONDAY, '--dry-run'], env);
    const dryMs = Date.now() - t0;
    const t1 = Date.now();
    const expected = await cdp(['run', 'reminders', '--at', MONDAY, '--dry-run'], env);
    void expected;
    const dryMs2 = Date.now() - t1;
    if (dry.code !== 0) throw new Error(`dry run failed: ${dry.stderr}`);
    // The real run once, to know the full set of keys; then cleared for the kill rounds.
    const t2 = Date.now();
    const full = await cdp(['run', 'reminders', '--at', MONDAY], env);
    const fullMs = Date.now() - t2;
    const fullKeys = new Set((await db.prisma.notification.findMany({ select: { dedupeKey: true } })).map((r) => r.dedupeKey));
    log(`  full run: ${fullKeys.size} batches enqueued (${full.code === 0 ? 'ok' : `exit ${full.code}`}); dry runs took ${dryMs}/${dryMs2} ms, the real run ${fullMs} ms (wall, with start-up)`);
    const T = fullMs;
    // Kill points spread over the end of the run, where planning ends and the enqueue happens.
    const from = Math.min(dryMs, dryMs2) - 300;
    const points = Array.from({ length: 5 }, (_, i) => Math.round(from + ((fullMs + 100 - from) * i) / 4));
    const counts: string[] = [];
    let partial = 0;
    for (const at of points) {
      await db.prisma.notification.deleteMany();
      const r = await cdp(['run', 'reminders', '--at', MONDAY], { ...env }, { killAfterMs: at });
      const n = await db.prisma.notification.count();
      if (n > 0 && n < fullKeys.size) partial++;
      counts.push(`${r.killed ? 'killed' : 'finished'}@${at}ms→${n}`);
      // Then the re-run (the scheduler re-runs a stale claim the same way): completes the set.
      const again = await cdp(['run', 'reminders', '--at', MONDAY], env);
      if (again.code !== 0) throw new Error(`re-run failed: ${again.stderr}`);
      const keys = (await db.prisma.notification.findMany({ select: { dedupeKey: true } })).map((x) => x.dedupeKey);
      const missing = [...fullKeys].filter((k) => !keys.includes(k));
      if (keys.length !== fullKeys.size || missing.length) {
        return { drill, result: 'FAIL', figures: counts.join(', '), findings: [`after a kill at ${at} ms and a re-run: ${keys.length} rows, ${missing.length} of ${fullKeys.size} keys missing`] };
      }
    }
    // And killed the moment the first enqueue statement has committed (rows visible, run not finished).
    for (let i = 0; i < 3; i++) {
      await db.prisma.notification.deleteMany();
      const r = await cdp(['run', 'reminders', '--at', MONDAY], env, { killWhen: async () => (await db!.prisma.notification.count()) > 0 });
      const n = await db.prisma.notification.count();
      if (n > 0 && n < fullKeys.size) partial++;
      counts.push(`${r.killed ? 'killed' : 'finished'} on first rows→${n}`);
      const again = await cdp(['run', 'reminders', '--at', MONDAY], env);
      const keys = new Set((await db.prisma.notification.findMany({ select: { dedupeKey: true } })).map((x) => x.dedupeKey));
      const enq = /(\d+) message\(s\) queued/.exec(again.stdout)?.[1];
      if (keys.size !== fullKeys.size || [...fullKeys].some((k) => !keys.has(k))) {
        return { drill, result: 'FAIL', figures: counts.join(', '), findings: [`after a kill with ${n} rows and a re-run: ${keys.size} of ${fullKeys.size} keys`] };
      }
      counts[counts.length - 1] += `, re-run queued ${enq ?? '?'}`;
    }
    const third = await cdp(['run', 'reminders', '--at', MONDAY], env);
    const nothingNew = /0 message|nothing|already/i.test(third.stdout) || (await db.prisma.notification.count()) === fullKeys.size;
    return {
      drill,
      result: nothingNew ? 'PASS' : 'FAIL',
      figures: `${fullKeys.size} batches per run; rows left by a kill at t (run ≈ ${T} ms incl. start-up): ${counts.join(', ')}; ${partial} kill(s) left a partial enqueue; every re-run completed the set exactly (no key twice, none missing)`,
      findings: nothingNew ? [] : ['a run after a complete run enqueued more rows'],
    };
  } finally {
    await db?.close();
    await tdb.drop();
  }
}
