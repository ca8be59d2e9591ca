// Files that come with a command reply (Message.files, e.g. the board pack's XLSX), uploaded
// with files.uploadV2 into the conversation the command was typed in; where the bot cannot post
// there (a channel it is not in), into the person's DM with the bot instead. A failure is
// answered to the person (what went wrong, what to do), never thrown.
import type { MessageFile } from '../../src/message/model.js';
import type { SlackDeps } from './context.js';
import type { Respond } from './reply.js';

const NOT_THERE = new Set(['not_in_channel', 'channel_not_found', 'access_denied', 'is_archived']);

const slackError = (e: unknown): string => {
  const data = (e as { data?: { error?: string } }).data;
  return data?.error ?? (e instanceof Error ? e.message : String(e));
};

export async function uploadReplyFiles(
  deps: SlackDeps,
  where: { channelId: string; userId: string },
  files: MessageFile[],
  respond: Respond,
): Promise<void> {
  const log = deps.logger.child({ slack: 'files', user: where.userId });
  const upload = (channel: string) =>
    deps.client.files.uploadV2({
      channel_id: channel,
      initial_comment: files.length === 1 ? files[0]!.title : `${files.length} files`,
      file_uploads: files.map((f) => ({ file: Buffer.from(f.data), filename: f.filename, title: f.title })),
    });
  try {
    await upload(where.channelId);
  } catch (e) {
    const why = slackError(e);
    if (!NOT_THERE.has(why)) {
      log.warn({ err: why }, 'file upload failed');
      await respond({ response_type: 'ephemeral', replace_original: false, text: `I could not attach ${files.map((f) => f.filename).join(', ')} (${why}). Try again in a minute, or ask an admin for it: cdp report board --format xlsx.` });
      return;
    }
    try {
      const dm = await deps.client.conversations.open({ users: where.userId });
      await upload(String(dm.channel?.id));
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'I am not in this channel, so the file is in your direct messages with me.' });
    } catch (e2) {
      log.warn({ err: slackError(e2) }, 'file upload to the DM failed');
      await respond({ response_type: 'ephemeral', replace_original: false, text: `I could not attach the file here or in a direct message (${slackError(e2)}). Invite me to this channel (/invite @cdp-bot), or ask an admin for it: cdp report board --format xlsx.` });
    }
  }
}
