// The Microsoft Teams adapter: POST /api/messages on the shared HTTP server (Microsoft 365
// Agents SDK CloudAdapter + an ActivityHandler), and the Teams ChatPort for the outbox.
//
// Three modes (config.teamsMode):
// - authenticated (an app id): every request needs a valid Bot Framework JWT (401 otherwise)
//   and outbound calls carry the bot's token. Token and key-set failures are answered here.
// - local (no chat credentials of any kind, NODE_ENV not production): no JWT validation and
//   anonymous outbound calls, for the Agents Playground and the Emulator — and only to a
//   loopback serviceUrl: any other is refused (403) before anything is fetched or remembered.
// - off (other credentials, no Microsoft ones): /api/messages refuses everything (404) without
//   reading the body, and the ChatPort reaches nobody.
import { Activity } from '@microsoft/agents-activity';
import { CloudAdapter, type TurnContext } from '@microsoft/agents-hosting';
import express, { type Request, type Response, type Router } from 'express';
import type { ChatPort } from '../../src/chat/port.js';
import type { TeamsConfig, TeamsMode } from '../../src/config/config.js';
import type { CoreApi } from '../../src/core/api.js';
import type { Logger } from '../../src/log/logger.js';
import { buildAuthConfig, type AuthOverrides } from './auth.js';
import { TeamsBot } from './bot.js';
import { isLoopbackUrl, oversizedId } from './boundary.js';
import { TeamsChatPort } from './port.js';
import { BODY_LIMIT_BYTES } from '../../src/http/errors.js';

export interface TeamsAdapterOptions {
  config: TeamsConfig;
  /**
   * 'local' only when the whole deployment has no chat credentials (config.teamsMode); with an
   * app id it must be 'authenticated'. 'off' refuses every request.
   */
  mode: TeamsMode;
  core: CoreApi;
  logger: Logger;
  clock?: () => Date;
  /** Tests: a local Entra authority (JWKS at {authority}/discovery/v2.0/keys). */
  auth?: AuthOverrides;
  /** Bounds of the in-memory conversation cache. */
  cache?: { maxEntries?: number; maxBytes?: number };
}

export interface TeamsAdapter {
  /** POST /api/messages */
  router: Router;
  port: ChatPort;
  /** Stop taking activities and wait for the turns in flight. */
  stop(): Promise<void>;
  /** The SDK adapter (tests inject an outbound token provider through its connectionManager). */
  adapter?: CloudAdapter;
  /** The Teams ChatPort itself (tests read its cache bounds). */
  teamsPort?: TeamsChatPort;
}

