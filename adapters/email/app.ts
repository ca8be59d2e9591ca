// Email as a chat platform: the port for the outbox over an SMTP relay (SMTP_URL) or, in local
// mode without one, .eml files in DATA_DIR/mail. The link pages are served by src/web.
import path from 'node:path';
import type { EmailConfig } from '../../src/config/config.js';
import type { CoreApi } from '../../src/core/api.js';
import type { Logger } from '../../src/log/logger.js';
import { EmailChatPort } from './port.js';
import { fileTransport, smtpTransport, type MailTransport } from './transport.js';

export interface EmailAdapterOptions {
  config: EmailConfig;
  dataDir: string;
  core: Pick<CoreApi, 'links'>;
  logger: Logger;
  clock: () => Date;
  /** The base URL when PUBLIC_URL is not set (local mode: http://localhost:PORT once the server listens). */
  fallbackUrl: () => string;
  /** Local mode: told about each .eml file written (the start banner's terminal prints it). */
  onFile?: (file: string, to: string) => void;
}

export interface EmailAdapter {
  port: EmailChatPort;
  /** "smtp://relay:587 (with SMTP AUTH)" or "files in …/mail". */
  describe: string;
  /** Where local-mode mail goes (undefined with SMTP). */
  mailDir?: string;
  publicUrl(): string;
  close(): void;
}

export function createEmailAdapter(opts: EmailAdapterOptions): EmailAdapter {
  const mailDir = opts.config.smtpUrl ? undefined : path.join(opts.dataDir, 'mail');
  const transport: MailTransport = opts.config.smtpUrl ? smtpTransport(opts.config.smtpUrl) : fileTransport(mailDir!, opts.clock);
  const publicUrl = () => opts.config.publicUrl ?? opts.fallbackUrl();
  const port = new EmailChatPort({ transport, from: opts.config.from, publicUrl, links: opts.core.links, logger: opts.logger, clock: opts.clock, ...(opts.onFile ? { onFile: opts.onFile } : {}) });
  return { port, describe: transport.describe, ...(mailDir ? { mailDir } : {}), publicUrl, close: () => transport.close() };
}
