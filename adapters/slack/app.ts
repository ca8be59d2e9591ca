// The Slack adapter: a Bolt App on an ExpressReceiver whose router (POST /slack/events) the
// server mounts on the shared Express app. Thin: the listeners live in ./listeners/*.
import { App, ExpressReceiver } from '@slack/bolt';
import express, { type Router } from 'express';
import type { ChatPort } from '../../src/chat/port.js';
import type { SlackConfig } from '../../src/config/config.js';
import type { CoreApi } from '../../src/core/api.js';
import type { Logger } from '../../src/log/logger.js';
import type { SlackDeps } from './context.js';
import { createDedupe } from './dedupe.js';
import { slackRequestGuard } from './guard.js';
import * as actions from './listeners/actions/index.js';
import * as commands from './listeners/commands/index.js';
import * as events from './listeners/events/index.js';
import * as views from './listeners/views/index.js';
import { createSenderClient, createSlackPort } from './port.js';
import { renderHomeView } from './render.js';
import { slackLogger as toSlackLogger } from './slack-logger.js';

export interface SlackAdapterOptions {
  config: SlackConfig;
  core: CoreApi;
  logger: Logger;
  clock?: () => Date;
}

export interface SlackAdapter {
  /** Handles POST /slack/events (commands, interactivity, events): `app.use(adapter.router)`. */
  router: Router;
  /** For the outbox: DMs, channel posts, updates. */
  port: ChatPort;
  /** The workspace of the bot token (auth.test): `core.tenancy.autoBind('slack', teamId)`. */
  teamId: string;
  botUserId: string;
  /**
   * After a change (the core's onChange): republish the App Home of everyone it concerns who uses
   * Slack, so Megan's update shows on Alex's Home tab. Failures are logged, never thrown.
   */
  refreshHomes(partnershipId: string, personIds: string[]): Promise<number>;
  stop(): Promise<void>;
}

export class SlackStartError extends Error {}

/**
 * Verifies the bot token once (auth.test), then builds the Bolt app. Throws SlackStartError with a
 * plain sentence when the token is refused or the Web API cannot be reached.
 */
export async function createSlackAdapter(opts: SlackAdapterOptions): Promise<SlackAdapter> {
  const { config, core, logger } = opts;
  const clock = opts.clock ?? (() => new Date());
  const apiUrl = config.apiUrl;
  const sender = createSenderClient(config.botToken, apiUrl, { logger: toSlackLogger(logger, 'slack-web-api') });

  let teamId: string;
  let botUserId: string;
  let botId: string;
  try {
    const auth = await sender.auth.test();
    if (!auth.team_id || !auth.user_id) throw new Error('auth.test returned no team_id/user_id');
    teamId = auth.team_id;
    botUserId = auth.user_id;
    botId = auth.bot_id ?? auth.user_id;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new SlackStartError(
      `Slack refused or could not check SLACK_BOT_TOKEN (auth.test: ${detail}). Check the token (xoxb-…) and, if set, SLACK_API_URL (${apiUrl ?? 'https://slack.com/api/'}).`,
    );
  }

  const slackLogger = toSlackLogger(logger);
  // Our door first (timestamps both ways, replays, body shape), then Bolt's own checks.
  const router = express.Router();
  router.post('/slack/events', ...slackRequestGuard({ signingSecret: config.signingSecret, logger: logger.child({ component: 'slack-guard' }) }));
  const receiver = new ExpressReceiver({
    signingSecret: config.signingSecret,
    router,
    endpoints: '/slack/events',
    processBeforeResponse: false,
    logger: slackLogger,
  });
  const app = new App({
    token: config.botToken,
    botId,
    botUserId,
    // Verified above: Bolt must not call auth.test again (per request or at construction).
    tokenVerificationEnabled: false,
    receiver,
    logger: slackLogger,
    clientOptions: {
      ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
      // Interactive answers (views.open needs the trigger within 3 s): fail fast, don't queue for minutes.
      retryConfig: { retries: 1, factor: 1, minTimeout: 200, maxTimeout: 500 },
      rejectRateLimitedCalls: true,
      timeout: 10_000,
    },
  });

  const deps: SlackDeps = { core, logger: logger.child({ component: 'slack' }), clock, client: app.client, botUserId, dedupe: createDedupe() };
  commands.register(app, deps);
  actions.register(app, deps);
  views.register(app, deps);
  events.register(app, deps);
  app.error(async (error) => {
    deps.logger.error({ err: { message: error.message, code: error.code } }, 'unhandled Slack listener error');
  });

  logger.info({ teamId, botUserId }, 'Slack adapter ready on POST /slack/events');
  return {
    router: receiver.router as Router,
    port: createSlackPort({ client: sender, logger }),
    teamId,
    botUserId,
    async refreshHomes(partnershipId, personIds) {
      let published = 0;
      for (const { userId, message } of await core.homes.forPeople(partnershipId, personIds, 'slack', clock())) {
        try {
          await app.client.views.publish({ user_id: userId, view: renderHomeView(message) });
          published++;
        } catch (e) {
          deps.logger.warn({ userId, err: e instanceof Error ? e.message : String(e) }, 'views.publish failed');
        }
      }
      return published;
    },
    stop: async () => {
      // The router lives on the shared server, which the caller closes; nothing else holds resources.
    },
  };
}