export function createTeamsAdapter(opts: TeamsAdapterOptions): TeamsAdapter {
  const { config, core, logger } = opts;
  const clock = opts.clock ?? (() => new Date());
  if (opts.mode === 'off' || (opts.mode === 'local' && config.appId)) return offAdapter(logger);
  if (opts.mode === 'authenticated' && !config.appId) throw new Error('Teams authenticated mode needs MICROSOFT_APP_ID');
  const local = opts.mode === 'local';
  let adapter: CloudAdapter;
  try {
    adapter = new CloudAdapter(buildAuthConfig(config, opts.auth));
  } catch (error) {
    // The SDK refuses to run without an app id when NODE_ENV=production.
    logger.error({ event: 'teams.disabled', err: (error as Error).message }, 'Teams is off: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (or unset NODE_ENV=production for local mode)');
    return disabledAdapter(logger);
  }
  const port = new TeamsChatPort({
    adapter, ...(config.appId ? { appId: config.appId } : {}), logger, clock, ...(opts.cache ? { cache: opts.cache } : {}),
    // Local mode: a stored reference (maybe from another mode) is used only if it is loopback.
    ...(local ? { allowServiceUrl: isLoopbackUrl } : {}),
    // A personal chat opened with a roster member is remembered like one the member opened.
    onPersonalChat: (person, reference) =>
      core.conversations.remember(person.partnershipId, { platform: 'teams', kind: 'person', externalId: reference.conversation.id, personId: person.personId, reference }),
  });
  const bot = new TeamsBot({ core, logger, clock, connectorKey: adapter.ConnectorClientKey, learn: (ref) => port.learn(ref), localMode: local });
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error({ event: 'teams.turn_failed', type: context.activity?.type, err: error.message, stack: error.stack }, 'teams activity failed');
    if (context.activity?.type !== 'message') return;
    try {
      await context.sendActivity(Activity.fromObject({ type: 'message', text: 'Sorry, something went wrong handling that: the error has been logged. Try again, or type "help".' }));
    } catch (sendError) {
      logger.warn({ event: 'teams.error_reply_failed', err: (sendError as Error).message }, 'could not tell the user about the error');
    }
  };

  let stopping = false;
  const inFlight = new Set<Promise<unknown>>();

  const handle = async (req: Request, res: Response) => {
    if (stopping) {
      res.status(503).set('Retry-After', '5').json({ error: 'cdp-bot is shutting down' });
      return;
    }
    let authorized = false;
    try {
      await adapter.authorizeRequest(req as never, res as never, () => {
        authorized = true;
      });
    } catch (error) {
      logger.error({ event: 'teams.auth_error', err: (error as Error).message }, 'could not check the Bot Framework token');
      if (!res.headersSent) res.status(401).json({ error: 'could not verify the Bot Framework token' });
      return;
    }
    if (!authorized) {
      logger.warn({ event: 'teams.unauthorized', status: res.statusCode, hasToken: Boolean(req.headers.authorization) }, 'teams request refused: no valid Bot Framework token');
      return;
    }
    if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body) || !(req.body as { type?: unknown }).type) {
      logger.warn({ event: 'teams.bad_activity' }, 'teams request refused: not an activity');
      res.status(400).json({ error: 'expected a Bot Framework activity (a JSON object with a type)' });
      return;
    }
    const body = req.body as Record<string, unknown>;
    const tooLong = oversizedId(body);
    if (tooLong) {
      logger.warn({ event: 'teams.bad_activity', reason: tooLong }, 'teams request refused: oversized id');
      res.status(400).json({ error: `expected a Bot Framework activity: ${tooLong}` });
      return;
    }
    if (local && !isLoopbackUrl(body.serviceUrl)) {
      // Authentication is off: calling this URL would do an unauthenticated stranger's bidding.
      logger.warn({ event: 'teams.non_loopback_service_url', serviceUrl: String(body.serviceUrl).slice(0, 200) }, 'teams request refused: local mode only answers a loopback serviceUrl');
      res.status(403).json({
        error: 'Teams runs with authentication off here (local mode), so only a serviceUrl on this machine (http://localhost… or http://127.0.0.1…) is answered. For Teams itself set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD.',
      });
      return;
    }
    try {
      await adapter.process(req as never, res as never, (context) => bot.run(context));
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      const tokenProblem = /token|msal|credential|authority|AADSTS/i.test(message);
      logger.error(
        { event: tokenProblem ? 'teams.outbound_token_failed' : 'teams.process_failed', err: message },
        tokenProblem ? 'could not get a token for Teams outbound calls: check MICROSOFT_APP_ID/PASSWORD/TENANT_ID' : 'teams activity could not be processed',
      );
      if (!res.headersSent) res.status(500).json({ error: tokenProblem ? 'the bot could not authenticate to Teams' : 'the activity could not be processed' });
    }
  };

  const router = express.Router();
  router.post('/api/messages', express.json({ limit: BODY_LIMIT_BYTES }), (req, res) => {
    const p = handle(req, res).catch((error: unknown) => {
      logger.error({ event: 'teams.route_failed', err: (error as Error).message }, 'teams route failed');
      if (!res.headersSent) res.status(500).end();
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  });

  return {
    router,
    port,
    teamsPort: port,
    adapter,
    async stop() {
      stopping = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}

const unreachablePort = (detail: string): ChatPort => {
  const unreachable = { ok: false as const, failure: { kind: 'unreachable' as const, detail } };
  return {
    platform: 'teams',
    canReach: () => false,
    sendDirect: async () => unreachable,
    postToChannel: async () => unreachable,
    update: async () => unreachable,
  };
};

/** Other chat credentials and no Microsoft ones: no Teams door at all, and no Teams sends. */
function offAdapter(logger: Logger): TeamsAdapter {
  const router = express.Router();
  router.all('/api/messages', (_req, res) => {
    logger.warn({ event: 'teams.off_refused' }, 'teams request refused: Teams is off on this server');
    res.status(404).json({
      error: 'Teams is not enabled on this server: it has chat credentials but no Microsoft ones. Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to enable Teams.',
    });
  });
  return { router, port: unreachablePort('Teams is off (no MICROSOFT_APP_ID while other chat credentials are set)'), stop: async () => {} };
}

function disabledAdapter(logger: Logger): TeamsAdapter {
  const router = express.Router();
  router.post('/api/messages', (_req, res) => {
    res.status(503).json({ error: 'Teams is not configured: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD' });
  });
  const port = unreachablePort('Teams is not configured (no MICROSOFT_APP_ID)');
  logger.debug({ event: 'teams.disabled_router' }, 'teams route answers 503');
  return { router, port, stop: async () => {} };
}
