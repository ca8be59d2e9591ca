// Starting a worker thread whose code is a module of this project, whether the bot runs from
// its TypeScript sources (tsx, vitest: the entry is worker.ts, started through
// ts-bootstrap.mjs, which registers tsx in the worker) or from compiled JavaScript (the entry
// is worker.js beside the compiled caller, started as it is).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * `sibling` is the entry's name without extension, next to `callerUrl` (pass import.meta.url):
 * the extension is the caller's own, so .ts sources find worker.ts and compiled code worker.js.
 */
export function workerEntry(callerUrl: string, sibling: string): URL {
  const ext = path.extname(fileURLToPath(callerUrl)) || '.js';
  return new URL(`./${sibling}${ext}`, callerUrl);
}

export function spawnWorker(entry: URL, workerData: Record<string, unknown>, opts: { resourceLimits?: Worker['resourceLimits'] } = {}): Worker {
  if (entry.pathname.endsWith('.ts')) {
    return new Worker(new URL('./ts-bootstrap.mjs', import.meta.url), { workerData: { ...workerData, entry: entry.href }, ...opts });
  }
  return new Worker(entry, { workerData, ...opts });
}
