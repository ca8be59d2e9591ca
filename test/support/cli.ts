// Runs `cdp` verbs through commander in-process, against a test database, capturing stdout,
// stderr and the exit code (a CliError's, or commander's for bad usage).
import { Command, CommanderError } from 'commander';
import { CliError, type CliContext, type Runtime } from '../../src/cli/context.js';
import { bufferedIO } from '../../src/cli/io.js';
import { loadConfig } from '../../src/config/config.js';
import type { Database } from '../../src/db/client.js';
import { silentLogger } from '../../src/log/logger.js';

export interface Verb {
  register(program: Command, ctx: CliContext): void;
}

/** `cwd()`: the working directory relative paths (`--out report.xlsx`) resolve against; default this process's. */
export function cliRunner(db: Database, verbs: Verb[], now: () => Date, cwd: () => string = () => process.cwd()) {
  return async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    const io = bufferedIO({ cwd: cwd() });
    const cfg = loadConfig({});
    if (!cfg.ok) throw new Error('config');
    const rt: Runtime = { config: cfg.value, logger: silentLogger(), db, io, now };
    const ctx: CliContext = { io, withRuntime: (fn) => fn(rt) };
    const program = new Command('cdp').exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
    for (const v of verbs) v.register(program, ctx);
    let code = 0;
    try {
      await program.parseAsync(argv, { from: 'user' });
    } catch (e) {
      if (e instanceof CliError) {
        io.err(e.message);
        code = e.exitCode;
      } else if (e instanceof CommanderError) code = e.exitCode;
      else throw e;
    }
    return { code, out: io.stdout(), err: io.stderr() };
  };
}
