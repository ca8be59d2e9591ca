// All configuration is read here, from an env object passed in (never process.env elsewhere).
// A bad or half-set variable stops the process at start with a message naming the variable.
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_IMPORT_LIMITS, parseByteSize, type ImportLimits } from '../register/import/limits.js';
import { err, ok, type Result } from '../result.js';

export interface SlackConfig {
  signingSecret: string;
  botToken: string;
  /** Web API base, e.g. http://127.0.0.1:4000/api/ for a test double. */
  apiUrl?: string;
}

export interface TeamsConfig {
  /** Absent → local mode: no JWT validation, anonymous outbound calls. */
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
}

export interface EmailConfig {
  /** smtp:// or smtps:// (with user:password@ for SMTP AUTH); undefined → local mode writes DATA_DIR/mail/*.eml. */
  smtpUrl?: string;
  /** The From header, e.g. "CDP bot <cdp-bot@council.gov.uk>". */
  from: string;
  /** The bot's base URL as people's browsers reach it (links are {publicUrl}/e/…); undefined → http://localhost:PORT (local mode). */
  publicUrl?: string;
}

export interface Config {
  port: number;
  host: string;
  /** postgres://… → PostgreSQL; undefined → embedded PGlite in dataDir. */
  databaseUrl?: string;
  dataDir: string;
  slack?: SlackConfig;
  teams: TeamsConfig;
  /**
   * No chat credentials of any kind (no SLACK_* secret or token, no MICROSOFT_APP_*): the only
   * mode in which Teams runs with authentication off. The server then listens on 127.0.0.1
   * unless HOST is set.
   */
  localMode: boolean;
  /** How POST /api/messages behaves: see TeamsMode. */
  teamsMode: TeamsMode;
  /** Email as a channel (SMTP_URL, MAIL_FROM, PUBLIC_URL); undefined → off (no SMTP_URL outside local mode). */
  email?: EmailConfig;
  /** HMAC key of signed email links (LINK_SECRET); undefined → one generated and kept in the database. */
  linkSecret?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  production: boolean;
  /** Import limits: IMPORT_MAX_BYTES, IMPORT_MAX_XLSX_BYTES, IMPORT_MAX_ROWS. */
  importLimits: ImportLimits;
  /** Bearer token for GET /metrics; unset → /metrics answers loopback requests only. */
  metricsToken?: string;
}

/**
 * - `authenticated`: MICROSOFT_APP_ID set; every activity needs a valid Bot Framework JWT.
 * - `local`: no chat credentials at all; no JWT, and only a loopback serviceUrl is ever called.
 * - `off`: other credentials (Slack) but no Microsoft ones; /api/messages refuses everything.
 */
export type TeamsMode = 'authenticated' | 'local' | 'off';

export interface ConfigError {
  variable: string;
  message: string;
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());

/** "10MB", "512kB" or a number of bytes; blank → the default. */
const byteSize = (fallback: number) =>
  z.preprocess(blankToUndefined, z.string().optional()).transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = parseByteSize(v);
    if (n === undefined || n <= 0) {
      ctx.addIssue({ code: 'custom', message: `must be a size such as 10MB, 512kB or a number of bytes (got "${v}")` });
      return z.NEVER;
    }
    return n;
  });

