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
    if (holder?.socketPath && verb === 'chat' && io.isTTY) return remoteInteractiveChat(holder.socketPath, argv);
    if (holder?.socketPath) {
      // Only `chat` reads stdin: any other verb (a cron job, `sleep 20 | cdp run reminders`) never waits for it.
      const stdin = verb === 'chat' ? await io.readStdin() : undefined;
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

/**
 * `cdp chat` in a terminal while the bot holds the embedded database: each line typed is run by the
 * bot as a one-line scripted chat. Numbered buttons need the reply they belong to, so here the
 * commands are typed in full.
 */
async function remoteInteractiveChat(socketPath: string, argv: string[]): Promise<number> {
  const readline = await import('node:readline/promises');
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  process.stdout.write(
    'Connected to the running bot. Type commands (help, mine, show TRS-07, update TRS-07 green …); Ctrl-D to leave.\n' +
      '(Numbered buttons are not available while the bot runs: type the command instead, e.g. `update TRS-07 on track`.)\n',
  );
  try {
    for (;;) {
      let line: string;
      try {
        line = await rl.question('cdp> ');
      } catch {
        break; // Ctrl-D / closed
      }
      if (!line.trim()) continue;
      if (/^(quit|exit)$/i.test(line.trim())) break;
      const r = await execRemote(socketPath, { argv, cwd: process.cwd(), stdin: `${line}\n` });
      // The scripted chat echoes "> command" first: the user has just typed it.
      process.stdout.write(r.stdout.replace(/^> .*\n/, ''));
      if (r.stderr) process.stderr.write(r.stderr);
      if (r.exitCode !== 0) return r.exitCode;
    }
  } finally {
    rl.close();
  }
  return 0;
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
