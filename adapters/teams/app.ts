// The Microsoft Teams adapter: POST /api/messages on the shared HTTP server (Microsoft 365
// Agents SDK CloudAdapter + an ActivityHandler), and the Teams ChatPort for the outbox.
//
// Local mode (no app id, NODE_ENV not production): no JWT validation and anonymous outbound
// calls, for the Microsoft 365 Agents Playground and the Bot Framework Emulator. With an app id:
// every request needs a valid Bot Framework JWT (401 otherwise) and outbound calls carry the
// bot's token. Token and key-set failures are answered here (401/500, one clear log line).
import { Activity } from '@microsoft/agents-activity';
import { CloudAdapter, type TurnContext } from '@microsoft/agents-hosting';
import express, { type Request, type Response, type Router } from 'express';
import type { ChatPort } from '../../src/chat/port.js';
import type { TeamsConfig } from '../../src/config/config.js';
import type { CoreApi } from '../../src/core/api.js';
import type { Logger } from '../../src/log/logger.js';
import { buildAuthConfig, type AuthOverrides } from './auth.js';
import { TeamsBot } from './bot.js';
import { storedReference } from './inbound.js';
import { TeamsChatPort } from './port.js';

export interface TeamsAdapterOptions {
  config: TeamsConfig;
  core: CoreApi;
  logger: Logger;
  clock?: () => Date;
  /** Tests: a local Entra authority (JWKS at {authority}/discovery/v2.0/keys). */
  auth?: AuthOverrides;
}

export interface TeamsAdapter {
  /** POST /api/messages */
  router: Router;
  port: ChatPort;
  /** Stop taking activities and wait for the turns in flight. */
  stop(): Promise<void>;
  /** The SDK adapter (tests inject an outbound token provider through its connectionManager). */
  adapter?: CloudAdapter;
}

export function createTeamsAdapter(opts: TeamsAdapterOptions): TeamsAdapter {
  const { config, core, logger } = opts;
  const clock = opts.clock ?? (() => new Date());
  let adapter: CloudAdapter;
  try {
    adapter = new CloudAdapter(buildAuthConfig(config, opts.auth));
  } catch (error) {
    // The SDK refuses to run without an app id when NODE_ENV=production.
    logger.error({ event: 'teams.disabled', err: (error as Error).message }, 'Teams is off: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (or unset NODE_ENV=production for local mode)');
    return disabledAdapter(logger);
  }
  const port = new TeamsChatPort({
    adapter, ...(config.appId ? { appId: config.appId } : {}), logger, clock,
    // A personal chat opened with a roster member is remembered like one the member opened.
    onPersonalChat: (person, reference) =>
      core.conversations.remember(person.partnershipId, { platform: 'teams', kind: 'person', externalId: reference.conversation.id, personId: person.personId, reference }),
  });
  const bot = new TeamsBot({ core, logger, clock, connectorKey: adapter.ConnectorClientKey, localMode: !config.appId });

  adapter.use(async (context: TurnContext, next: () => Promise<void>) => {
    if (context.activity.type !== 'event') {
      try {
        port.learn(storedReference(context.activity));
      } catch {
        /* an activity without recipient/conversation: nothing to learn */
      }
    }
    await next();
  });
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
    if (!req.body || typeof req.body !== 'object' || !(req.body as { type?: unknown }).type) {
      res.status(400).json({ error: 'expected a Bot Framework activity (JSON with a type)' });
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
  router.post('/api/messages', express.json({ limit: '1mb' }), (req, res) => {
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
    adapter,
    async stop() {
      stopping = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}

function disabledAdapter(logger: Logger): TeamsAdapter {
  const router = express.Router();
  router.post('/api/messages', (_req, res) => {
    res.status(503).json({ error: 'Teams is not configured: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD' });
  });
  const unreachable = { ok: false as const, failure: { kind: 'unreachable' as const, detail: 'Teams is not configured (no MICROSOFT_APP_ID)' } };
  const port: ChatPort = {
    platform: 'teams',
    canReach: () => false,
    sendDirect: async () => unreachable,
    postToChannel: async () => unreachable,
    update: async () => unreachable,
  };
  logger.debug({ event: 'teams.disabled_router' }, 'teams route answers 503');
  return { router, port, stop: async () => {} };
}
