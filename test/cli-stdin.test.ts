// The CLI beside a running bot (`cdp start` holding an embedded database), with stdin left open
// the way a script or cron job leaves it: verbs other than `chat` never read stdin, so they
// answer at once; `chat` still reads its commands from a pipe. And `cdp start` on a busy port
// says which process holds it, before touching the data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const CDP = path.join(ROOT, 'bin/cdp.js');
let dataDir: string;
let bot: ChildProcess;
let botOut = '';

function envFor(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extra };
  for (const k of ['DATABASE_URL', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'MICROSOFT_APP_ID', 'MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID']) delete env[k];
  return env;
}

/** Runs `cdp …` with stdin piped and never closed; resolves with its output and how long it took. */
function cdpOpenStdin(args: string[], stdinText?: string, timeoutMs = 60_000): Promise<{ code: number | null; out: string; err: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CDP, ...args], { cwd: ROOT, env: envFor(), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    if (stdinText !== undefined) child.stdin!.end(stdinText); // chat: a script piped in
    // Otherwise stdin stays open, like `sleep 20 | cdp run reminders`.
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      child.stdin!.destroy();
      resolve({ code, out, err, ms: Date.now() - started });
    });
  });
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-stdin-'));
  bot = spawn(process.execPath, [CDP, 'start'], { cwd: ROOT, env: envFor(), stdio: ['ignore', 'pipe', 'pipe'] });
  bot.stdout!.on('data', (d) => (botOut += d));
  bot.stderr!.on('data', (d) => (botOut += d));
  const deadline = Date.now() + 120_000;
  while (!/listening on http/.test(botOut)) {
    if (Date.now() > deadline || bot.exitCode !== null) throw new Error(`the bot did not start:\n${botOut}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}, 130_000);

afterAll(async () => {
  if (bot && bot.exitCode === null) {
    bot.kill('SIGTERM');
    await new Promise((r) => bot.once('exit', r));
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the CLI with an open stdin beside a running bot', () => {
  it('`run reminders` answers at once, in local time, though stdin never closes', async () => {
    const r = await cdpOpenStdin(['run', 'reminders', '--at', '2026-11-23T09:30', '--dry-run'], undefined, 30_000);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('reminders at Mon 23 Nov 2026, 09:30 Europe/London (dry run');
    expect(r.ms).toBeLessThan(20_000);
  }, 40_000);

  it('`settings show` does not wait for stdin either', async () => {
    const r = await cdpOpenStdin(['settings', 'show'], undefined, 30_000);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/escalateSroDays/);
  }, 40_000);

  it('`chat` still reads its commands from a pipe, with --at read as local time', async () => {
    const r = await cdpOpenStdin(['chat', '--as', 'alexw@example.com', '--at', '2026-11-23T10:00'], 'help redate\n', 30_000);
    expect(r.code, r.err).toBe(0);
    // The example date is valid on the day shown: the end of the month after next.
    expect(r.out).toContain('redate TRS-07 31/01/2027 funding confirmed late');
  }, 40_000);

  it('`start` on a busy port names the process and leaves the data directory alone', async () => {
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
    const port = (holder.address() as net.AddressInfo).port;
    const fresh = path.join(dataDir, 'never-created');
    const r = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(process.execPath, [CDP, 'start'], { cwd: ROOT, env: { ...envFor({ PORT: String(port), DATA_DIR: fresh }) }, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr!.on('data', (d) => (err += d));
      child.stdout!.on('data', (d) => (err += d));
      child.on('exit', (code) => resolve({ code, err }));
    });
    holder.close();
    expect(r.code).toBe(1);
    expect(r.err).toContain(`Port ${port} on 127.0.0.1 is already in use by pid ${process.pid}`);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    expect(fs.existsSync(fresh)).toBe(false);
  }, 60_000);
});
