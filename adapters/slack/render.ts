// Block Kit renderer for the platform-neutral Message model (src/message/model.ts).
// Every user string is escaped (& < >) before it reaches an mrkdwn field, so `<!channel>`,
// `<@U123>` and `<http://x|y>` show as text. Slack's limits are kept by cutting, never by failing:
// ≤ 50 blocks (100 for Home tabs and modals), ≤ 3,000 chars per text, header ≤ 150,
// button text ≤ 75, button value ≤ 2,000, ≤ 10 fields per section, ≤ 25 elements per actions block.
import type { ActionsBlock, Button as SlackButton, ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { STAGE_LABEL, STATUS_INFO, type ActionStatus, ACTION_STATUSES } from '../../src/register/status.js';
import type { Block, Button, Message } from '../../src/message/model.js';
import { STATUS_PALETTE } from '../../src/message/palette.js';

export const LIMITS = {
  blocks: 50,
  surfaceBlocks: 100,
  text: 3000,
  header: 150,
  buttonText: 75,
  buttonValue: 2000,
  fieldsPerSection: 10,
  fieldText: 2000,
  actionsElements: 25,
  fallbackText: 3000,
} as const;

/** The status symbols of the shared palette (src/message/palette.ts). */
export const STATUS_EMOJI: Record<ActionStatus, string> = Object.fromEntries(
  ACTION_STATUSES.map((s) => [s, STATUS_PALETTE[s].emoji]),
) as Record<ActionStatus, string>;

/** Slack mrkdwn escaping: the three characters Slack uses for control sequences. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts to `max` characters with an ellipsis, never leaving half an entity (&amp;) at the end. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, Math.max(0, max - 1)).replace(/&[a-z]{0,4}$/, '');
  return `${head}…`;
}

export const statusLabel = (s: ActionStatus) => `${STATUS_EMOJI[s]} ${STATUS_INFO[s].label}`;

/** Splits long text into chunks of at most `max`, preferring line breaks. */
function split(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let at = rest.lastIndexOf('\n', max);
    if (at < max / 2) at = rest.lastIndexOf(' ', max);
    if (at < max / 2) at = max;
    let chunk = rest.slice(0, at);
    const partial = /&[a-z]{0,4}$/.exec(chunk);
    if (partial) chunk = chunk.slice(0, partial.index);
    out.push(chunk);
    rest = rest.slice(chunk.length).replace(/^\n/, '');
  }
  if (rest.length) out.push(rest);
  return out;
}

const mrkdwnSection = (text: string): SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: cut(text, LIMITS.text) } });
const contextBlock = (text: string): ContextBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: cut(text, LIMITS.text) }] });

/** Renders one button; undefined when its action does not fit Slack's 2,000-char value. */
function renderButton(b: Button, index: number): SlackButton | undefined {
  const value = JSON.stringify(b.action);
  if (value.length > LIMITS.buttonValue) return undefined;
  return {
    type: 'button',
    action_id: `cdp:${b.action.kind}:${index}`,
    text: { type: 'plain_text', text: cut(b.label, LIMITS.buttonText), emoji: true },
    value,
    ...(b.style ? { style: b.style } : {}),
  };
}

function actionsBlocks(buttons: Button[], counter: { n: number }): ActionsBlock[] {
  const rendered = buttons.map((b) => renderButton(b, counter.n++)).filter((b): b is SlackButton => b !== undefined);
  const out: ActionsBlock[] = [];
  for (let i = 0; i < rendered.length; i += LIMITS.actionsElements) {
    out.push({ type: 'actions', elements: rendered.slice(i, i + LIMITS.actionsElements) });
  }
  return out;
}

function ragLine(counts: Partial<Record<ActionStatus, number>>, percentComplete: number): string {
  const parts = ACTION_STATUSES.filter((s) => (counts[s] ?? 0) > 0).map((s) => `${STATUS_EMOJI[s]} *${counts[s]}* ${STATUS_INFO[s].label}`);
  const pct = Math.round(percentComplete);
  return `${parts.length ? parts.join('  ·  ') : 'No actions'}  —  *${pct}%* complete`;
}

