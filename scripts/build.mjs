#!/usr/bin/env node
// Compiles the bot to plain JavaScript in dist/ (same layout as the sources), so `cdp start`
// runs without a TypeScript compiler in the process. esbuild transpiles file by file (no
// bundling, no type check: `npm run typecheck` does that) in about a second.
// Usage: node scripts/build.mjs [--if-stale]   (--if-stale: only when a source is newer than dist)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.build-stamp');
const SOURCE_DIRS = ['src', 'adapters'];

function sourceFiles() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mjs|js)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  for (const d of SOURCE_DIRS) if (fs.existsSync(path.join(ROOT, d))) walk(path.join(ROOT, d));
  return out;
}

/**
 * True when dist is missing or older than any source file (or the build script itself). An
 * install without sources (the container image ships dist/ only) is never stale.
 */
export function isStale(files = sourceFiles()) {
  if (!fs.existsSync(path.join(ROOT, 'src'))) return !fs.existsSync(STAMP);
  let stamp;
  try {
    stamp = fs.statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  const self = fs.statSync(fileURLToPath(import.meta.url)).mtimeMs;
  if (self > stamp) return true;
  return files.some((f) => fs.statSync(f).mtimeMs > stamp);
}

export async function build({ quiet = false } = {}) {
  const started = Date.now();
  const { build: esbuild } = await import('esbuild');
  const files = sourceFiles();
  const ts = files.filter((f) => f.endsWith('.ts'));
  // Built beside dist/ and swapped in, so a bot running from dist/ never sees a half-written tree.
  const tmp = `${DIST}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  await esbuild({
    entryPoints: ts,
    outdir: tmp,
    outbase: ROOT,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  // Plain JavaScript files (the PGlite worker) are copied as they are.
  for (const f of files.filter((x) => !x.endsWith('.ts'))) {
    const to = path.join(tmp, path.relative(ROOT, f));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(f, to);
  }
  // Code that finds prisma/ (migrations, seed files) relative to its own file finds it from dist/ too.
  const link = path.join(tmp, 'prisma');
  try {
    fs.symlinkSync(path.join('..', 'prisma'), link, 'dir');
  } catch {
    fs.cpSync(path.join(ROOT, 'prisma'), link, { recursive: true });
  }
  fs.writeFileSync(path.join(tmp, '.build-stamp'), `${new Date().toISOString()}\n`);
  const old = `${DIST}.old-${process.pid}`;
  try {
    fs.renameSync(DIST, old);
  } catch {
    /* no previous build */
  }
  try {
    fs.renameSync(tmp, DIST);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true }); // another process swapped in the same build first
  }
  fs.rmSync(old, { recursive: true, force: true });
  if (!quiet) process.stdout.write(`built ${ts.length} files into dist/ in ${Date.now() - started} ms\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  if (!ifStale || isStale()) await build();
}