const envSchema = z.object({
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(3978)),
  HOST: z.preprocess(blankToUndefined, z.string().optional()),
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql:// (leave it unset for the embedded database)')
      .optional(),
  ),
  DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./data')),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: z.preprocess(
    blankToUndefined,
    z.string().regex(/^xox[bp]-/, 'must be a bot token starting with xoxb-').optional(),
  ),
  SLACK_API_URL: z.preprocess(blankToUndefined, z.string().url('must be a URL such as http://127.0.0.1:4000/api/').optional()),
  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString,
  MICROSOFT_APP_TYPE: z.preprocess(
    blankToUndefined,
    z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  ),
  SMTP_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^smtps?:\/\/[^/\s]+/, 'must be smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465 (leave it unset to write mail to DATA_DIR/mail in local mode)')
      .optional(),
  ),
  MAIL_FROM: optionalString,
  PUBLIC_URL: z.preprocess(
    blankToUndefined,
    z.string().regex(/^https?:\/\/[^/\s]+/, 'must be the bot\'s public base URL, such as https://cdp-bot.council.gov.uk').optional(),
  ),
  LINK_SECRET: z.preprocess(blankToUndefined, z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)').optional()),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  NODE_ENV: optionalString,
  IMPORT_MAX_BYTES: byteSize(DEFAULT_IMPORT_LIMITS.maxBytes),
  IMPORT_MAX_XLSX_BYTES: byteSize(DEFAULT_IMPORT_LIMITS.maxXlsxBytes),
  IMPORT_MAX_ROWS: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).default(DEFAULT_IMPORT_LIMITS.maxRows)),
  METRICS_TOKEN: z.preprocess(blankToUndefined, z.string().min(16, 'must be at least 16 characters (e.g. openssl rand -hex 32)').optional()),
});

/** Reads the configuration from `env` (pass process.env at the edge, a plain object in tests). */
export function loadConfig(env: Record<string, string | undefined>, cwd = '.'): Result<Config, ConfigError> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    return err({ variable, message: `${variable} ${issue.message}` });
  }
  const e = parsed.data;
  if (Boolean(e.SLACK_SIGNING_SECRET) !== Boolean(e.SLACK_BOT_TOKEN)) {
    const missing = e.SLACK_SIGNING_SECRET ? 'SLACK_BOT_TOKEN' : 'SLACK_SIGNING_SECRET';
    return err({
      variable: missing,
      message: `${missing} is not set: Slack needs both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or neither, to leave Slack off)`,
    });
  }
  if (e.MICROSOFT_APP_ID && !e.MICROSOFT_APP_PASSWORD && e.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') {
    return err({
      variable: 'MICROSOFT_APP_PASSWORD',
      message: 'MICROSOFT_APP_PASSWORD is not set: MICROSOFT_APP_ID needs its client secret (or MICROSOFT_APP_TYPE=UserAssignedMSI)',
    });
  }
  if (!e.MICROSOFT_APP_ID && e.MICROSOFT_APP_PASSWORD) {
    return err({ variable: 'MICROSOFT_APP_ID', message: 'MICROSOFT_APP_ID is not set but MICROSOFT_APP_PASSWORD is: set both, or neither for local mode' });
  }
  if (e.MICROSOFT_APP_TYPE === 'SingleTenant' && e.MICROSOFT_APP_ID && !e.MICROSOFT_APP_TENANT_ID) {
    return err({ variable: 'MICROSOFT_APP_TENANT_ID', message: 'MICROSOFT_APP_TENANT_ID is not set: a SingleTenant app needs its tenant id' });
  }
  const slack: SlackConfig | undefined =
    e.SLACK_SIGNING_SECRET && e.SLACK_BOT_TOKEN
      ? { signingSecret: e.SLACK_SIGNING_SECRET, botToken: e.SLACK_BOT_TOKEN, ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}) }
      : undefined;
  const teams: TeamsConfig = {
    appType: e.MICROSOFT_APP_TYPE,
    ...(e.MICROSOFT_APP_ID ? { appId: e.MICROSOFT_APP_ID } : {}),
    ...(e.MICROSOFT_APP_PASSWORD ? { appPassword: e.MICROSOFT_APP_PASSWORD } : {}),
    ...(e.MICROSOFT_APP_TENANT_ID ? { tenantId: e.MICROSOFT_APP_TENANT_ID } : {}),
  };
  // Any chat credential at all (even a half-set or unused one) ends local mode.
  const anyCredential = [e.SLACK_SIGNING_SECRET, e.SLACK_BOT_TOKEN, e.MICROSOFT_APP_ID, e.MICROSOFT_APP_PASSWORD, e.MICROSOFT_APP_TENANT_ID].some(Boolean);
  const localMode = !anyCredential;
  const email = emailConfig(e, localMode);
  if (!email.ok) return email;
  return ok({
    port: e.PORT,
    host: e.HOST ?? (localMode ? '127.0.0.1' : '0.0.0.0'),
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    dataDir: path.resolve(cwd, e.DATA_DIR),
    ...(slack ? { slack } : {}),
    teams,
    localMode,
    teamsMode: teams.appId ? 'authenticated' : localMode ? 'local' : 'off',
    ...(email.value ? { email: email.value } : {}),
    ...(e.LINK_SECRET ? { linkSecret: e.LINK_SECRET } : {}),
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
    importLimits: { maxBytes: e.IMPORT_MAX_BYTES, maxXlsxBytes: e.IMPORT_MAX_XLSX_BYTES, maxRows: e.IMPORT_MAX_ROWS },
    ...(e.METRICS_TOKEN ? { metricsToken: e.METRICS_TOKEN } : {}),
  });
}

