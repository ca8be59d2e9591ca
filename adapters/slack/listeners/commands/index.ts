// The slash command `/cdp …`: acknowledged at once (Slack's 3-second limit), then answered through
// the response_url with the core's reply, ephemeral unless the core says otherwise.
import type { App, SlashCommand } from '@slack/bolt';
import { buildContext, failureMessage, type SlackDeps } from '../../context.js';
import { uploadReplyFiles } from '../../files.js';
import { createAfterAckQueue } from '../../after-ack.js';
import { asResponse, refreshHomeIfChanged, type Respond } from '../../reply.js';

export const COMMAND = '/cdp';

/** Does the work after the ack: context → core → reply. Never throws; failures are answered. */
export async function handleSlashCommand(deps: SlackDeps, command: SlashCommand, respond: Respond): Promise<void> {
  const log = deps.logger.child({ slack: 'command', team: command.team_id, user: command.user_id });
  try {
    const isDirect = command.channel_name === 'directmessage' || command.channel_id.startsWith('D');
    const built = await buildContext(deps, {
      teamId: command.team_id,
      userId: command.user_id,
      channelId: command.channel_id,
      channelName: command.channel_name,
      isDirect,
    });
    if (!built.ok) {
      await respond(asResponse(built.message));
      return;
    }
    const reply = await deps.core.commands.text(built.ctx, command.text ?? '');
    await respond(asResponse(reply));
    if (reply.files?.length) await uploadReplyFiles(deps, { channelId: command.channel_id, userId: command.user_id }, reply.files, respond);
    await refreshHomeIfChanged(deps, built.ctx, command.user_id, reply);
  } catch (e) {
    log.error({ err: e instanceof Error ? { message: e.message, stack: e.stack } : String(e) }, 'slash command failed');
    await respond(asResponse(failureMessage())).catch((re: unknown) => log.error({ err: String(re) }, 'respond failed'));
  }
}

export function register(app: App, deps: SlackDeps): void {
  const afterAck = createAfterAckQueue();
  app.command(COMMAND, async ({ command, ack, respond }) => {
    await ack();
    await afterAck(() => handleSlashCommand(deps, command, respond));
  });
}
