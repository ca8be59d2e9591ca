// Reads an import's files on a worker thread (worker.ts) and gathers the sheets it sends back
// in chunks, so the bot's event loop keeps answering /healthz and chat while a 20,000-row file
// is parsed and checked. The worker's heap is capped: a workbook that lies about its size and
// inflates to more than that ends the worker, not the bot.
import { spawnWorker, workerEntry } from '../../workers/spawn.js';
import { domainError, err, ok, type Result } from '../../result.js';
import { outOfMemory, type ImportLimits } from './limits.js';
import type { SourceSheet } from './read-table.js';
import type { ImportFailure } from './index.js';
import type { ToParent, WorkerInput } from './worker-protocol.js';

/** Heap for one import's worker: far above what a 10 MB / 50 MB-unpacked file needs. */
const WORKER_HEAP_MB = 768;

export function readImportFiles(files: string[], limits: ImportLimits, now: Date): Promise<Result<SourceSheet[], ImportFailure>> {
  const input: WorkerInput = { files, limits, now: now.toISOString() };
  const worker = spawnWorker(workerEntry(import.meta.url, 'worker'), { ...input }, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  const sheets: SourceSheet[] = [];
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Result<SourceSheet[], ImportFailure>) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      resolve(r);
    };
    worker.on('message', (m: ToParent) => {
      if (m.type === 'sheet') sheets.push({ source: m.source, ...(m.sheetName !== undefined ? { sheetName: m.sheetName } : {}), rows: [] });
      else if (m.type === 'rows') sheets[sheets.length - 1]!.rows.push(...m.rows);
      else if (m.type === 'done') finish(ok(sheets));
      else if (m.type === 'failed') finish(err(m.error));
      else finish(err(domainError('import_failed', `The import could not read its files: ${m.message}. Nothing was imported.`)));
    });
    worker.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') finish(err(outOfMemory(files.length === 1 ? files[0]! : files.join(', '))));
      else finish(err(domainError('import_failed', `The import could not read its files: ${e.message}. Nothing was imported.`)));
    });
    worker.on('exit', (code) => finish(err(domainError('import_failed', `The import's reader stopped unexpectedly (exit code ${code}). Nothing was imported.`))));
  });
}
