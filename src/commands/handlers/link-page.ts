// The page behind a signed email link (src/web renders it): the actions and contracts the link
// covers, each with its buttons, and a press on that page — a status, a stage and/or a note —
// through the same use cases as the chat buttons (applyUpdate, applyStage), so permissions,
// the personal-data guard and the history row ("via email") are the same everywhere.
import { canUpdateAction, canUpdateContract } from '../../core/permissions.js';
import { errorMessage, type Block, type Message } from '../../message/model.js';
import { findActionByRef } from '../../register/actions.js';
import { findContractByRef } from '../../register/contracts.js';
import type { ActionStatus, ContractStage } from '../../register/status.js';
import { actionItem } from '../views/action.js';
import { contractItem } from '../views/contract.js';
import { reply, todayOf, type HandlerDeps, type LinkedContext } from './common.js';
import { applyStage } from './contract.js';
import { applyUpdate } from './update.js';

export interface LinkScopeRefs {
  actionRefs: string[];
  contractRefs: string[];
}

export interface LinkPress {
  ref: string;
  status?: ActionStatus;
  stage?: ContractStage;
  note?: string;
}

/** The link's items as they are now, with buttons where the person may update them. */
export async function linkPage(deps: HandlerDeps, ctx: LinkedContext, scope: LinkScopeRefs): Promise<Message> {
  const prisma = deps.db.prisma;
  const today = todayOf(ctx);
  const blocks: Block[] = [];
  const gone: string[] = [];
  for (const ref of scope.actionRefs) {
    const a = await findActionByRef(deps.db, ctx.partnership.id, ref);
    if (a.ok) blocks.push(actionItem(a.value, today, canUpdateAction(ctx.person, a.value)));
    else gone.push(ref);
  }
  for (const ref of scope.contractRefs) {
    const c = await findContractByRef(prisma, ctx.partnership.id, ref);
    if (c.ok) blocks.push(contractItem(c.value, today, canUpdateContract(ctx.person, c.value)));
    else gone.push(ref);
  }
  if (gone.length) blocks.push({ type: 'context', text: `No longer in the register: ${gone.join(', ')}.` });
  const n = scope.actionRefs.length + scope.contractRefs.length;
  const summary = `${ctx.person.name}: ${n === 1 ? 'the item' : `the ${n} items`} from your email, as they are now`;
  return reply(summary, blocks);
}

/** One press on the page. Refs outside the link's scope are refused; nothing else is touched. */
export async function linkPress(deps: HandlerDeps, ctx: LinkedContext, scope: LinkScopeRefs, press: LinkPress): Promise<Message> {
  const ref = press.ref.trim().toUpperCase();
  const note = press.note?.trim() ? press.note : undefined;
  if (scope.actionRefs.includes(ref)) {
    if (press.stage) return errorMessage(`${ref} is an action: choose a status, not a contract stage.`, undefined, 'bad_arguments');
    const a = await findActionByRef(deps.db, ctx.partnership.id, ref);
    if (!a.ok) return errorMessage(a.error.message, a.error.hint, a.error.code);
    if (!press.status && !note) return errorMessage(`Nothing to record for ${ref}: press a status, or write a note and press “Save note”.`, undefined, 'bad_arguments');
    return applyUpdate(deps, ctx, a.value, press.status, note);
  }
  if (scope.contractRefs.includes(ref)) {
    if (press.status) return errorMessage(`${ref} is a contract: choose a stage, not an action status.`, undefined, 'bad_arguments');
    const c = await findContractByRef(deps.db.prisma, ctx.partnership.id, ref);
    if (!c.ok) return errorMessage(c.error.message, c.error.hint, c.error.code);
    return applyStage(deps, ctx, c.value, { ...(press.stage ? { stage: press.stage } : {}), ...(note ? { note } : {}) });
  }
  return errorMessage(`${ref || 'That item'} is not one of the items this link covers, so nothing was changed.`, `This link covers ${[...scope.actionRefs, ...scope.contractRefs].join(', ')}.`, 'out_of_scope');
}
