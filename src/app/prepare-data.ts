// The first start of the embedded database: initdb, the migrations and the demo plan load, run
// by `cdp demo` in a child process. Creating the data directory and bulk-loading 156 actions
// grows the memory of the process that does it (PGlite's WebAssembly heap, V8's heap, the C
// allocator's per-thread arenas), and a process gives little of that back: done here, all of it
// leaves with the child, and `cdp start` begins as lean as on any later start (issue 18).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from '../cli/context.js';

/** True when DATA_DIR holds no embedded database yet. */
export const isNewDataDir = (dataDir: string): boolean => !fs.existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'));

/** bin/cdp.js of this checkout, from src/app or dist/src/app. */
function cdpBin(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const bin = path.join(dir, 'bin', 'cdp.js');
    if (fs.existsSync(bin)) return bin;
    if (path.dirname(dir) === dir) throw new Error('bin/cdp.js not found above src/app');
  }
}

/** Runs `cdp demo` on DATA_DIR in a child process; resolves with what it printed, or fails with it. */
export async function prepareDataDir(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const child = spawn(process.execPath, [...process.execArgv, cdpBin(), 'demo'], {
    env: { ...env, DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  if (code !== 0) throw new CliError(`Could not prepare the embedded database in ${dataDir} (cdp demo exited with ${code}):\n${out.trim()}`);
  return out.trim();
}
