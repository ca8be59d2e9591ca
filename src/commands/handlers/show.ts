// `show <ref>`: an action with its last 5 updates, or (C-xx) a contract with its history.
import { canUpdateAction, canUpdateContract } from '../../core/permissions.js';
import { attachList } from '../../message/list.js';
import { errorMessage, type Message } from '../../message/model.js';
import { findActionWithHistory } from '../../register/actions.js';
import { contractHistory, findContractByRef } from '../../register/contracts.js';
import { STATUS_INFO, STAGE_LABEL } from '../../register/status.js';
import { actionDetail } from '../views/action.js';
import { contractDetail } from '../views/contract.js';
import { reply, todayOf, type HandlerDeps, type LinkedContext } from './common.js';

export const looksLikeContractRef = (ref: string) => /^c-?\d+$/i.test(ref.trim());

export async function handleShow(deps: HandlerDeps, ctx: LinkedContext, ref: string): Promise<Message> {
  const prisma = deps.db.prisma;
  const today = todayOf(ctx);
  const tz = ctx.partnership.timezone;
  if (looksLikeContractRef(ref)) {
    const c = await findContractByRef(prisma, ctx.partnership.id, ref);
    if (c.ok) {
      const history = await contractHistory(prisma, c.value.id);
      return reply(`${c.value.ref} · ${c.value.service} — ${STAGE_LABEL[c.value.stage]}`, attachList(contractDetail(c.value, history, today, tz, canUpdateContract(ctx.person, c.value)), 'show'));
    }
  }
  const a = await findActionWithHistory(deps.db, ctx.partnership.id, ref, 5);
  if (!a.ok) {
    if (looksLikeContractRef(ref)) return errorMessage(`No contract or action ${ref.trim().toUpperCase()}.`, 'Contract refs look like C-01 (see `contracts 24m`); action refs like TRS-07.', 'not_found');
    return errorMessage(a.error.message, a.error.hint, a.error.code);
  }
  const { history, ...action } = a.value;
  // Its buttons know they sit on a `show` card: a press answers with this card again, updated.
  return reply(`${a.value.ref} · ${a.value.title} — ${STATUS_INFO[a.value.status].label}`, attachList(actionDetail(action, history, today, tz, canUpdateAction(ctx.person, action)), 'show'));
}
