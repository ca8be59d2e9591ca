// SMTP errors → the ChatPort's typed failures. A 4xx reply (greylisting, mailbox busy, relay
// throttling) and network trouble are transient: the outbox retries with backoff. A 5xx reply
// to the recipient or to the message (550 no such mailbox, 554 rejected) is permanent for that
// person: "unreachable", recorded and listed to the admins. Authentication and sender refusals
// are the deployment's problem, not the person's: transient, with a line saying what to fix.
import type { SendFailure } from '../../src/chat/port.js';

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

export function classifySmtpError(error: unknown, address: string): SendFailure {
  const e = (error ?? {}) as SmtpError;
  const reply = (e.response ?? e.message ?? String(error)).replace(/\s+/g, ' ').slice(0, 300);
  const status = e.responseCode;
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH' || status === 535 || status === 530) {
    return { kind: 'transient', detail: `the mail server refused the bot's login (${reply}): check the user and password in SMTP_URL` };
  }
  if (status !== undefined && status >= 500 && status < 600) {
    if (e.command === 'MAIL FROM') {
      return { kind: 'transient', detail: `the mail server refused the sender (${reply}): check MAIL_FROM is an address the relay lets the bot send as` };
    }
    return { kind: 'unreachable', detail: `the mail server refused email to ${address} (${reply})` };
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return { kind: 'transient', detail: `the mail server said try later (${reply})` };
  }
  if (e.code === 'EENVELOPE') return { kind: 'unreachable', detail: `${address} is not an address the bot can send to (${reply})` };
  return { kind: 'transient', detail: `${e.code ?? 'error'}: ${reply}` };
}
