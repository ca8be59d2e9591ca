// GET /metrics: the Prometheus text format. With METRICS_TOKEN set, only a request carrying
// `Authorization: Bearer <token>` is answered; without it, only requests from this machine
// (loopback) are, so a bot exposed to the internet never shows its backlog to strangers.
import crypto from 'node:crypto';
import { Router, type Request } from 'express';
import type { Logger } from '../log/logger.js';
import type { Telemetry } from '../telemetry/metrics.js';

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/, '');
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

function tokenMatches(req: Request, token: string): boolean {
  const header = req.get('authorization') ?? '';
  const given = Buffer.from(header.replace(/^Bearer\s+/i, ''));
  const want = Buffer.from(token);
  return given.length === want.length && crypto.timingSafeEqual(given, want);
}

export function metricsRouter(telemetry: Telemetry, opts: { token?: string; logger: Logger }): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (opts.token ? !tokenMatches(req, opts.token) : !isLoopback(req.socket.remoteAddress)) {
      res
        .status(opts.token ? 401 : 403)
        .type('text/plain')
        .send(
          opts.token
            ? 'GET /metrics needs the header "Authorization: Bearer <METRICS_TOKEN>".\n'
            : 'GET /metrics is answered only from this machine. Set METRICS_TOKEN to let a Prometheus server elsewhere scrape it with "Authorization: Bearer <token>".\n',
        );
      return;
    }
    try {
      const { contentType, body } = await telemetry.render();
      res.type(contentType).send(body);
    } catch (e) {
      opts.logger.warn({ err: e }, 'metrics could not be collected');
      res.status(503).type('text/plain').send('metrics unavailable: the database is not answering\n');
    }
  });
  return router;
}
