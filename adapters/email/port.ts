// ChatPort for email: the outbox sends a person's message (reminders, escalations, contract
// check-ins, metric requests) as one email with a text and an HTML part, carrying a signed link
// to a page where one click records the update. Reaches anyone with an address that has not
// bounced permanently; posts to no channel and cannot edit a sent email.
import type { ChannelTarget, ChatPort, MessageRef, PersonTarget, SendResult } from '../../src/chat/port.js';
import type { LinksApi } from '../../src/core/api.js';
import type { Logger } from '../../src/log/logger.js';
import type { Block, Message } from '../../src/message/model.js';
import { classifySmtpError } from './failures.js';
import { renderEmail, type EmailLink } from './render.js';
import type { MailTransport } from './transport.js';

export interface EmailPortDeps {
  transport: MailTransport;
  from: string;
  /** The bot's public base URL (no trailing slash); read at send time (local mode learns its port at start). */
  publicUrl: () => string;
  links: Pick<LinksApi, 'issue'>;
  logger: Logger;
  clock: () => Date;
  /** Local mode: each .eml file written, with the recipient. */
  onFile?: (file: string, to: string) => void;
}

/** Refs a link must cover: the message's items and the refs its buttons act on (50 at most). */
export function refsOf(blocks: Block[]): { actionRefs: string[]; contractRefs: string[] } {
  const actions = new Set<string>();
  const contracts = new Set<string>();
  for (const b of blocks) {
    const buttons = b.type === 'item' || b.type === 'buttons' ? (b.buttons ?? []) : [];
    if (b.type === 'item' && b.status) actions.add(b.ref);
    if (b.type === 'item' && b.stage) contracts.add(b.ref);
    for (const { action } of buttons) {
      if (action.kind === 'set_status' || action.kind === 'add_note') actions.add(action.ref);
      if (action.kind === 'contract_stage') contracts.add(action.ref);
    }
  }
  return { actionRefs: [...actions].slice(0, 50), contractRefs: [...contracts].slice(0, 50 - Math.min(actions.size, 50)) };
}

const PLAUSIBLE = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

export class EmailChatPort implements ChatPort {
  readonly platform = 'email' as const;
  /** Mail written to files (local mode) is not paced like a relay. */
  readonly unpaced: boolean;
  private seq = 0;

  constructor(private readonly deps: EmailPortDeps) {
    this.unpaced = deps.transport.local === true;
  }

  canReach(person: PersonTarget): boolean {
    const address = person.email.trim().toLowerCase();
    if (!PLAUSIBLE.test(address)) return false;
    return !(person.unreachable ?? []).some((u) => u.platform === 'email' && u.externalId === address);
  }

  async sendDirect(person: PersonTarget, message: Message): Promise<SendResult> {
    const address = person.email.trim().toLowerCase();
    if (!PLAUSIBLE.test(address)) return { ok: false, failure: { kind: 'unreachable', detail: `"${person.email}" is not an email address` } };
    const now = this.deps.clock();
    const refs = refsOf(message.blocks);
    let link: EmailLink | undefined;
    let partnership: { name: string; timezone: string } | undefined;
    if (refs.actionRefs.length + refs.contractRefs.length > 0) {
      const issued = await this.deps.links.issue({ partnershipId: person.partnershipId, personId: person.personId, ...refs, now });
      link = { url: `${this.deps.publicUrl()}/e/${issued.token}`, expiresAt: issued.expiresAt };
      partnership = issued.partnership;
    }
    const mail = renderEmail(message, {
      recipientName: person.name,
      ...(link ? { link } : {}),
      ...(partnership ? { partnershipName: partnership.name, timeZone: partnership.timezone } : {}),
    });
    try {
      const sent = await this.deps.transport.send({
        from: this.deps.from,
        to: { name: person.name, address },
        ...mail,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      });
      this.deps.logger.info({ event: 'email.sent', personId: person.personId, ...(sent.file ? { file: sent.file } : {}) }, 'email sent');
      if (sent.file) this.deps.onFile?.(sent.file, `${person.name} <${address}>`);
      return { ok: true, ref: { platform: 'email', channelId: `mail:${person.personId}`, messageId: sent.messageId || `local-${++this.seq}` } };
    } catch (error) {
      const failure = classifySmtpError(error, address);
      this.deps.logger.warn({ event: 'email.send_failed', personId: person.personId, failure: failure.kind, detail: failure.kind === 'rate_limited' ? undefined : failure.detail }, 'email send failed');
      return { ok: false, failure };
    }
  }

  async postToChannel(channel: ChannelTarget): Promise<SendResult> {
    return { ok: false, failure: { kind: 'unreachable', detail: `email does not post to channels (${channel.label ?? channel.channelId})` } };
  }

  async update(ref: MessageRef): Promise<SendResult> {
    return { ok: false, failure: { kind: 'unreachable', detail: `a sent email cannot be changed (${ref.messageId})` } };
  }
}
