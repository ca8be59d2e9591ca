// Runs the embedded PGlite in a worker thread and serves it on a Unix socket in the data dir,
// so that its (synchronous, WebAssembly) query work never blocks the bot's event loop: Slack
// acks and Teams replies stay prompt while the database works on another core.
// Plain JavaScript: worker threads do not inherit the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const { dataDir, socketPath, maxConnections, postgresqlconf, initOnly } = workerData;

try {
  const db = new PGlite(dataDir, postgresqlconf ? { postgresqlconf } : {});
  await db.waitReady;
  if (initOnly) {
    // Creating a data directory (initdb) takes ~500 MB that PGlite keeps: do it in a thread of its own.
    await db.close();
    parentPort.postMessage({ type: 'ready' });
    process.exit(0);
  }
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections });
  await server.start();
  parentPort.postMessage({ type: 'ready' });
  parentPort.on('message', async (m) => {
    if (m?.type !== 'close') return;
    try {
      await server.stop();
      await db.close();
    } finally {
      parentPort.postMessage({ type: 'closed' });
    }
  });
} catch (e) {
  parentPort.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}
