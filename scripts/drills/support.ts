// Shared helpers of the slow drills: throw-away PostgreSQL databases, `cdp` child processes
// (run to completion, or a running bot that can be killed with SIGKILL), and the summary table.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PG_ADMIN_URL = process.env.CDP_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface DrillResult {
  drill: string;
  result: 'PASS' | 'FAIL' | 'SKIP';
  figures: string;
  /** Problems found, one line each. */
  findings?: string[];
}

export async function postgresUp(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

export interface ThrowawayDb {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function throwawayDatabase(tag: string): Promise<ThrowawayDb> {
  const name = `cdp_drill_${tag}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  return {
    url,
    name,
    async drop() {
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export interface CdpRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node bin/cdp.js …` to completion. */
export function cdp(
  args: string[],
  env: Record<string, string>,
  opts: { killAfterMs?: number; /** Polled every few ms: SIGKILL as soon as it answers true. */ killWhen?: () => Promise<boolean> } = {},
): Promise<CdpRun & { killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/cdp.js'), ...args], { cwd: ROOT, env: { ...cleanEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const t = opts.killAfterMs !== undefined ? setTimeout(() => { killed = child.kill('SIGKILL'); }, opts.killAfterMs) : undefined;
    let done = false;
    if (opts.killWhen) {
      const poll = async () => {
        while (!done) {
          if (await opts.killWhen!().catch(() => false)) {
            killed = child.kill('SIGKILL');
            return;
          }
          await sleep(2);
        }
      };
      void poll();
    }
    child.on('exit', (code) => {
      done = true;
      if (t) clearTimeout(t);
      resolve({ code, stdout, stderr, killed: killed && code === null });
    });
  });
}

/** The environment of a child `cdp`: ours without any chat or database settings of the caller. */
function cleanEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(SLACK_|MICROSOFT_|DATABASE_URL|DATA_DIR|PORT|HOST|LOG_LEVEL|NODE_ENV)/.test(k)) continue;
    out[k] = v;
  }
  return out;
}

export interface RunningBotProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  base: string;
  output(): string;
  /** Resolves with the exit code/signal when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** `cdp start` as a child process; resolves once it listens. */
export async function startBotProcess(env: Record<string, string>, ceilingMs = 60_000): Promise<RunningBotProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/cdp.js'), 'start'], {
    cwd: ROOT,
    env: { ...cleanEnv(), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let running = true;
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    }),
  );
  const started = Date.now();
  let port = 0;
  while (!port) {
    const m = /listening on http:\/\/(?:\[[^\]]+\]|[^\s:/]+):(\d+)/.exec(out);
    if (m) port = Number(m[1]);
    else if (!running) throw new Error(`cdp start exited before listening:\n${out}`);
    else if (Date.now() - started > ceilingMs) {
      child.kill('SIGKILL');
      throw new Error(`cdp start did not listen within ${ceilingMs} ms:\n${out}`);
    } else await sleep(50);
  }
  return {
    child,
    pid: child.pid!,
    port,
    base: `http://127.0.0.1:${port}`,
    output: () => out,
    exited,
    alive: () => running,
    async kill9() {
      if (running) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (running) child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(t);
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` until it returns a truthy value or the ceiling passes (then returns undefined). */
export async function waitUntil<T>(check: () => Promise<T | undefined | false> | T | undefined | false, ceilingMs: number, everyMs = 250): Promise<T | undefined> {
  const start = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() - start > ceilingMs) return undefined;
    await sleep(everyMs);
  }
}

export function printTable(rows: DrillResult[]): string {
  const head = ['drill', 'result', 'figures'];
  const data = rows.map((r) => [r.drill, r.result, r.figures]);
  const widths = head.map((h, i) => Math.min(i === 2 ? 110 : 60, Math.max(h.length, ...data.map((d) => d[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  const wrap = (text: string, w: number) => {
    const out: string[] = [];
    let cur = '';
    for (const word of text.split(' ')) {
      if ((cur + ' ' + word).trim().length > w && cur) {
        out.push(cur);
        cur = word;
      } else cur = (cur + ' ' + word).trim();
    }
    out.push(cur);
    return out;
  };
  const lines = [line(head), widths.map((w) => '-'.repeat(w)).join('-|-')];
  for (const d of data) {
    const wrapped = d.map((c, i) => wrap(c, widths[i]!));
    const n = Math.max(...wrapped.map((w) => w.length));
    for (let k = 0; k < n; k++) lines.push(line(wrapped.map((w) => w[k] ?? '')));
  }
  const findings = rows.flatMap((r) => (r.findings ?? []).map((f) => `  - [${r.drill}] ${f}`));
  if (findings.length) lines.push('', 'Findings:', ...findings);
  return lines.join('\n');
}
