// 9. A 20,000-row import while the bot serves requests (issue 11): `node bin/cdp.js start` on
// a new PGlite DATA_DIR with Slack configured against the Web API double, then `cdp import`
// of a 20,000-row XLSX plan (forwarded over the admin socket, so it runs inside the bot), and
// meanwhile GET /healthz and a signed Slack `/cdp mine` (its HTTP 200 is the ack Slack waits
// for), one after another from this process and the platform process. p99 of each during the
// import, against the same with the bot idle. Target: both under 100 ms.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SIGNING_SECRET } from '../test/slack/support/server.js';
import { writeImportFiles } from './import-export.js';
import { startPlatform } from './support/platform-client.js';
import { addRow, ms, percentile, progress } from './support/report.js';
import { cleanEnv, freePort, stop } from './startup.js';

export const LIVE_IMPORT_ROWS = 20_000;

async function waitReady(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const t0 = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bot exited (${child.exitCode}) before /readyz: ${stderr()}`);
    if (performance.now() - t0 > 180_000) throw new Error(`no /readyz 200 within 180 s: ${stderr()}`);
    if (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function healthzTimes(port: number, keepGoing: () => boolean, max = 100_000): Promise<number[]> {
  const times: number[] = [];
  while (keepGoing() && times.length < max) {
    const t = performance.now();
    const r = await fetch(`http://127.0.0.1:${port}/healthz`);
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`/healthz answered ${r.status}`);
    times.push(performance.now() - t);
    await new Promise((r2) => setTimeout(r2, 5));
  }
  return times;
}

export async function benchImportLive(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cdp-bench-live-'));
  const platform = await startPlatform('bench-live@example.com');
  // CDP_BENCH_LIVE_PORT pins the bot's port (a shared machine hands each developer a range).
  const port = Number(process.env.CDP_BENCH_LIVE_PORT) || (await freePort());
  const env = cleanEnv({
    PORT: String(port),
    DATA_DIR: path.join(dir, 'data'),
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: platform.token,
    SLACK_API_URL: platform.slackApiUrl,
  });
  let stderr = '';
  const bot = spawn(process.execPath, ['bin/cdp.js', 'start'], { cwd: process.cwd(), env, stdio: ['ignore', 'ignore', 'pipe'] });
  bot.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  try {
    progress(`  live import: starting the bot, writing a ${LIVE_IMPORT_ROWS.toLocaleString('en-GB')}-row plan`);
    const [files] = await Promise.all([writeImportFiles(dir, LIVE_IMPORT_ROWS), waitReady(port, bot, () => stderr)]);
    const slackUrl = `http://127.0.0.1:${port}/slack/events`;
    const acksWhile = async (keepGoing: () => boolean, max = 100_000) => {
      const acks: number[] = [];
      while (keepGoing() && acks.length < max) acks.push(...(await platform.slack({ url: slackUrl, clients: 1, total: 10, waitAnswer: false })).acks);
      return acks;
    };
    // Idle: the same clients with nothing else going on.
    await acksWhile(() => true, 20); // warm-up (routes, the Slack user's link)
    let idleUntil = performance.now() + 10_000;
    const [idleHealth, idleAcks] = await Promise.all([healthzTimes(port, () => performance.now() < idleUntil), acksWhile(() => performance.now() < idleUntil)]);

    progress('  live import: importing while measuring');
    let importing = true;
    const t0 = performance.now();
    let importOut = '';
    const imp = spawn(process.execPath, ['bin/cdp.js', 'import', files.agencies, files.plan, '--partnership', 'Bench live import'], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    imp.stdout!.on('data', (c: Buffer) => (importOut = (importOut + c.toString()).slice(-2000)));
    imp.stderr!.on('data', (c: Buffer) => (importOut = (importOut + c.toString()).slice(-2000)));
    const exited = new Promise<number>((resolve) => imp.once('exit', (code) => resolve(code ?? 1))).then((code) => {
      importing = false;
      return code;
    });
    const [busyHealth, busyAcks, code] = await Promise.all([healthzTimes(port, () => importing), acksWhile(() => importing), exited]);
    const importMs = performance.now() - t0;
    if (code !== 0) throw new Error(`cdp import exited ${code}: ${importOut}`);
    if (!/20,?000|created/.test(importOut)) progress(`  live import output: ${importOut.slice(0, 300)}`);
    idleUntil = 0;
    const h99 = percentile(busyHealth, 0.99);
    const a99 = percentile(busyAcks, 0.99);
    addRow({
      measure: `11 /healthz during a ${LIVE_IMPORT_ROWS.toLocaleString('en-GB')}-row XLSX import (${busyHealth.length} req)`,
      db: 'pglite',
      value: `p50 ${ms(percentile(busyHealth, 0.5))} p99 ${ms(h99)} max ${ms(Math.max(...busyHealth))}`,
      baseline: `idle p50 ${ms(percentile(idleHealth, 0.5))} p99 ${ms(percentile(idleHealth, 0.99))}`,
      target: 'p99 < 100 ms',
      met: h99 < 100,
      note: `cdp import (forwarded into the running bot) took ${ms(importMs)}`,
    });
    addRow({
      measure: `11 Slack /cdp ack during the same import (${busyAcks.length} req)`,
      db: 'pglite',
      value: `p50 ${ms(percentile(busyAcks, 0.5))} p99 ${ms(a99)} max ${ms(Math.max(...busyAcks))}`,
      baseline: `idle p50 ${ms(percentile(idleAcks, 0.5))} p99 ${ms(percentile(idleAcks, 0.99))}`,
      target: 'p99 < 100 ms',
      met: a99 < 100,
    });
  } finally {
    await stop(bot);
    await platform.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
