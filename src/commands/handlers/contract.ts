// `contract <ref> <stage|route> [note]` and the contract stage buttons: commissioner or admin;
// one ContractUpdate row in the same transaction; a repeat changes nothing.
import type { CommandContext } from '../../core/api.js';
import { canUpdateContract, whoCanUpdateContract } from '../../core/permissions.js';
import { errorMessage, type Message } from '../../message/model.js';
import { commissionersOfAgency, findContractByRef, loadContract, recordContractStage, type ContractRecord } from '../../register/contracts.js';
import { adminNames } from '../../register/people.js';
import { ROUTE_LABEL, STAGE_LABEL, type ContractRoute, type ContractStage } from '../../register/status.js';
import { cleanNote } from '../hygiene.js';
import { contractItem } from '../views/contract.js';
import { VIA_LABEL } from '../views/format.js';
import { reply, todayOf, type HandlerDeps, type LinkedContext } from './common.js';

export async function refuseContract(deps: HandlerDeps, ctx: CommandContext, c: ContractRecord): Promise<Message> {
  const [admins, agencyCommissioners] = await Promise.all([
    adminNames(deps.db.prisma, ctx.partnership.id),
    commissionersOfAgency(deps.db.prisma, c.commissionerAgencyId),
  ]);
  return errorMessage(`You can't update ${c.ref}. ${whoCanUpdateContract(c, agencyCommissioners.map((p) => p.name), admins)}`, undefined, 'forbidden');
}

export async function handleContract(
  deps: HandlerDeps,
  ctx: LinkedContext,
  cmd: { ref: string; stage?: ContractStage; route?: ContractRoute; note?: string },
): Promise<Message> {
  const found = await findContractByRef(deps.db.prisma, ctx.partnership.id, cmd.ref);
  if (!found.ok) return errorMessage(found.error.message, found.error.hint, found.error.code);
  return applyStage(deps, ctx, found.value, cmd);
}

export async function applyStage(
  deps: HandlerDeps,
  ctx: LinkedContext,
  c: ContractRecord,
  cmd: { stage?: ContractStage; route?: ContractRoute; note?: string },
): Promise<Message> {
  if (!canUpdateContract(ctx.person, c)) return refuseContract(deps, ctx, c);
  let note: string | undefined;
  if (cmd.note !== undefined) {
    const cleaned = cleanNote(cmd.note, { now: ctx.now });
    if (!cleaned.ok) return errorMessage(cleaned.error.message, cleaned.error.hint, cleaned.error.code);
    note = cleaned.value || undefined;
  }
  if (!cmd.stage && !cmd.route && !note) {
    return errorMessage(`Nothing to record for ${c.ref}: give a stage, a route or a note.`, `For example: contract ${c.ref} options appraisal — paper to board in March`, 'bad_arguments');
  }
  const out = await recordContractStage(deps.db.prisma, { contractId: c.id, personId: ctx.person.id, via: ctx.via, now: ctx.now, stage: cmd.stage, route: cmd.route, note });
  const after = await loadContract(deps.db.prisma, c.id);
  const today = todayOf(ctx);
  if (!out.changed) {
    const text = `${c.ref} is already at ${STAGE_LABEL[out.newStage]} (route: ${ROUTE_LABEL[out.newRoute]}) — nothing changed.`;
    return reply(text, [{ type: 'text', text }, contractItem(after, today, true)]);
  }
  const parts: string[] = [];
  if (out.oldStage !== out.newStage) parts.push(`stage to ${STAGE_LABEL[out.newStage]} (was ${STAGE_LABEL[out.oldStage]})`);
  if (out.oldRoute !== out.newRoute) parts.push(`route to ${ROUTE_LABEL[out.newRoute]} (was ${ROUTE_LABEL[out.oldRoute]})`);
  const text = parts.length
    ? `${ctx.person.name} set ${c.ref} ${parts.join(' and ')}${note ? ' and added a note' : ''}.`
    : `${ctx.person.name} added a note to ${c.ref}.`;
  return reply(text, [
    { type: 'text', text },
    ...(note ? [{ type: 'context' as const, text: `Note: ${note}` }] : []),
    contractItem(after, today, true),
    { type: 'context', text: `Recorded in the contract's history via ${VIA_LABEL[ctx.via]}.` },
  ], { meta: { changedRefs: [c.ref] } });
}
