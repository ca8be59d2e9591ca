// `contract <ref> …` (the reply grammar of src/commands/parse/contract-stage.ts) and the contract
// stage buttons: commissioner or admin. The change is planned against the contract's route
// (src/contracts/change.ts): recorded with one ContractUpdate row (and a ContractPeriod for a new
// term) in one transaction, or answered with a question or a refusal that changes nothing.
import type { CommandContext } from '../../core/api.js';
import { canUpdateContract, whoCanUpdateContract } from '../../core/permissions.js';
import { errorMessage, type Message } from '../../message/model.js';
import { toIsoDate as iso } from '../../calendar/uk-date.js';
import { planContractChange, type ChangePlan } from '../../contracts/change.js';
import { stageLabelOn } from '../../contracts/regimes.js';
import { commissionersOfAgency, findContractByRef, loadContract, recordContractChange, type ContractRecord } from '../../register/contracts.js';
import { adminNames } from '../../register/people.js';
import { ROUTE_LABEL, STAGE_LABEL, type ContractRoute, type ContractStage } from '../../register/status.js';
import { cleanNote } from '../hygiene.js';
import type { ContractChange, TermSpec } from '../parse/contract-stage.js';
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

export async function handleContract(deps: HandlerDeps, ctx: LinkedContext, cmd: { ref: string } & ContractChange): Promise<Message> {
  const found = await findContractByRef(deps.db.prisma, ctx.partnership.id, cmd.ref);
  if (!found.ok) return errorMessage(found.error.message, found.error.hint, found.error.code);
  const { ref: _ref, ...change } = cmd;
  return applyStage(deps, ctx, found.value, change);
}

const isoOrNull = (d: Date | null) => (d ? iso(d) : null);
const dbDay = (d: string) => new Date(`${d}T00:00:00Z`);

/** What the reply asks for, as the contract stands (src/contracts/change.ts decides). */
function planFor(c: ContractRecord, cmd: ContractChange, today: Date): ChangePlan {
  const term = (t: TermSpec | undefined) => (t ? { ...(t.start ? { start: iso(t.start) } : {}), ...(t.end ? { end: iso(t.end) } : {}), ...(t.months ? { months: t.months } : {}) } : undefined);
  const award = cmd.award ? { ...(cmd.award.provider ? { provider: cmd.award.provider } : {}), ...(cmd.award.term ? { term: term(cmd.award.term)! } : {}), ...(cmd.award.annualValue ? { annualValue: cmd.award.annualValue } : {}) } : undefined;
  return planContractChange(
    {
      ref: c.ref, route: c.route, stage: c.stage, provider: c.provider, expiry: iso(c.expiryDate),
      extensionOptions: c.extensionOptions, extensionOptionsUsed: c.extensionOptionsUsed, standstillEnd: isoOrNull(c.standstillEnd),
    },
    {
      ...(cmd.stage ? { stage: cmd.stage } : {}), ...(cmd.route ? { route: cmd.route } : {}),
      ...(cmd.noticeDate ? { noticeDate: iso(cmd.noticeDate) } : {}), ...(award ? { award } : {}),
      ...(cmd.extension ? { extension: term(cmd.extension)! } : {}),
    },
    iso(today),
    (route, stage) => stageLabelOn(route, stage, STAGE_LABEL),
  );
}

export async function applyStage(deps: HandlerDeps, ctx: LinkedContext, c: ContractRecord, cmd: ContractChange): Promise<Message> {
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
  const today = todayOf(ctx);
  const plan = planFor(c, cmd, today);
  if (plan.kind === 'refuse') return errorMessage(plan.text, plan.hint, 'bad_stage');
  if (plan.kind === 'question') {
    return reply(plan.text, [
      { type: 'text', text: plan.text },
      contractItem(c, today, false),
      { type: 'buttons', buttons: plan.choices.map((ch) => ({ label: ch.label, action: { kind: 'contract_stage' as const, ref: c.ref, stage: ch.stage, route: ch.route } })) },
      { type: 'context', text: `Or type: contract ${c.ref} route decided — direct award C (or most suitable provider, competitive process, open procedure, competitive flexible, PA direct award, extension, decommission)` },
    ], { meta: { error: 'needs_route' } });
  }
  const ch = plan.change;
  const out = await recordContractChange(deps.db.prisma, {
    contractId: c.id, personId: ctx.person.id, via: ctx.via, now: ctx.now,
    ...(ch.stage ? { stage: ch.stage } : {}), ...(ch.route ? { route: ch.route } : {}), ...(note ? { note } : {}), ...(ch.detail ? { detail: ch.detail } : {}),
    ...(ch.notice ? { notice: { date: dbDay(ch.notice.date), standstillEnd: ch.notice.standstillEnd ? dbDay(ch.notice.standstillEnd) : null } } : {}),
    ...(ch.term ? { term: { ...ch.term, start: dbDay(ch.term.start), end: dbDay(ch.term.end) } } : {}),
  });
  const after = await loadContract(deps.db.prisma, c.id);
  const stageName = (route: ContractRoute, stage: ContractStage) => stageLabelOn(route, stage, STAGE_LABEL);
  if (!out.changed) {
    const text = `${c.ref} is already at ${stageName(out.newRoute, out.newStage)} (route: ${ROUTE_LABEL[out.newRoute]}) — nothing changed.`;
    return reply(text, [{ type: 'text', text }, contractItem(after, today, true)]);
  }
  const parts: string[] = [];
  if (out.oldRoute !== out.newRoute) parts.push(`route to ${ROUTE_LABEL[out.newRoute]} (was ${ROUTE_LABEL[out.oldRoute]})`);
  if (out.oldStage !== out.newStage) parts.push(`stage to ${stageName(out.newRoute, out.newStage)} (was ${stageName(out.oldRoute, out.oldStage)})`);
  const text = parts.length
    ? `${ctx.person.name} set ${c.ref} ${parts.join(' and ')}${note ? ' and added a note' : ''}.`
    : ch.detail ? `${ctx.person.name} updated ${c.ref}.` : `${ctx.person.name} added a note to ${c.ref}.`;
  return reply(text, [
    { type: 'text', text },
    ...(ch.detail ? [{ type: 'text' as const, text: ch.detail }] : []),
    ...(note ? [{ type: 'context' as const, text: `Note: ${note}` }] : []),
    contractItem(after, today, true),
    ...(ch.ask ? [{ type: 'text' as const, text: ch.ask, style: 'strong' as const }] : []),
    { type: 'context', text: `Recorded in the contract's history via ${VIA_LABEL[ctx.via]}.` },
  ], { meta: { changedRefs: [c.ref] } });
}
