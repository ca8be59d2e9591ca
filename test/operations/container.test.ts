// No container builder runs in CI here, so the Dockerfile and compose.yaml are checked for what
// would break a build or a deployment: every file they copy exists (or is made by the build),
// every command they run exists, the image runs compiled JavaScript as a non-root user with a
// health check on /healthz, and compose wires the bot to its PostgreSQL with named volumes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
// Instructions with their continuation lines joined.
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string> };

describe('Dockerfile', () => {
  it('copies only files that exist in the repository or that the build stage makes', () => {
    const made = ['dist', 'node_modules'];
    for (const line of instructions.filter((l) => l.startsWith('COPY'))) {
      const args = line.split(/\s+/).slice(1).filter((a) => !a.startsWith('--'));
      const sources = args.slice(0, -1).map((s) => s.replace(/^\/app\//, ''));
      for (const s of sources) {
        const exists = fs.existsSync(path.join(ROOT, s)) || made.includes(s.replace(/\/$/, ''));
        expect(exists, `${line}: ${s}`).toBe(true);
      }
    }
  });

  it('builds with npm ci, whose postinstall compiles to dist/, and keeps production dependencies only', () => {
    const run = instructions.filter((l) => l.startsWith('RUN')).join(' ');
    expect(run).toContain('npm ci');
    expect(pkg.scripts.postinstall).toContain('node scripts/build.mjs');
    expect(run).toContain('test -f dist/src/cli/main.js');
    expect(run).toContain('npm prune --omit=dev');
    // What the runtime needs is a production dependency (npm prune would remove it otherwise).
    for (const dep of ['esbuild', 'tsx', 'prisma', '@prisma/client', 'prom-client']) {
      const inDeps = dep in pkg.dependencies || (dep === 'esbuild' && 'tsx' in pkg.dependencies);
      expect(inDeps, dep).toBe(true);
    }
  });

  it('runs compiled JavaScript as a non-root user, with /data as a volume and a /healthz check', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/\nUSER node\n/);
    expect(runtime).toMatch(/DATA_DIR=\/data/);
    expect(runtime).toMatch(/VOLUME \["\/data"\]/);
    expect(runtime).toMatch(/HEALTHCHECK[\s\S]*\/healthz/);
    // The image runs the bot as `npm start` does: the same node flags (issue 18's memory settings).
    const startFlags = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/).slice(1);
    expect(runtime).toContain(`CMD [${['node', ...startFlags].map((w) => JSON.stringify(w)).join(', ')}]`);
    expect(runtime).toMatch(/ENV MALLOC_ARENA_MAX=2/);
    expect(fs.existsSync(path.join(ROOT, 'bin/cdp.js'))).toBe(true);
  });

  it('the compiled CLI that the image starts answers without TypeScript tooling', () => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--if-stale'], { cwd: ROOT });
    expect(fs.existsSync(path.join(ROOT, 'dist/src/cli/main.js'))).toBe(true);
    const help = execFileSync(process.execPath, [path.join(ROOT, 'bin/cdp.js'), '--help'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDP_RUN_TS: '' } });
    expect(help).toContain('backup');
    expect(help).toContain('start');
  });

  it('the health check command in the image is valid JavaScript', () => {
    const hc = /HEALTHCHECK[^\n]*CMD (\[.*\])/.exec(dockerfile.replace(/\\\n\s*/g, ''))?.[1];
    const argv = JSON.parse(hc!) as string[];
    expect(argv[0]).toBe('node');
    expect(() => new Function(argv[2]!)).not.toThrow();
  });
});

describe('compose.yaml', () => {
  const compose = YAML.parse(fs.readFileSync(path.join(ROOT, 'compose.yaml'), 'utf8')) as {
    services: Record<string, { build?: string; image?: string; environment?: Record<string, string>; depends_on?: Record<string, { condition: string }>; volumes?: string[]; healthcheck?: unknown }>;
    volumes: Record<string, unknown>;
  };

  it('runs the bot built from this Dockerfile against its PostgreSQL, started once healthy', () => {
    const bot = compose.services.bot!;
    expect(bot.build).toBe('.');
    expect(bot.depends_on?.db?.condition).toBe('service_healthy');
    expect(compose.services.db!.image).toMatch(/^postgres:/);
    expect(compose.services.db!.healthcheck).toBeDefined();
    expect(bot.environment!.DATABASE_URL).toMatch(/^postgres:\/\/cdp:.*@db:5432\/cdp$/);
  });

  it('keeps data in named volumes', () => {
    for (const svc of Object.values(compose.services)) {
      for (const v of svc.volumes ?? []) expect(Object.keys(compose.volumes)).toContain(v.split(':')[0]);
    }
  });

  it('passes every variable the bot reads for Slack, Teams, email and metrics', () => {
    const config = fs.readFileSync(path.join(ROOT, 'src/config/config.ts'), 'utf8');
    const read = [...config.matchAll(/^\s{2}([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]!);
    const passed = Object.keys(compose.services.bot!.environment!);
    const notNeeded = new Set(['NODE_ENV', 'DATA_DIR', 'SLACK_API_URL']);
    for (const v of read.filter((x) => !notNeeded.has(x))) expect(passed, v).toContain(v);
  });
});
