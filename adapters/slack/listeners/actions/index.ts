// Button clicks (block_actions with action_id `cdp:<kind>:<n>`): "Add note…" opens a modal;
// every other button goes to the core and REPLACES the message it was on with the core's reply
// (which names who did what; for a button in a list, the whole list with that item updated).
// A refusal is answered to the clicker only and leaves the message as it was; "Show" answers
// beside the message too. A retried delivery of the same click is ignored.
import type { App, BlockAction, ButtonAction as SlackButtonAction } from '@slack/bolt';
import { ACTION_STATUSES, CONTRACT_STAGES, ROUTE_LABEL } from '../../../../src/register/status.js';
import { decodeInList } from '../../../../src/message/list.js';
import { errorMessage, type ButtonAction } from '../../../../src/message/model.js';
import { buildContext, failureMessage, type SlackDeps } from '../../context.js';
import { asResponse, publishHome, refreshHomeIfChanged, type Respond } from '../../reply.js';
import { noteModal, type NoteOrigin } from '../views/index.js';

export const ACTION_ID = /^cdp:/;

const REF = /^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,39}$/;

/** The button's value back into a ButtonAction; undefined when it is not one of ours. */
export function decodeButtonAction(value: string | undefined): ButtonAction | undefined {
  if (!value) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const a = v as Record<string, unknown>;
  const ref = typeof a.ref === 'string' && REF.test(a.ref) ? a.ref : undefined;
  // The list the button sits in (optional); a malformed one makes the whole button unreadable.
  const where = a.kind === 'show' ? {} : decodeInList(a);
  if (!where) return undefined;
  switch (a.kind) {
    case 'set_status':
      return ref && ACTION_STATUSES.includes(a.status as never) ? { kind: 'set_status', ref, status: a.status as never, ...where } : undefined;
    case 'add_note':
      return ref ? { kind: 'add_note', ref, ...where } : undefined;
    case 'show':
      return ref ? { kind: 'show', ref } : undefined;
    case 'snooze':
      return ref && Number.isInteger(a.days) && (a.days as number) > 0 ? { kind: 'snooze', ref, days: a.days as number, ...where } : undefined;
    case 'contract_stage':
      if (a.route !== undefined && !(typeof a.route === 'string' && Object.hasOwn(ROUTE_LABEL, a.route))) return undefined;
      return ref && CONTRACT_STAGES.includes(a.stage as never)
        ? { kind: 'contract_stage', ref, stage: a.stage as never, ...(a.route ? { route: a.route as never } : {}), ...where }
        : undefined;
    case 'all_on_track': {
      const refs = Array.isArray(a.refs) ? a.refs.filter((r): r is string => typeof r === 'string' && REF.test(r)) : [];
      return refs.length && refs.length === (a.refs as unknown[]).length ? { kind: 'all_on_track', refs, ...where } : undefined;
    }
    default:
      return undefined;
  }
}

/** Handles one click after the ack. Never throws; failures are answered to the clicker only. */
export async function handleButtonClick(
  deps: SlackDeps,
  body: BlockAction<SlackButtonAction>,
  clicked: SlackButtonAction,
  respond: Respond | undefined,
): Promise<'done' | 'duplicate' | 'modal' | 'refused' | 'failed'> {
  const log = deps.logger.child({ slack: 'button', user: body.user.id, action: clicked.action_id });
  if (!deps.dedupe.first(`click:${body.user.id}:${clicked.action_ts}:${clicked.action_id}`)) {
    log.info('duplicate click ignored');
    return 'duplicate';
  }
  const answer = async (m: Parameters<typeof asResponse>[0]) => {
    if (respond) await respond(asResponse(m)).catch((e: unknown) => log.warn({ err: String(e) }, 'respond failed'));
  };
  try {
    const action = decodeButtonAction(clicked.value);
    if (!action) {
      await answer(errorMessage('That button is from an older version of this message and no longer works.', 'Type `/cdp mine` for a fresh list.', 'bad_button'));
      return 'refused';
    }
    const fromHome = body.container?.type === 'view' || body.view?.type === 'home';
    // Workspace and person first, for every button: "Add note…" opens no modal for a stranger.
    const built = await buildContext(deps, {
      teamId: body.team?.id ?? body.user.team_id,
      userId: body.user.id,
      ...(body.channel?.id ? { channelId: body.channel.id, channelName: body.channel.name, isDirect: body.channel.id.startsWith('D') } : {}),
    });
    if (!built.ok) {
      await answer(built.message);
      return 'refused';
    }
    if (action.kind === 'add_note') {
      if (!built.ctx.person) {
        // The core's "not linked" answer, which says how to get linked.
        await answer(await deps.core.commands.button(built.ctx, action));
        return 'refused';
      }
      const origin: NoteOrigin = {
        ref: action.ref,
        ...(action.list ? { list: action.list } : {}),
        ...(action.view ? { view: action.view } : {}),
        ...(action.day ? { day: action.day } : {}),
        ...(body.channel?.id ? { channelId: body.channel.id } : {}),
        ...(body.message?.ts ? { ts: body.message.ts } : {}),
        ...(!fromHome && body.response_url ? { responseUrl: body.response_url } : {}),
        ...(fromHome ? { fromHome: true } : {}),
      };
      await deps.client.views.open({ trigger_id: body.trigger_id, view: noteModal(origin) });
      return 'modal';
    }
    const reply = await deps.core.commands.button(built.ctx, action);
    if (reply.meta?.error) {
      // Beside the message (ephemeral, replace_original false): the list and its buttons stay.
      await answer(reply);
      return 'refused';
    }
    if (fromHome) {
      await publishHome(deps, built.ctx, body.user.id);
      return 'done';
    }
    if (action.kind === 'show') {
      // The details go beside the message, which may be a list of several items.
      await answer(reply);
      return 'done';
    }
    if (respond) await respond(asResponse(reply, { replaceOriginal: true }));
    await refreshHomeIfChanged(deps, built.ctx, body.user.id, reply);
    return 'done';
  } catch (e) {
    log.error({ err: e instanceof Error ? { message: e.message, stack: e.stack } : String(e) }, 'button failed');
    await answer(failureMessage());
    return 'failed';
  }
}

export function register(app: App, deps: SlackDeps): void {
  app.action<BlockAction<SlackButtonAction>>({ type: 'block_actions', action_id: ACTION_ID }, async ({ ack, body, action, respond }) => {
    await ack();
    if (action.type !== 'button') return;
    await handleButtonClick(deps, body, action, body.response_url ? respond : undefined);
  });
}
