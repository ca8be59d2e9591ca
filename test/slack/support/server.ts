// An Express app on 127.0.0.1 that mounts the Slack adapter's router (as src/server does), with
// the Slack Web API double behind it.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/app.js';
import type { CoreApi } from '../../../src/core/api.js';
import { silentLogger, type Logger } from '../../../src/log/logger.js';
import { startSlackApiDouble, type SlackApiDouble, type SlackApiDoubleOptions } from '../../doubles/slack-api.js';
import { slackSender, type SlackSender } from './requests.js';

export const SIGNING_SECRET = 'test-signing-secret-8f3a';

export interface SlackHarness {
  api: SlackApiDouble;
  adapter: SlackAdapter;
  url: string;
  slack: SlackSender;
  close(): Promise<void>;
}

export async function startSlackHarness(opts: {
  core: CoreApi;
  logger?: Logger;
  clock?: () => Date;
  api?: SlackApiDoubleOptions;
}): Promise<SlackHarness> {
  const api = await startSlackApiDouble(opts.api);
  const adapter = await createSlackAdapter({
    config: { signingSecret: SIGNING_SECRET, botToken: api.token, apiUrl: api.apiUrl },
    core: opts.core,
    logger: opts.logger ?? silentLogger(),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const app = express();
  app.use(adapter.router);
  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  return {
    api,
    adapter,
    url,
    slack: slackSender(url, SIGNING_SECRET),
    close: async () => {
      await adapter.stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await api.close();
    },
  };
}
