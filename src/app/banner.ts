// The start banner: where the bot listens and which doors are open, in words that never claim
// more than is true (no "production credentials" while Teams runs with authentication off).
import type { Config } from '../config/config.js';

const LOOPBACK = /^(127\.|::1$|localhost$)/i;

export function startBanner(config: Config, port: number, slackTeamId: string | undefined): string[] {
  const where = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const reach = LOOPBACK.test(config.host) ? 'this machine only' : `all interfaces${config.localMode ? ' (HOST is set)' : ''}`;
  const mode = config.localMode
    ? 'LOCAL MODE (no chat credentials: Teams with authentication off, Slack off)'
    : config.teamsMode === 'authenticated'
      ? `credentials set (${slackTeamId ? 'Slack and ' : ''}Microsoft: every request authenticated)`
      : 'credentials set (Slack only: every request authenticated; Teams off)';
  const teams =
    config.teamsMode === 'authenticated'
      ? `POST /api/messages (app ${config.teams.appId}, JWT required)`
      : config.teamsMode === 'local'
        ? 'POST /api/messages with authentication OFF (Microsoft 365 Agents Playground / Bot Framework Emulator; only loopback serviceUrls are called)'
        : 'off: /api/messages refuses every request (set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to enable)';
  return [
    `cdp-bot listening on ${where} (${reach}) — ${mode}`,
    `  Slack:    ${slackTeamId ? `on, POST /slack/events (workspace ${slackTeamId})` : 'off (set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN to enable)'}`,
    `  Teams:    ${teams}`,
  ];
}
