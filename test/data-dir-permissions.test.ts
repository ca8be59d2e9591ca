// The embedded database's files are private whatever the umask (SPEC §10 "Trust boundaries"):
// DATA_DIR 0700, everything in it 0700 (folders) or 0600 (files), PGlite's own files included;
// a world-writable DATA_DIR left by an older version is fixed at start; what cannot be fixed
// stops the start with a message saying how to fix it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirNotPrivate, makePrivate } from '../src/db/permissions.js';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdp-perms-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Every path under dir (dir included) whose mode lets anyone else in. */
function notPrivate(dir: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink()) return;
    if ((st.mode & 0o077) !== 0) out.push(`${p} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const n of fs.readdirSync(p)) walk(path.join(p, n));
  };
  walk(dir);
  return out;
}
const files = (dir: string) => fs.readdirSync(dir, { recursive: true }).length;

function openUnderUmask000(dataDir: string, mode: 'worker' | 'inline') {
  execFileSync('sh', ['-c', `umask 000 && exec node bin/run-ts.js test/support/open-data-dir.ts "$0" "$1"`, dataDir, mode], { stdio: 'pipe', timeout: 120_000 });
}

describe('DATA_DIR permissions under umask 000', () => {
  it('a new embedded database (PGlite on a worker thread, as `cdp start` opens it) is private, every file', () => {
    const dir = path.join(tmp, 'fresh');
    openUnderUmask000(dir, 'worker');
    expect(files(path.join(dir, 'pglite'))).toBeGreaterThan(100);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(notPrivate(dir)).toEqual([]);
  }, 180_000);

  it('a DATA_DIR made world-writable (as older versions left it) is fixed when the database is opened', () => {
    const dir = path.join(tmp, 'fresh');
    const sample = path.join(dir, 'pglite', 'PG_VERSION');
    fs.chmodSync(dir, 0o777);
    fs.chmodSync(path.join(dir, 'pglite'), 0o777);
    fs.chmodSync(sample, 0o666);
    fs.writeFileSync(path.join(dir, 'stray.txt'), 'x', { mode: 0o666 });
    fs.chmodSync(path.join(dir, 'stray.txt'), 0o666);
    expect(notPrivate(dir).length).toBeGreaterThanOrEqual(4);
    openUnderUmask000(dir, 'inline');
    expect(notPrivate(dir)).toEqual([]);
    expect(fs.statSync(sample).mode & 0o777).toBe(0o600);
  }, 180_000);
});

describe('what cannot be fixed', () => {
  it('stops with a message naming the file, and the command that fixes it', () => {
    const dir = path.join(tmp, 'stuck');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'owned-by-someone-else'), 'x');
    fs.chmodSync(path.join(dir, 'owned-by-someone-else'), 0o666);
    const eperm = (p: string) => {
      if (p.endsWith('owned-by-someone-else')) throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
    };
    let thrown: unknown;
    try {
      makePrivate(dir, eperm);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DataDirNotPrivate);
    const msg = (thrown as Error).message;
    expect(msg).toContain(`DATA_DIR ${dir} must be private to this user`);
    expect(msg).toContain('owned-by-someone-else: mode 666');
    expect(msg).toContain('EPERM');
    expect(msg).toContain(`chmod -R go-rwx '${dir}'`);
  });
});
