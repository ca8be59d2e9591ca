// The platform-neutral message model. Every reply and notification is a Message; the
// adapters render it (Block Kit in adapters/slack, Adaptive Cards in adapters/teams, text in
// adapters/console). All strings here are PLAIN TEXT: renderers escape them.
import type { ActionStatus, ContractRoute, ContractStage } from '../register/status.js';

/** The kinds of multi-item message a button can sit in (how a press re-renders that list). */
export const LIST_VIEWS = ['mine', 'nudge', 'due', 'overdue', 'home', 'digest', 'find', 'contracts', 'show'] as const;
export type ListView = (typeof LIST_VIEWS)[number];

/**
 * Where a button sits when its message lists several items: `list` is the refs of the message
 * (actions and contracts, in display order), `view` the kind of list, `day` (YYYY-MM-DD) the
 * local day of a daily nudge. With `list`, a press answers with the whole list re-rendered, the
 * pressed item updated and a line saying who did what; without it, with that one item.
 */
export interface InList {
  list?: string[];
  view?: ListView;
  day?: string;
}

/** What a button does when pressed. Buttons call the same use cases as typed commands. */
export type ButtonAction =
  | ({ kind: 'set_status'; ref: string; status: ActionStatus } & InList)
  /** Ask for a note (Slack opens a modal, Teams shows an input, console prompts). */
  | ({ kind: 'add_note'; ref: string } & InList)
  | ({ kind: 'snooze'; ref: string; days: number } & InList)
  /** "Mark all on track" in a batched nudge or a `mine` list. */
  | ({ kind: 'all_on_track'; refs: string[] } & InList)
  /** A contract stage, with the route when the button also records it ("Route decided — PSR direct award C"). */
  | ({ kind: 'contract_stage'; ref: string; stage: ContractStage; route?: ContractRoute } & InList)
  | { kind: 'show'; ref: string };

export interface Button {
  label: string;
  action: ButtonAction;
  style?: 'primary' | 'danger';
}

export type Block =
  | { type: 'heading'; text: string }
  /** A paragraph. `style: 'strong'` for emphasis, 'muted' for secondary text. */
  | { type: 'text'; text: string; style?: 'normal' | 'strong' | 'muted' }
  | { type: 'fields'; fields: { label: string; value: string }[] }
  /** One action (or contract) in a list: ref, title, a status chip, meta line and buttons. */
  | {
      type: 'item';
      ref: string;
      title: string;
      status?: ActionStatus;
      /** For contracts, the stage is shown instead of an action status. */
      stage?: ContractStage;
      /** Short secondary lines, e.g. "Due 31 Dec 2025 · Lead: MPS" or "Overdue by 12 days". */
      lines?: string[];
      buttons?: Button[];
    }
  | { type: 'buttons'; buttons: Button[] }
  | { type: 'divider' }
  /** Small print: sources, timestamps, "and 12 more". */
  | { type: 'context'; text: string }
  /** Headline counts by status (digest). */
  | { type: 'rag'; counts: Partial<Record<ActionStatus, number>>; percentComplete: number };

export interface Message {
  /** Plain-text summary: notification preview, fallback text, console header. */
  summary: string;
  blocks: Block[];
  /** Shown only to the person who asked (Slack ephemeral). Default true for command replies. */
  ephemeral?: boolean;
  /** The person this reply is about, if the change should refresh their home view etc. */
  meta?: { changedRefs?: string[]; error?: string };
  /**
   * Files that go with a command reply (e.g. the board pack's XLSX). Slack uploads them to the
   * conversation (files.uploadV2); other adapters show the message's own text on how to get them.
   * Never set on messages that go through the outbox.
   */
  files?: MessageFile[];
}

export interface MessageFile {
  filename: string;
  title: string;
  mimeType: string;
  data: Uint8Array;
}

export const message = (summary: string, blocks: Block[] = [], extra: Partial<Message> = {}): Message => ({
  summary,
  blocks: blocks.length ? blocks : [{ type: 'text', text: summary }],
  ...extra,
});

/** A reply that refuses or reports an error: says what was wrong and how to say it right. */
export const errorMessage = (what: string, hint?: string, code = 'error'): Message => ({
  summary: what,
  blocks: [{ type: 'text', text: what }, ...(hint ? [{ type: 'context' as const, text: hint }] : [])],
  ephemeral: true,
  meta: { error: code },
});
