// 7. Start-up: spawn what `npm start` runs (`node <its flags> bin/cdp.js start`) (local mode, LOG_LEVEL=error) and time until
// GET /readyz answers 200; then idle RSS 3 s later (from /proc/<pid>/status, Linux).
// PGlite: a new temp DATA_DIR (cold: migrations + the demo plan load), then the same dir again
// (warm). PostgreSQL: a new empty database (cold: migrations), then again (warm).
// Baseline: a bare `node -e` HTTP server answering /readyz, started the same way.
import { spawn, type ChildProcess } from 'node:child_process';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createPgDatabase, dropPgDatabase } from './support/db.js';
import { addRow, median, ms, progress, type DbKind } from './support/report.js';


export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function rssMb(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(t);
}

interface StartFigure {
  readyMs: number;
  rssMb: number;
}

/** Spawns, waits for /readyz 200, measures RSS after `idleMs`, stops it. */
async function timeStart(args: string[], env: NodeJS.ProcessEnv, port: number, idleMs = 3000): Promise<StartFigure> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: process.cwd(), env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before /readyz: ${stderr}`);
      if (performance.now() - t0 > 120_000) throw new Error(`no /readyz 200 within 120 s: ${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const readyMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, idleMs));
    return { readyMs, rssMb: await rssMb(child.pid!) };
  } finally {
    await stop(child);
  }
}

export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(SLACK_|MICROSOFT_|DATABASE_URL$|DATA_DIR$|PORT$|NODE_ENV$|CDP_)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, LOG_LEVEL: 'error', HOST: '127.0.0.1', ...extra };
}

const BARE = `require('http').createServer((q, s) => { s.end('ok'); }).listen(Number(process.env.PORT), '127.0.0.1');`;

/** The node flags `npm start` runs the bot with (package.json's start script), so this measures what users run. */
export function npmStartArgs(): string[] {
  const pkg = JSON.parse(fsSync.readFileSync('package.json', 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`package.json's start script does not start with node: ${pkg.scripts.start}`);
  return words.slice(1);
}

/** Issue 18: idle RSS ≤ 150 MB on PostgreSQL, ≤ 250 MB embedded, cold and warm; cold start ≤ 2 s on PostgreSQL. */
const RSS_TARGET: Record<DbKind, number> = { postgres: 150, pglite: 250 };

export async function benchStartup(kinds: DbKind[]): Promise<void> {
  const bare: StartFigure[] = [];
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    bare.push(await timeStart(['-e', BARE], cleanEnv({ PORT: String(port) }), port, 1000));
  }
  const bareLine = `bare node HTTP ${ms(median(bare.map((b) => b.readyMs)))}, ${median(bare.map((b) => b.rssMb)).toFixed(0)} MB`;
  const args = npmStartArgs();
  // As `npm start` runs it, and as the Docker image runs it (its ENV adds MALLOC_ARENA_MAX=2).
  const settings: { label: string; extra: Record<string, string> }[] = [
    { label: 'npm start', extra: {} },
    { label: 'Docker image env (MALLOC_ARENA_MAX=2)', extra: { MALLOC_ARENA_MAX: '2' } },
  ];
  for (const kind of kinds) {
    for (const setting of settings) {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cdp-bench-start-'));
      const pgdb = kind === 'postgres' ? await createPgDatabase() : undefined;
      try {
        const env = (port: number) => cleanEnv({ PORT: String(port), DATA_DIR: dir, ...(pgdb ? { DATABASE_URL: pgdb.url } : {}), ...setting.extra });
        const runs: { label: string; f: StartFigure }[] = [];
        for (const label of ['cold', 'warm', 'warm']) {
          const port = await freePort();
          progress(`  start-up on ${kind} (${label}, ${setting.label})`);
          runs.push({ label, f: await timeStart(args, env(port), port) });
        }
        const cold = runs[0]!.f;
        const warm = runs.slice(1).map((r) => r.f);
        const maxRss = Math.max(...runs.map((r) => r.f.rssMb));
        const how = `node ${args.join(' ')}${Object.keys(setting.extra).length ? `, ${setting.label}` : ''}`;
        addRow({
          measure: `7 Start-up to /readyz 200 (${setting.label})`,
          db: kind,
          value: `cold ${ms(cold.readyMs)}, warm ${ms(median(warm.map((w) => w.readyMs)))}`,
          baseline: bareLine,
          target: kind === 'postgres' ? 'cold ≤ 2 s' : '',
          met: kind === 'postgres' ? cold.readyMs <= 2000 : null,
          note:
            (kind === 'pglite'
              ? 'cold = empty DATA_DIR: initdb, migrations and the demo plan load (in a child process); warm = the same DATA_DIR again'
              : 'cold = empty database: migrations (no demo on PostgreSQL); warm = the same database again') + `; ${how}`,
        });
        addRow({
          measure: `7 Idle RSS 3 s after ready (${setting.label})`,
          db: kind,
          value: `cold ${cold.rssMb.toFixed(0)} MB, warm ${median(warm.map((w) => w.rssMb)).toFixed(0)} MB`,
          baseline: bareLine,
          target: `≤ ${RSS_TARGET[kind]} MB cold and warm`,
          met: maxRss <= RSS_TARGET[kind],
        });
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
        if (pgdb) await dropPgDatabase(pgdb.name);
      }
    }
  }
}
