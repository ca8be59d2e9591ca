// A real SMTP server on 127.0.0.1 (smtp-server) that keeps what it receives, parsed with
// mailparser, and can refuse chosen recipients with a 4xx or 5xx reply.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  to: string[];
  raw: string;
  mail: ParsedMail;
}

export interface SmtpDouble {
  /** smtp://user:pass@127.0.0.1:PORT */
  url: string;
  received: Received[];
  /** Refuse RCPT TO for `address` with `code` for the next `times` attempts (default: always). */
  refuse(address: string, code: number, times?: number): void;
  logins: string[];
  /** Forget what was received and every refusal. */
  reset(): void;
  stop(): Promise<void>;
}

export async function startSmtp(opts: { port?: number; user?: string; pass?: string } = {}): Promise<SmtpDouble> {
  const user = opts.user ?? 'cdp-bot';
  const pass = opts.pass ?? 's3cret';
  const received: Received[] = [];
  const logins: string[] = [];
  const refusals = new Map<string, { code: number; times: number }>();
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === user && auth.password === pass) {
        logins.push(auth.username);
        return cb(null, { user: auth.username });
      }
      return cb(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, cb) {
      const r = refusals.get(address.address.toLowerCase());
      if (r && r.times > 0) {
        r.times -= 1;
        const text = r.code >= 500 ? 'Mailbox unavailable: no such user here' : 'Mailbox busy, try again later';
        return cb(Object.assign(new Error(text), { responseCode: r.code }));
      }
      return cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((mail) => {
            received.push({ to: session.envelope.rcptTo.map((a) => a.address.toLowerCase()), raw, mail });
            cb();
          })
          .catch((e: Error) => cb(e));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${port}`,
    received,
    logins,
    refuse: (address, code, times = Number.POSITIVE_INFINITY) => void refusals.set(address.toLowerCase(), { code, times }),
    reset() {
      received.length = 0;
      refusals.clear();
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
