// Entry point of the `cdp` command (bin/cdp.js). The only module that reads process.env and argv.
import { describeConfig, loadConfig } from '../config/config.js';
import { readLock } from '../db/lock.js';
import { createLogger } from '../log/logger.js';
import { processIO } from './io.js';
import { runProgram } from './program.js';
import { execRemote } from './remote.js';
import { localContext } from './runtime.js';

// `cdp export | head`: a closed pipe is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

async function main(): Promise<number> {
  const io = processIO();
  const argv = process.argv.slice(2);
  const loaded = loadConfig(process.env, process.cwd());
  if (!loaded.ok) {
    io.err(`Configuration error: ${loaded.error.message}.\nFix the environment variable ${loaded.error.variable} (see README, "Configuration") and try again.`);
    return 2;
  }
  const config = loaded.value;
  const verb = argv.find((a) => !a.startsWith('-'));
  // CLI verbs log quietly (warnings only) unless LOG_LEVEL says otherwise; the server logs at info.
  const logger = createLogger({ level: verb === 'start' ? config.logLevel : process.env.LOG_LEVEL ? config.logLevel : 'warn' });
  logger.debug({ config: describeConfig(config) }, 'configuration');

  // Embedded database held by a running `cdp start`: run the verb inside it.
  if (!config.databaseUrl && verb && verb !== 'start' && !argv.includes('--help') && !argv.includes('-h')) {
    const holder = readLock(config.dataDir);
    if (holder?.socketPath) {
      const stdin = await io.readStdin();
      try {
        const r = await execRemote(holder.socketPath, { argv, cwd: process.cwd(), ...(stdin !== undefined ? { stdin } : {}) });
        if (r.stdout) process.stdout.write(r.stdout);
        if (r.stderr) process.stderr.write(r.stderr);
        return r.exitCode;
      } catch (e) {
        io.err(`The bot is running (pid ${holder.pid}) but did not answer on ${holder.socketPath}: ${(e as Error).message}`);
        return 1;
      }
    }
  }
  return runProgram(localContext(config, io, logger, argv), argv);
}

main().then(
  (code) => {
    // `cdp start` keeps running until a signal; every other verb exits with its code.
    if (code !== 0) process.exit(code);
    process.exitCode = 0;
  },
  (e: unknown) => {
    process.stderr.write(`cdp: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(70);
  },
);
