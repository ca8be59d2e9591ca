// Message → Adaptive Card 1.5 (what Teams desktop, web and mobile render).
// heading → TextBlock; fields → FactSet; item → Container with a ColumnSet (ref, title, coloured
// status) and an ActionSet of Action.Execute buttons (verb `cdp.<kind>`, data = the ButtonAction);
// "Add note…" → Action.ShowCard with an Input.Text and its own Action.Execute (verb cdp.add_note).
// All user text goes through escapeText and is only ever a string value. The card's JSON is kept
// under the Teams payload limit (28 KB for the whole activity): long lists end with "and N more".
// Buttons in a list carry the list's refs (so a press re-renders the whole list); when that
// makes the card too big to show every item, the card is rendered without them instead (a press
// then answers about its one item), as showing every item matters more.
import type { Block, Button, ButtonAction, Message } from '../../src/message/model.js';
import { STATUS_PALETTE } from '../../src/message/palette.js';
import { STAGE_LABEL, STATUS_INFO, type ActionStatus, type ContractStage } from '../../src/register/status.js';
import { clip, escapeText } from './escape.js';

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Budget for the card JSON: leaves room for the activity envelope inside Teams' 28 KB. */
export const CARD_BYTE_BUDGET = 26 * 1024;
/** Teams shows at most six actions in an ActionSet on a card. */
const MAX_ACTIONS = 6;
const MAX_TEXT = 4000;

type Element = Record<string, unknown>;

export interface RenderOptions {
  /** Defaults to CARD_BYTE_BUDGET; tests may pass a smaller budget. */
  byteBudget?: number;
}

/** A status as card text: the palette's symbol and word, in a colour that reads at ≥ 4.5:1. */
export function statusText(status: ActionStatus): { text: string; color: string } {
  const p = STATUS_PALETTE[status];
  return { text: `${p.emoji} ${STATUS_INFO[status].label}`, color: p.card };
}

export const byteLength = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

const textBlock = (text: string, extra: Element = {}): Element => ({
  type: 'TextBlock',
  text: escapeText(clip(text, MAX_TEXT)),
  wrap: true,
  ...extra,
});

/** Renders one button. `noteInputId` names the Input.Text of an "Add note…" card. */
function renderButton(button: Button, noteInputId: () => string): Element {
  const title = clip(button.label, 60);
  const execute = (action: ButtonAction, extraData: Element = {}): Element => ({
    type: 'Action.Execute',
    title,
    verb: `cdp.${action.kind}`,
    data: { ...action, ...extraData },
    ...(button.style === 'primary' ? { style: 'positive' } : button.style === 'danger' ? { style: 'destructive' } : {}),
  });
  if (button.action.kind !== 'add_note') return execute(button.action);
  const inputId = noteInputId();
  return {
    type: 'Action.ShowCard',
    title,
    card: {
      type: 'AdaptiveCard',
      body: [
        {
          type: 'Input.Text',
          id: inputId,
          label: `Note for ${button.action.ref}`,
          placeholder: 'What has happened? (no names or details of people the services help)',
          isMultiline: true,
          maxLength: 2000,
          isRequired: true,
          errorMessage: 'Type a note first',
        },
      ],
      actions: [{ ...execute(button.action, { noteInput: inputId }), title: 'Save note' }],
    },
  };
}

class CardBuilder {
  private readonly body: Element[] = [];
  private noteInputs = 0;
  private separateNext = false;

  constructor(private readonly totalNotes: number) {}

  nextNoteId(): string {
    this.noteInputs += 1;
    return this.totalNotes <= 1 ? 'note' : `note_${this.noteInputs}`;
  }

  actionSet(buttons: Button[]): Element | undefined {
    if (!buttons.length) return undefined;
    return { type: 'ActionSet', actions: buttons.slice(0, MAX_ACTIONS).map((b) => renderButton(b, () => this.nextNoteId())) };
  }

  push(element: Element): void {
    if (this.separateNext) {
      element.separator = true;
      element.spacing = 'Medium';
      this.separateNext = false;
    }
    this.body.push(element);
  }

  divider(): void {
    this.separateNext = true;
  }

  get elements(): Element[] {
    return this.body;
  }
}

function statusLabel(status?: ActionStatus, stage?: ContractStage) {
  if (stage) return { text: STAGE_LABEL[stage], color: 'Accent' };
  if (status) return statusText(status);
  return undefined;
}

function renderItem(b: CardBuilder, block: Extract<Block, { type: 'item' }>): Element {
  const chip = statusLabel(block.status, block.stage);
  const columns: Element[] = [
    { type: 'Column', width: 'auto', items: [textBlock(block.ref, { weight: 'Bolder' })] },
    { type: 'Column', width: 'stretch', items: [textBlock(clip(block.title, 300))] },
  ];
  // The Default colour is left implicit (fewer bytes per item in a long list).
  if (chip) columns.push({ type: 'Column', width: 'auto', items: [textBlock(chip.text, { ...(chip.color === 'Default' ? {} : { color: chip.color }), weight: 'Bolder' })] });
  const items: Element[] = [{ type: 'ColumnSet', columns }];
  for (const line of block.lines ?? []) items.push(textBlock(line, { isSubtle: true, size: 'Small', spacing: 'None' }));
  const actions = b.actionSet(block.buttons ?? []);
  if (actions) items.push(actions);
  return { type: 'Container', separator: true, spacing: 'Medium', items };
}