/** One model block → one or more Slack blocks. */
export function renderBlock(block: Block, counter: { n: number }): KnownBlock[] {
  switch (block.type) {
    case 'heading':
      return [{ type: 'header', text: { type: 'plain_text', text: cut(block.text, LIMITS.header), emoji: true } }];
    case 'text': {
      const escaped = escapeMrkdwn(block.text);
      if (block.style === 'muted') return split(escaped, LIMITS.text).map(contextBlock);
      const chunks = split(escaped, LIMITS.text - 2);
      return chunks.map((c) => mrkdwnSection(block.style === 'strong' && c.trim() ? `*${c}*` : c));
    }
    case 'fields': {
      const fields = block.fields.map((f) => ({
        type: 'mrkdwn' as const,
        text: cut(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, LIMITS.fieldText),
      }));
      const out: SectionBlock[] = [];
      for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) {
        out.push({ type: 'section', fields: fields.slice(i, i + LIMITS.fieldsPerSection) });
      }
      return out;
    }
    case 'item': {
      const chip = block.status ? statusLabel(block.status) : block.stage ? `📄 ${STAGE_LABEL[block.stage]}` : undefined;
      const head = `*${escapeMrkdwn(block.ref)}*  ${escapeMrkdwn(block.title)}`;
      const lines = [head, ...(chip ? [chip] : []), ...(block.lines ?? []).map(escapeMrkdwn)];
      const out: KnownBlock[] = [mrkdwnSection(lines.join('\n'))];
      if (block.buttons?.length) out.push(...actionsBlocks(block.buttons, counter));
      return out;
    }
    case 'buttons':
      return actionsBlocks(block.buttons, counter);
    case 'divider':
      return [{ type: 'divider' }];
    case 'context':
      return [contextBlock(escapeMrkdwn(block.text))];
    case 'rag':
      return [mrkdwnSection(ragLine(block.counts, block.percentComplete))];
  }
}

export interface RenderOptions {
  /** 50 for messages (default), 100 for Home tabs and modals. */
  maxBlocks?: number;
}

/** The Message as Block Kit, with `text` as the notification/fallback text. */
export function renderBlocks(message: Message, opts: RenderOptions = {}): { text: string; blocks: KnownBlock[] } {
  const max = opts.maxBlocks ?? LIMITS.blocks;
  const counter = { n: 0 };
  const blocks: KnownBlock[] = [];
  let omittedItems = 0;
  let omittedOther = 0;
  let full = false;
  const source = message.blocks;
  for (let i = 0; i < source.length; i++) {
    const b = source[i]!;
    if (!full) {
      const rendered = renderBlock(b, counter);
      // Keep one slot free for the "…and N more" line whenever something might follow.
      const room = i === source.length - 1 ? max : max - 1;
      if (blocks.length + rendered.length <= room) {
        blocks.push(...rendered);
        continue;
      }
      full = true;
    }
    if (b.type === 'item') omittedItems++;
    else if (b.type !== 'divider') omittedOther++;
  }
  if (full) {
    const n = omittedItems || omittedOther;
    const what = omittedItems ? (n === 1 ? 'action' : 'actions') : n === 1 ? 'entry' : 'entries';
    blocks.push(contextBlock(`…and ${n} more ${what} (ask for a shorter list, e.g. \`/cdp due 14d\`, or see the App Home tab)`));
  }
  return { text: cut(escapeMrkdwn(message.summary), LIMITS.fallbackText), blocks };
}

/** The App Home tab: the same rendering with the surface limit of 100 blocks. */
export function renderHomeView(message: Message): { type: 'home'; blocks: KnownBlock[] } {
  return { type: 'home', blocks: renderBlocks(message, { maxBlocks: LIMITS.surfaceBlocks }).blocks };
}
