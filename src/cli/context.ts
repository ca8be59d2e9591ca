// What every CLI verb gets. Verbs write through `io` (never process.stdout) so the same verb
// can run in the server process on behalf of a second `cdp` process (embedded database).
import type { Config } from '../config/config.js';
import type { Database } from '../db/client.js';
import type { Logger } from '../log/logger.js';
import type { ChatPort } from '../chat/port.js';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Whole stdin when it is not a TTY (scripted input); undefined when interactive. */
  readStdin(): Promise<string | undefined>;
  isTTY: boolean;
  cwd: string;
}

export interface Runtime {
  config: Config;
  logger: Logger;
  db: Database;
  io: CliIO;
  /** The wall clock, read at the edge only; verbs pass it (or --at) into the core. */
  now(): Date;
  /** Set when the verb runs inside `cdp start`: the live chat ports (Slack, Teams) to send through. */
  ports?: ChatPort[];
  /** Set inside `cdp start`: wakes the outbox dispatcher after something was enqueued. */
  kickOutbox?: () => void;
  /** True when running inside the server process on behalf of another `cdp` process. */
  remote?: boolean;
}

export interface CliContext {
  io: CliIO;
  /** Opens (and migrates) the database, runs fn, closes it. Throws CliError on config problems. */
  withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T>;
  /** For `cdp start` only: the configuration and logger (start manages its own database). */
  startDeps?: () => { config: Config; logger: Logger };
}

/** A failure to report to the user on stderr with a non-zero exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}
