// Buttons that know the list they sit in. A message listing items (the daily nudge, `mine`,
// `due`, `overdue`, the App Home, `find`, `contracts`, and the `show` card) tags every button that acts on
// one item with the refs of the message, so a press re-renders the whole list rather than
// replacing it with a reply about that one item. Payloads stay small: past LIST_REFS_CAP refs
// the tag is left off and a press falls back to the one-item reply.
import { LIST_VIEWS, type Block, type Button, type ButtonAction, type InList, type ListView } from './model.js';

/** At most this many refs ride on a button (Slack: button value ≤ 2,000 chars). */
export const LIST_REFS_CAP = 40;

const REF = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const LISTABLE = new Set<ButtonAction['kind']>(['set_status', 'add_note', 'snooze', 'contract_stage', 'all_on_track']);

/** The refs of a message's items, in display order (duplicates once). */
export function itemRefs(blocks: Block[]): string[] {
  return [...new Set(blocks.flatMap((b) => (b.type === 'item' ? [b.ref] : [])))];
}

function tag(button: Button, where: InList): Button {
  if (!LISTABLE.has(button.action.kind)) return button;
  return { ...button, action: { ...button.action, ...where } as ButtonAction };
}

/**
 * Tags the buttons of `blocks` with the list they are in, so a press re-renders the message in
 * its shape. With a view, one item is enough (a one-action reminder, a `show` card keep their
 * heading and hint after a press); without one, it takes two. Leaves the blocks as they are
 * when no button is there or the list is longer than LIST_REFS_CAP.
 */
export function attachList(blocks: Block[], view?: ListView, day?: string): Block[] {
  const refs = itemRefs(blocks);
  const withButtons = blocks.filter((b) => (b.type === 'item' && b.buttons?.length) || (b.type === 'buttons' && b.buttons.length)).length;
  if (refs.length < (view ? 1 : 2) || withButtons < 1 || refs.length > LIST_REFS_CAP || !refs.every((r) => REF.test(r))) return blocks;
  const where: InList = { list: refs, ...(view ? { view } : {}), ...(day && DAY.test(day) ? { day } : {}) };
  return blocks.map((b) => {
    if (b.type === 'item' && b.buttons?.length) return { ...b, buttons: b.buttons.map((x) => tag(x, where)) };
    if (b.type === 'buttons') return { ...b, buttons: b.buttons.map((x) => tag(x, where)) };
    return b;
  });
}

/**
 * Reads list/view/day from an untrusted payload (a Slack button value, a Teams card's data, a
 * modal's private metadata). `{}` when none is there; undefined when one is there but malformed.
 */
export function decodeInList(raw: Record<string, unknown>): InList | undefined {
  const out: InList = {};
  if (raw.list !== undefined) {
    const list = raw.list;
    if (!Array.isArray(list) || list.length === 0 || list.length > LIST_REFS_CAP || !list.every((r) => typeof r === 'string' && REF.test(r))) return undefined;
    out.list = list as string[];
  }
  if (raw.view !== undefined) {
    if (!LIST_VIEWS.includes(raw.view as ListView)) return undefined;
    out.view = raw.view as ListView;
  }
  if (raw.day !== undefined) {
    if (typeof raw.day !== 'string' || !DAY.test(raw.day)) return undefined;
    out.day = raw.day;
  }
  return out;
}

/** The list part of an action, if it has one. */
export function listOf(action: ButtonAction): InList | undefined {
  if (action.kind === 'show') return undefined;
  const { list, view, day } = action;
  if (!list?.length) return undefined;
  return { list, ...(view ? { view } : {}), ...(day ? { day } : {}) };
}