function renderRag(block: Extract<Block, { type: 'rag' }>): Element {
  const columns: Element[] = [];
  for (const [status, count] of Object.entries(block.counts) as [ActionStatus, number][]) {
    if (!count) continue;
    const chip = statusText(status);
    columns.push({
      type: 'Column',
      width: 'auto',
      items: [
        { type: 'TextBlock', text: String(count), size: 'Large', weight: 'Bolder', color: chip.color, horizontalAlignment: 'Center' },
        { type: 'TextBlock', text: escapeText(chip.text), size: 'Small', spacing: 'None', horizontalAlignment: 'Center' },
      ],
    });
  }
  return {
    type: 'Container',
    items: [
      { type: 'ColumnSet', columns },
      { type: 'TextBlock', text: `${Math.round(block.percentComplete)}% complete`, weight: 'Bolder', spacing: 'Small' },
    ],
  };
}

function renderSimple(b: CardBuilder, block: Exclude<Block, { type: 'item' }>): Element | undefined {
  switch (block.type) {
    case 'heading':
      return textBlock(clip(block.text, 200), { size: 'Large', weight: 'Bolder', style: 'heading' });
    case 'text':
      return textBlock(block.text, block.style === 'strong' ? { weight: 'Bolder' } : block.style === 'muted' ? { isSubtle: true } : {});
    case 'fields':
      return {
        type: 'FactSet',
        facts: block.fields.map((f) => ({ title: escapeText(clip(f.label, 100)), value: escapeText(clip(f.value, 1000)) })),
      };
    case 'buttons':
      return b.actionSet(block.buttons);
    case 'context':
      return textBlock(block.text, { size: 'Small', isSubtle: true });
    case 'rag':
      return renderRag(block);
    case 'divider':
      b.divider();
      return undefined;
  }
}

const countNotes = (blocks: Block[]) =>
  blocks.reduce((n, block) => {
    const buttons = block.type === 'item' ? block.buttons ?? [] : block.type === 'buttons' ? block.buttons : [];
    return n + buttons.slice(0, MAX_ACTIONS).filter((x) => x.action.kind === 'add_note').length;
  }, 0);

const shell = (summary: string, body: Element[]): Element => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  fallbackText: clip(summary, 300),
  body,
});

/** The message without the list tags on its buttons. */
export function withoutLists(message: Message): Message {
  const untag = (b: Button): Button => {
    if (b.action.kind === 'show') return b;
    const { list: _l, view: _v, day: _d, ...action } = b.action;
    return { ...b, action: action as ButtonAction };
  };
  return {
    ...message,
    blocks: message.blocks.map((block) =>
      block.type === 'item' && block.buttons ? { ...block, buttons: block.buttons.map(untag) } : block.type === 'buttons' ? { ...block, buttons: block.buttons.map(untag) } : block,
    ),
  };
}

const hasLists = (message: Message) =>
  message.blocks.some((b) => (b.type === 'item' ? b.buttons ?? [] : b.type === 'buttons' ? b.buttons : []).some((x) => x.action.kind !== 'show' && x.action.list));

/** Renders a Message as an Adaptive Card and reports its JSON size in bytes. */
export function renderCard(message: Message, opts: RenderOptions = {}): { card: Record<string, unknown>; bytes: number } {
  const budget = opts.byteBudget ?? CARD_BYTE_BUDGET;
  const first = renderWithin(message, budget);
  if (first.omitted === 0 || !hasLists(message)) return first.result;
  const second = renderWithin(withoutLists(message), budget);
  return second.omitted < first.omitted ? second.result : first.result;
}

function renderWithin(message: Message, budget: number): { result: { card: Record<string, unknown>; bytes: number }; omitted: number } {
  const b = new CardBuilder(countNotes(message.blocks));
  // Room kept for the "and N more" lines and the card shell.
  let used = byteLength(shell(message.summary, [])) + 400;
  let cutting = false;
  let omitted = 0;
  let omittedTotal = 0;
  const flushOmitted = () => {
    if (omitted > 0) b.push(textBlock(`… and ${omitted} more`, { isSubtle: true, weight: 'Bolder' }));
    omitted = 0;
    cutting = false;
  };
  for (const block of message.blocks) {
    if (block.type !== 'item') {
      flushOmitted();
      const el = renderSimple(b, block);
      if (!el) continue;
      const size = byteLength(el) + 1;
      if (used + size > budget) continue;
      used += size;
      b.push(el);
      continue;
    }
    if (cutting) {
      omitted += 1;
      omittedTotal += 1;
      continue;
    }
    const el = renderItem(b, block);
    const size = byteLength(el) + 1;
    if (used + size > budget) {
      cutting = true;
      omitted += 1;
      omittedTotal += 1;
      continue;
    }
    used += size;
    b.push(el);
  }
  flushOmitted();
  if (b.elements.length === 0) b.push(textBlock(message.summary));
  const card = shell(message.summary, b.elements);
  return { result: { card, bytes: byteLength(card) }, omitted: omittedTotal };
}

/** The message activity for a Message: the card as an attachment, the summary as the text fallback. */
export function messageActivity(message: Message, opts: RenderOptions = {}): Record<string, unknown> {
  const { card } = renderCard(message, opts);
  return {
    type: 'message',
    summary: clip(message.summary, 300),
    attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }],
  };
}
