// Starts a TypeScript worker when the bot runs from its .ts sources (tsx, vitest): worker
// threads do not inherit the parent's TypeScript loader, so this registers tsx in the worker
// first, then imports the real entry. Compiled JavaScript workers are started directly
// (spawn.ts) and never come here. Plain JavaScript for the same reason as pglite-worker.mjs.
import { workerData } from 'node:worker_threads';

const { register } = await import('tsx/esm/api');
register();
await import(workerData.entry);