/**
 * SMTP_URL set → email on, with MAIL_FROM and PUBLIC_URL required outside local mode (links must
 * open from anywhere). Unset → in local mode mail is written to DATA_DIR/mail; otherwise email is off.
 */
function emailConfig(
  e: { SMTP_URL?: string | undefined; MAIL_FROM?: string | undefined; PUBLIC_URL?: string | undefined },
  localMode: boolean,
): Result<EmailConfig | undefined, ConfigError> {
  if (e.SMTP_URL) {
    try {
      new URL(e.SMTP_URL);
    } catch {
      return err({ variable: 'SMTP_URL', message: 'SMTP_URL is not a valid URL: use smtp://user:password@host:587 (percent-encode @ or : in the password)' });
    }
  }
  if (!e.SMTP_URL && !localMode) return ok(undefined);
  if (!localMode && !e.MAIL_FROM) {
    return err({ variable: 'MAIL_FROM', message: 'MAIL_FROM is not set: SMTP_URL needs a From address the relay accepts, e.g. "CDP bot <cdp-bot@council.gov.uk>"' });
  }
  if (!localMode && !e.PUBLIC_URL) {
    return err({ variable: 'PUBLIC_URL', message: "PUBLIC_URL is not set: emails carry links to the bot's pages, so give its public base URL, e.g. https://cdp-bot.council.gov.uk" });
  }
  return ok({
    ...(e.SMTP_URL ? { smtpUrl: e.SMTP_URL } : {}),
    from: e.MAIL_FROM ?? 'CDP bot <cdp-bot@localhost>',
    ...(e.PUBLIC_URL ? { publicUrl: e.PUBLIC_URL.replace(/\/+$/, '') } : {}),
  });
}

/** Secrets never reach a log line. */
export function describeConfig(c: Config): Record<string, unknown> {
  return {
    port: c.port,
    host: c.host,
    database: c.databaseUrl ? redactUrl(c.databaseUrl) : `embedded PGlite in ${c.dataDir}`,
    slack: c.slack ? { enabled: true, apiUrl: c.slack.apiUrl ?? 'https://slack.com/api/' } : { enabled: false },
    teams: c.teams.appId ? { appId: c.teams.appId, appType: c.teams.appType, tenantId: c.teams.tenantId } : { mode: c.teamsMode },
    localMode: c.localMode,
    email: c.email
      ? { smtp: c.email.smtpUrl ? redactUrl(c.email.smtpUrl) : `files in ${c.dataDir}/mail`, from: c.email.from, publicUrl: c.email.publicUrl ?? 'http://localhost:PORT' }
      : { enabled: false },
    metrics: c.metricsToken ? 'GET /metrics with a bearer token' : 'GET /metrics from loopback only',
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://***';
  }
}
