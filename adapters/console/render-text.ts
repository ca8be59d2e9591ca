// Text rendering of the message model for the console (cdp chat, cdp run in local mode).
// Status chips as "[AMBER] At risk", fields aligned, buttons as numbered choices
// "[1] On track  [2] At risk"; the choices come back so a typed number can press a button.
// User text is plain text here, but terminal control sequences are removed so a stored note
// can never move the cursor, recolour or retitle the terminal.
import { STAGE_LABEL, STATUS_INFO, type ActionStatus } from '../../src/register/status.js';
import type { Block, Button, ButtonAction, Message } from '../../src/message/model.js';
import { STATUS_PALETTE } from '../../src/message/palette.js';

export interface RenderTextOptions {
  /** Number buttons as choices ("[1] On track"); default true. When false: "[On track]". */
  numberButtons?: boolean;
  /** Number the first button with this (continuing a list); default 1. */
  firstChoice?: number;
}

export interface RenderedText {
  text: string;
  /** choices[i] is the action of button [i + firstChoice]. */
  choices: ButtonAction[];
}

/** Removes terminal control (escape sequences, C0/C1 controls except newline and tab). */
export function safeText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/\u001b\[[0-9;?]*[ -\/]*[@-~]/g, '') // CSI sequences
    .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, '') // OSC sequences
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g, '');
}

/** "[AMBER] At risk" */
export function statusChip(status: ActionStatus): string {
  return `[${STATUS_PALETTE[status].name.toUpperCase()}] ${STATUS_INFO[status].label}`;
}

const indent = (text: string, pad: string) => text.split('\n').map((l) => (l ? pad + l : l)).join('\n');

export function renderText(message: Message, opts: RenderTextOptions = {}): RenderedText {
  const numbered = opts.numberButtons !== false;
  const choices: ButtonAction[] = [];
  let next = opts.firstChoice ?? 1;
  const buttonRow = (buttons: Button[]): string =>
    buttons
      .map((b) => {
        const label = safeText(b.label).replace(/\s+/g, ' ').trim();
        if (!numbered) return `[${label}]`;
        choices.push(b.action);
        return `[${next++}] ${label}`;
      })
      .join('  ');

  const out: string[] = [];
  for (const block of message.blocks) out.push(renderBlock(block, buttonRow));
  const text = out.filter((s) => s !== '').join('\n');
  return { text: text === '' ? safeText(message.summary) : text, choices };
}

function renderBlock(block: Block, buttonRow: (b: Button[]) => string): string {
  switch (block.type) {
    case 'heading': {
      const t = safeText(block.text).replace(/\s+/g, ' ').trim();
      return `${t}\n${'='.repeat(Math.min(60, Math.max(3, [...t].length)))}`;
    }
    case 'text': {
      const t = safeText(block.text);
      return block.style === 'muted' ? indent(t, '  ') : t;
    }
    case 'fields': {
      const labels = block.fields.map((f) => safeText(f.label).replace(/\s+/g, ' ').trim());
      const width = Math.min(24, Math.max(0, ...labels.map((l) => [...l].length)));
      return block.fields
        .map((f, i) => {
          const label = `${labels[i]}:`.padEnd(width + 2);
          const [first = '', ...more] = safeText(f.value).split('\n');
          return [label + first, ...more.map((l) => ' '.repeat(width + 2) + l)].join('\n');
        })
        .join('\n');
    }
    case 'item': {
      const chip = block.status ? statusChip(block.status) : block.stage ? `[${STAGE_LABEL[block.stage]}]` : '';
      const head = [safeText(block.ref), chip, safeText(block.title).replace(/\s+/g, ' ').trim()].filter(Boolean).join('  ');
      const lines = (block.lines ?? []).map((l) => indent(safeText(l), '    '));
      const buttons = block.buttons?.length ? [`    ${buttonRow(block.buttons)}`] : [];
      return [head, ...lines, ...buttons].join('\n');
    }
    case 'buttons':
      return block.buttons.length ? buttonRow(block.buttons) : '';
    case 'divider':
      return '-'.repeat(40);
    case 'context':
      return indent(safeText(block.text), '  ');
    case 'rag': {
      const parts = (Object.keys(STATUS_INFO) as ActionStatus[])
        .filter((s) => (block.counts[s] ?? 0) > 0)
        .map((s) => `${statusChip(s)} ${block.counts[s]}`);
      return `${parts.length ? parts.join('  ') : 'No actions'}  —  ${Math.round(block.percentComplete)}% complete`;
    }
  }
}
