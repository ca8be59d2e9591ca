// The one HTTP server (SPEC §6): Slack at POST /slack/events, Teams at POST /api/messages,
// GET /healthz (process up), GET /readyz (database reachable), the email link pages at /e/<token>.
// Adapters hand in their routers.
import http from 'node:http';
import express, { type Router } from 'express';
import { errorHandler } from './http/errors.js';
import type { Logger } from './log/logger.js';

export interface ServerOptions {
  port: number;
  host: string;
  logger: Logger;
  /** True when the database answers. */
  ready: () => Promise<boolean>;
  slack?: Router;
  teams?: Router;
  /** The signed-link pages of email (GET/POST /e/<token>). */
  web?: Router;
  /** GET /metrics (Prometheus), guarded by token or loopback. */
  metrics?: Router;
  /** Shown on GET / so a person opening the URL sees what this is. */
  banner: string[];
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
  /** Stop accepting new requests (SIGTERM), answering 503 meanwhile. */
  drain(): void;
}

export function buildApp(opts: Omit<ServerOptions, 'port' | 'host'>): { app: express.Express; drain(): void } {
  const app = express();
  app.disable('x-powered-by');
  let draining = false;
  app.use((req, res, next) => {
    if (draining && req.path !== '/healthz') {
      res.status(503).set('Retry-After', '5').json({ error: 'shutting down' });
      return;
    }
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ok = await opts.ready().catch(() => false);
    res.status(ok ? 200 : 503).json(ok ? { status: 'ready' } : { status: 'database unreachable' });
  });
  app.get('/', (_req, res) => {
    res.type('text/plain').send(`${opts.banner.join('\n')}\n`);
  });
  if (opts.metrics) app.use(opts.metrics);
  if (opts.slack) app.use(opts.slack);
  else {
    app.post('/slack/events', (_req, res) => {
      res.status(503).json({ error: 'Slack is not configured on this server: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN' });
    });
  }
  if (opts.teams) app.use(opts.teams);
  if (opts.web) app.use(opts.web);
  app.use(errorHandler(opts.logger));
  return { app, drain: () => void (draining = true) };
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const { app, drain } = buildApp(opts);
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    port,
    drain,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      }),
  };
}
