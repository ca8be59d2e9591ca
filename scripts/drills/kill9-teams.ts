// Drill: kill -9 of `cdp start` while it sends Teams messages (local mode: no credentials, the
// connector double on 127.0.0.1 behind a proxy that answers a posted activity 2 s after the
// connector accepted it, so sends are in flight at the kill). SIGKILL twice, restart, drain.
// Teams cannot be asked whether a message arrived, so the bound is: none lost, and a message
// posted twice only if it was in flight at a kill (at most one duplicate each).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase, type Database } from '../../src/db/client.js';
import { enqueue, type NewNotification } from '../../src/outbox/enqueue.js';
import { BotConnectorDouble } from '../../test/doubles/bot-connector.js';
import { cdp, sleep, startBotProcess, throwawayDatabase, waitUntil, type DrillResult } from './support.js';

/** Forwards to the connector; answers a posted activity only `delayMs` after the connector took it. */
async function startDelayProxy(target: string, delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      let status = 502;
      let text = '';
      try {
        const fwd = await fetch(`${target}${req.url}`, {
          method: req.method ?? 'GET',
          headers: { 'content-type': 'application/json' },
          ...(chunks.length ? { body: new Uint8Array(Buffer.concat(chunks)) } : {}),
        });
        status = fwd.status;
        text = await fwd.text();
      } catch {
        /* the connector is gone */
      }
      if (req.method === 'POST' && /\/activities/.test(req.url ?? '')) await sleep(delayMs);
      if (!res.destroyed) res.writeHead(status, { 'content-type': 'application/json' }).end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export async function killDuringTeamsSend(log: (s: string) => void): Promise<DrillResult> {
  const drill = 'kill -9 during Teams outbox send';
  const tdb = await throwawayDatabase('kill9teams');
  let db: Database | undefined;
  const connector = new BotConnectorDouble();
  await connector.start();
  const proxy = await startDelayProxy(connector.url, 2000);
  let bot: Awaited<ReturnType<typeof startBotProcess>> | undefined;
  try {
    const demo = await cdp(['demo'], { DATABASE_URL: tdb.url });
    if (demo.code !== 0) throw new Error(`cdp demo failed: ${demo.stderr || demo.stdout}`);
    db = await openDatabase({ databaseUrl: tdb.url, poolMax: 3 });
    const p = await db.prisma.partnership.findFirstOrThrow();
    const rows: NewNotification[] = [];
    for (let i = 0; i < 60; i++) {
      const person = await db.prisma.person.create({ data: { partnershipId: p.id, name: `Teams Drill ${i}`, email: `teams${i}@kill9.example` } });
      const conversation = `a:kill9-teams-${i}`;
      await db.prisma.conversation.create({
        data: {
          partnershipId: p.id, platform: 'teams', kind: 'person', personId: person.id, externalId: conversation,
          reference: {
            channelId: 'msteams', serviceUrl: `${proxy.url}/`, locale: 'en-GB',
            conversation: { id: conversation, conversationType: 'personal', tenantId: 'kill9-tenant' },
            user: { id: `29:kill9-${i}`, name: person.name }, agent: { id: '28:kill9-bot', name: 'cdp-bot' },
          },
        },
      });
      for (let k = 1; k <= 2; k++) {
        rows.push({
          partnershipId: p.id, kind: 'drill', dedupeKey: `kill9-teams:${i}:${k}`, recipient: { kind: 'person', personId: person.id },
          message: { summary: `Teams drill message ${i}.${k}`, blocks: [{ type: 'text', text: `Teams drill message ${i}.${k}` }] },
        });
      }
    }
    await enqueue(db.prisma, rows, new Date());
    log(`  ${rows.length} Teams messages queued (60 people, 2 each); bot in local mode (no credentials), connector on 127.0.0.1`);

    // Local mode: no chat credentials at all, so Teams sends anonymously to the loopback connector.
    const env = { DATABASE_URL: tdb.url };
    const posted = () => {
      const m = new Map<string, number>();
      for (const c of connector.sent) {
        const hit = /Teams drill message (\d+\.\d+)/.exec(JSON.stringify(c.body ?? {}));
        if (hit) m.set(hit[1]!, (m.get(hit[1]!) ?? 0) + 1);
      }
      return m;
    };
    const keyOf = (dedupeKey: string) => dedupeKey.replace('kill9-teams:', '').replace(':', '.');
    /** How many kills each message was in flight at (at the connector, not recorded sent). */
    const inFlight = new Map<string, number>();
    const perKill: number[] = [];
    for (let k = 0; k < 2; k++) {
      bot = await startBotProcess(env);
      const base = connector.sent.length;
      await waitUntil(() => connector.sent.length >= base + 20, 120_000, 20);
      await bot.kill9();
      await sleep(2500);
      const now = await db.prisma.notification.findMany({ where: { kind: 'drill' }, select: { state: true, dedupeKey: true } });
      const got = posted();
      // In flight at this kill: posted (again) since the last kill and not recorded sent.
      const flying = now.filter((r) => r.state !== 'sent' && (got.get(keyOf(r.dedupeKey)) ?? 0) > (inFlight.get(keyOf(r.dedupeKey)) ?? 0)).map((r) => keyOf(r.dedupeKey));
      flying.forEach((x) => inFlight.set(x, (inFlight.get(x) ?? 0) + 1));
      perKill.push(flying.length);
      log(`  kill -9 #${k + 1}: ${got.size} messages at the connector, ${now.filter((r) => r.state === 'sent').length} rows recorded sent; ${flying.length} accepted but unrecorded (in flight)`);
    }
    const restartedAt = Date.now();
    bot = await startBotProcess(env);
    const drained = await waitUntil(async () => (await db!.prisma.notification.count({ where: { kind: 'drill', state: 'pending' } })) === 0, 5 * 60_000, 500);
    const drainMs = Date.now() - restartedAt;
    const stuck = drained ? [] : await db.prisma.notification.findMany({ where: { kind: 'drill', state: 'pending' }, select: { dedupeKey: true, attempts: true, nextAttemptAt: true, lastError: true, claimedBy: true, sendingAt: true }, take: 3 });
    await bot.stop();
    const exit = await bot.exited;
    if (!drained) log(`  not drained; e.g. ${JSON.stringify(stuck)}\n  bot output (last 3,000 characters):\n${bot.output().slice(-3000)}`);

    const final = await db.prisma.notification.findMany({ where: { kind: 'drill' }, select: { state: true, dedupeKey: true } });
    const got = posted();
    const lost = final.filter((r) => !got.has(keyOf(r.dedupeKey)));
    const notSent = final.filter((r) => r.state !== 'sent');
    const dups = [...got.entries()].filter(([, n]) => n > 1);
    // The bound: one extra copy per kill the message was in flight at.
    const overBound = dups.filter(([k, n]) => n > 1 + (inFlight.get(k) ?? 0));
    const maxPer = Math.max(...got.values());
    const findings: string[] = [];
    if (lost.length) findings.push(`${lost.length} Teams messages never reached the connector: ${lost.slice(0, 3).map((r) => r.dedupeKey).join(', ')}`);
    if (notSent.length) findings.push(`${notSent.length} rows not sent after the restart`);
    if (overBound.length) findings.push(`${overBound.length} Teams messages posted more often than once plus once per kill they were in flight at: ${overBound.slice(0, 3).map(([k, n]) => `${k}×${n}`).join(', ')}`);
    if (!drained) findings.push('the outbox did not drain within 5 minutes of the restart');
    if (exit.code !== 0) findings.push(`SIGTERM exit code ${exit.code} (signal ${exit.signal})`);
    return {
      drill,
      result: findings.length ? 'FAIL' : 'PASS',
      figures:
        `${final.length} Teams messages, 2 kills; in flight at the kills: ${perKill.join(' + ')}; lost: ${lost.length}; delivered ${final.length - lost.length}/${final.length}; ` +
        `posted more than once: ${dups.length}, at most ${maxPer} times (within the bound of one duplicate per kill in flight: ${overBound.length === 0 ? 'yes' : 'NO'}; Teams cannot be asked), ` +
        `drained ${(drainMs / 1000).toFixed(0)} s after the restart; SIGTERM exit ${exit.code}`,
      findings,
    };
  } finally {
    if (bot?.alive()) await bot.kill9();
    await db?.close();
    await proxy.close();
    await connector.stop();
    await tdb.drop();
  }
}
