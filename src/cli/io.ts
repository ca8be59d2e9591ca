// CLI input/output: the real process streams, or a buffer (verbs run for another process, tests).
import type { CliIO } from './context.js';

export function processIO(): CliIO {
  return {
    out: (t) => void process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => void process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    isTTY: Boolean(process.stdin.isTTY),
    cwd: process.cwd(),
    async readStdin() {
      if (process.stdin.isTTY) return undefined;
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

export interface BufferedIO extends CliIO {
  stdout(): string;
  stderr(): string;
}

export function bufferedIO(opts: { cwd: string; stdin?: string }): BufferedIO {
  let out = '';
  let errText = '';
  return {
    out: (t) => void (out += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => void (errText += t.endsWith('\n') ? t : `${t}\n`),
    isTTY: false,
    cwd: opts.cwd,
    readStdin: async () => opts.stdin,
    stdout: () => out,
    stderr: () => errText,
  };
}
