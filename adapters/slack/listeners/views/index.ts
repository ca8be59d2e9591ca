// The "Add note…" modal: opened by the button, submitted as an update through the core.
// A refusal (too long, looks like personal data, not allowed) is shown inline on the input
// (response_action: 'errors') so the person can fix the text without losing it.
import type { App, ViewSubmitAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { decodeInList } from '../../../../src/message/list.js';
import type { InList, Message } from '../../../../src/message/model.js';
import { ACTION_STATUSES, STATUS_INFO, type ActionStatus } from '../../../../src/register/status.js';
import { buildContext, type SlackDeps } from '../../context.js';
import { cut, renderBlocks } from '../../render.js';
import { publishHome, refreshHomeIfChanged } from '../../reply.js';

export const NOTE_CALLBACK = 'cdp:add_note';
export const NOTE_BLOCK = 'note';
export const NOTE_INPUT = 'note';
export const NOTE_MAX = 2000;

/**
 * Where the note's button was: carried through the modal in private_metadata (≤ 3,000 chars),
 * with the list it sat in (at most 40 refs) so the saved note re-renders the whole list.
 */
export interface NoteOrigin extends InList {
  ref: string;
  /** The status the note is the reason for ("Off track…"), if any. */
  status?: ActionStatus;
  /** Pre-filled text (the reply the bot asked about). */
  note?: string;
  channelId?: string;
  ts?: string;
  responseUrl?: string;
  fromHome?: boolean;
}

export function noteModal(origin: NoteOrigin): ModalView {
  return {
    type: 'modal',
    callback_id: NOTE_CALLBACK,
    private_metadata: JSON.stringify(origin),
    title: { type: 'plain_text', text: cut(origin.status ? `${STATUS_INFO[origin.status].label}: ${origin.ref}` : `Note on ${origin.ref}`, 24) },
    submit: { type: 'plain_text', text: origin.status ? cut(`Save as ${STATUS_INFO[origin.status].label}`, 24) : 'Add note' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: NOTE_BLOCK,
        label: { type: 'plain_text', text: origin.status ? `Why is ${origin.ref} ${STATUS_INFO[origin.status].label.toLowerCase()}, and what is being done?` : `What is the latest on ${origin.ref}?` },
        hint: { type: 'plain_text', text: 'About the action, not about the people the services help: no names, NHS numbers or dates of birth.' },
        element: { type: 'plain_text_input', action_id: NOTE_INPUT, multiline: true, max_length: NOTE_MAX, min_length: 1, ...(origin.note ? { initial_value: cut(origin.note, NOTE_MAX) } : {}) },
      },
    ],
  };
}

export function parseOrigin(privateMetadata: string | undefined): NoteOrigin | undefined {
  try {
    const o = JSON.parse(privateMetadata ?? '') as Partial<NoteOrigin>;
    if (typeof o !== 'object' || o === null || typeof o.ref !== 'string' || !o.ref) return undefined;
    const where = decodeInList(o as Record<string, unknown>);
    if (!where) return undefined;
    const { list: _l, view: _v, day: _d, status, ...rest } = o as NoteOrigin;
    return { ...rest, ...(status && ACTION_STATUSES.includes(status) ? { status } : {}), ...where };
  } catch {
    return undefined;
  }
}

/** The message's words as one line for an inline error (summary, then its hint). */
function errorText(m: Message): string {
  const hint = m.blocks.find((b) => b.type === 'context');
  return cut([m.summary, hint && hint.type === 'context' ? hint.text : ''].filter(Boolean).join(' '), 500);
}

export type SubmissionResult =
  | { ack: undefined; after?: () => Promise<void> }
  | { ack: { response_action: 'errors'; errors: Record<string, string> } };

/**
 * Works out the answer to a submission before the ack (errors must go in the ack), and what to do
 * after it (replace the original message, refresh the Home tab).
 */
export async function handleNoteSubmission(deps: SlackDeps, body: ViewSubmitAction): Promise<SubmissionResult> {
  const log = deps.logger.child({ slack: 'note', user: body.user.id });
  const view = body.view;
  const origin = parseOrigin(view.private_metadata);
  const note = view.state.values[NOTE_BLOCK]?.[NOTE_INPUT]?.value ?? '';
  const inline = (text: string): SubmissionResult => ({ ack: { response_action: 'errors', errors: { [NOTE_BLOCK]: text } } });
  if (!origin) return inline('This form has expired. Close it and press "Add note…" again.');
  if (!note.trim()) return inline('Write a note first: what has happened since the last update?');
  if (!deps.dedupe.first(`view:${view.id}:${view.hash}`)) return { ack: undefined };
  try {
    const built = await buildContext(deps, { teamId: body.team?.id ?? body.user.team_id, userId: body.user.id });
    if (!built.ok) return inline(errorText(built.message));
    const where = { ...(origin.list ? { list: origin.list } : {}), ...(origin.view ? { view: origin.view } : {}), ...(origin.day ? { day: origin.day } : {}) };
    const reply = await deps.core.commands.button(built.ctx, { kind: 'add_note', ref: origin.ref, ...(origin.status ? { status: origin.status } : {}), ...where }, { note });
    if (reply.meta?.error) return inline(errorText(reply));
    const ctx = built.ctx;
    return {
      ack: undefined,
      after: async () => {
        try {
          if (origin.fromHome) {
            await publishHome(deps, ctx, body.user.id);
            return;
          }
          const { text, blocks } = renderBlocks(reply);
          if (origin.responseUrl) {
            const res = await fetch(origin.responseUrl, {
              method: 'POST',
              headers: { 'content-type': 'application/json; charset=utf-8' },
              body: JSON.stringify({ replace_original: true, text, blocks }),
            });
            if (!res.ok) throw new Error(`response_url answered ${res.status}`);
          } else if (origin.channelId && origin.ts) {
            await deps.client.chat.update({ channel: origin.channelId, ts: origin.ts, text, blocks });
          } else {
            await deps.client.chat.postMessage({ channel: body.user.id, text, blocks });
          }
          await refreshHomeIfChanged(deps, ctx, body.user.id, reply);
        } catch (e) {
          log.warn({ err: e instanceof Error ? e.message : String(e) }, 'could not show the note confirmation');
        }
      },
    };
  } catch (e) {
    log.error({ err: e instanceof Error ? { message: e.message, stack: e.stack } : String(e) }, 'note submission failed');
    return inline(`Sorry, something went wrong on my side and the note on ${origin.ref} was not saved. Please try again.`);
  }
}

export function register(app: App, deps: SlackDeps): void {
  app.view<ViewSubmitAction>(NOTE_CALLBACK, async ({ ack, body }) => {
    const result = await handleNoteSubmission(deps, body);
    await ack(result.ack);
    if (result.ack === undefined && result.after) await result.after();
  });
}
