// Structured logging (JSON lines, pino). The core receives a Logger; it never calls console.
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

export interface LoggerOptions {
  level?: string;
  /** Where lines go; defaults to stdout. Tests pass a MemoryLogStream. */
  destination?: DestinationStream;
  base?: Record<string, unknown>;
}

const REDACT = [
  'token', '*.token', 'botToken', '*.botToken', 'password', '*.password', 'appPassword', '*.appPassword',
  'signingSecret', '*.signingSecret', 'authorization', '*.authorization', 'headers.authorization',
  'req.headers.authorization', 'databaseUrl', '*.databaseUrl',
];

export function createLogger(opts: LoggerOptions = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      base: opts.base ?? { app: 'cdp-bot' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    opts.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** A destination that keeps lines in memory so tests can assert on what was logged. */
export class MemoryLogStream implements DestinationStream {
  readonly lines: Record<string, unknown>[] = [];
  write(line: string): void {
    for (const part of line.split('\n')) if (part.trim()) this.lines.push(JSON.parse(part) as Record<string, unknown>);
  }
  find(predicate: (l: Record<string, unknown>) => boolean) {
    return this.lines.find(predicate);
  }
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
