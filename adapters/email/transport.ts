// Where email goes: an SMTP relay (SMTP_URL: smtp:// with STARTTLS, or smtps://, with SMTP AUTH
// credentials in the URL) through nodemailer, or — local mode without SMTP_URL — .eml files in
// DATA_DIR/mail that any mail client opens.
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  from: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

export interface MailTransport {
  /** Resolves with the Message-ID (and the file, in local mode); rejects with nodemailer's error. */
  send(mail: OutgoingMail): Promise<{ messageId: string; file?: string }>;
  /** "smtp://relay.council.gov.uk:587" or "files in ./data/mail", for the banner. */
  describe: string;
  /** True when mail is written locally (no relay, no sending limits). */
  local?: boolean;
  close(): void;
}

export function smtpTransport(smtpUrl: string): MailTransport {
  // One connection per message (no pool): a daily batch is small and a dead connection never lingers.
  const t = nodemailer.createTransport(smtpUrl);
  const u = new URL(smtpUrl);
  return {
    describe: `${u.protocol}//${u.host}${u.username ? ' (with SMTP AUTH)' : ''}`,
    async send(mail) {
      const info = await t.sendMail({ ...mail, ...(mail.headers ? { headers: mail.headers } : {}) });
      return { messageId: info.messageId };
    },
    close: () => t.close(),
  };
}

export function fileTransport(dir: string, clock: () => Date): MailTransport {
  const t = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let seq = 0;
  return {
    describe: `files in ${dir}`,
    local: true,
    async send(mail) {
      const info = await t.sendMail({ ...mail, ...(mail.headers ? { headers: mail.headers } : {}) });
      await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
      const stamp = clock().toISOString().replace(/[:.]/g, '-');
      const who = mail.to.address.replace(/[^a-z0-9]+/gi, '_').slice(0, 60);
      const file = path.join(dir, `${stamp}-${String(++seq).padStart(3, '0')}-${who}.eml`);
      await fs.promises.writeFile(file, info.message as Buffer, { mode: 0o600 });
      return { messageId: info.messageId, file };
    },
    close: () => t.close(),
  };
}
