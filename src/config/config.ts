// All configuration is read here, from an env object passed in (never process.env elsewhere).
// A bad or half-set variable stops the process at start with a message naming the variable.
import path from 'node:path';
import { z } from 'zod';
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

export interface Config {
  port: number;
  host: string;
  /** postgres://… → PostgreSQL; undefined → embedded PGlite in dataDir. */
  databaseUrl?: string;
  dataDir: string;
  slack?: SlackConfig;
  teams: TeamsConfig;
  /** No Slack and no Microsoft credentials. */
  localMode: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  production: boolean;
  /** Bearer token for GET /metrics; unset → /metrics answers loopback requests only. */
  metricsToken?: string;
}

export interface ConfigError {
  variable: string;
  message: string;
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());

const envSchema = z.object({
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(3978)),
  HOST: z.preprocess(blankToUndefined, z.string().default('0.0.0.0')),
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
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  NODE_ENV: optionalString,
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
  return ok({
    port: e.PORT,
    host: e.HOST,
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    dataDir: path.resolve(cwd, e.DATA_DIR),
    ...(slack ? { slack } : {}),
    teams,
    localMode: !slack && !teams.appId,
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
    ...(e.METRICS_TOKEN ? { metricsToken: e.METRICS_TOKEN } : {}),
  });
}

/** Secrets never reach a log line. */
export function describeConfig(c: Config): Record<string, unknown> {
  return {
    port: c.port,
    database: c.databaseUrl ? redactUrl(c.databaseUrl) : `embedded PGlite in ${c.dataDir}`,
    slack: c.slack ? { enabled: true, apiUrl: c.slack.apiUrl ?? 'https://slack.com/api/' } : { enabled: false },
    teams: c.teams.appId ? { appId: c.teams.appId, appType: c.teams.appType, tenantId: c.teams.tenantId } : { localMode: true },
    localMode: c.localMode,
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
