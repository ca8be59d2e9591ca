// ChatPort for the console: prints DMs and channel posts (local mode, `cdp run`, `cdp start`
// without chat credentials). Always reachable; message ids count up from 1.
import type { ChannelTarget, ChatPort, MessageRef, PersonTarget, SendResult } from '../../src/chat/port.js';
import type { Message } from '../../src/message/model.js';
import { renderText, safeText } from './render-text.js';

export function createConsolePort(write: (text: string) => void): ChatPort {
  let seq = 0;
  const send = (header: string, channelId: string, message: Message): SendResult => {
    const { text } = renderText(message, { numberButtons: false });
    write(`${header}\n${text}\n`);
    return { ok: true, ref: { platform: 'console', channelId, messageId: String(++seq) } };
  };
  return {
    platform: 'console',
    canReach: () => true,
    async sendDirect(person: PersonTarget, message: Message): Promise<SendResult> {
      return send(`--- DM to ${safeText(person.name)} <${safeText(person.email)}> ---`, `dm:${person.personId}`, message);
    },
    async postToChannel(channel: ChannelTarget, message: Message): Promise<SendResult> {
      return send(`--- post in ${safeText(channel.label ?? channel.channelId)} ---`, channel.channelId, message);
    },
    async update(ref: MessageRef, message: Message): Promise<SendResult> {
      const { text } = renderText(message, { numberButtons: false });
      write(`--- message ${safeText(ref.messageId)} updated ---\n${text}\n`);
      return { ok: true, ref };
    },
  };
}
