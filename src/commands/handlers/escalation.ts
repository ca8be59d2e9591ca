// The decisions on an escalation (SPEC §10), for the subgroup's chair, the SRO and admins:
// "Chase the lead" (the lead's next daily message says the chair asked), "Agree a new date…"
// (a redate with its reason: a new due date starts a new episode), "Raise to the SRO" (the
// SRO and admins get it with the next daily messages). Each is stamped on the escalation and
// written in the action's history.
import { localDate } from '../../calendar/zone.js';
import type { EscalationStep, Message } from '../../message/model.js';
import { errorMessage } from '../../message/model.js';
import type { ActionRecord } from '../../register/actions.js';
import { recordDecision } from '../../register/escalations.js';
import { exampleDates } from '../help.js';
import { parse } from '../parse.js';
import { actionItem } from '../views/action.js';
import { actionOrReply, isMessage, reply, todayOf, type HandlerDeps, type LinkedContext } from './common.js';
import { handleRedate } from './redate.js';

/** The episodes the action is in now ("overdue:<due>", "<status>:<day>"), as the ladder names them. */
function currentEpisodes(a: ActionRecord, tz: string, today: string): string[] {
  const out: string[] = [];
  const due = a.dueDate ? a.dueDate.toISOString().slice(0, 10) : null;
  if (a.status !== 'ongoing' && due && due < today) out.push(`overdue:${due}`);
  if (a.status === 'off_track' || a.status === 'blocked') out.push(`${a.status}:${localDate(a.statusSince, tz)}`);
  return out;
}

const mayDecide = (ctx: LinkedContext, a: ActionRecord) =>
  ctx.person.isAdmin || ctx.person.isSro || (!!a.subgroupId && ctx.person.chairOf.some((s) => s.id === a.subgroupId));

export async function handleEscalationStep(deps: HandlerDeps, ctx: LinkedContext, ref: string, step: EscalationStep, input?: string): Promise<Message> {
  const a = await actionOrReply(deps, ctx, ref);
  if (isMessage(a)) return a;
  if (!mayDecide(ctx, a)) {
    return errorMessage(`Only the ${a.subgroup?.name ?? 'subgroup'} chair, the SRO or an admin can decide on ${a.ref}'s escalation.`, `You can still update it: update ${a.ref} <status> <note>`, 'forbidden');
  }
  const tz = ctx.partnership.timezone;
  const episodes = currentEpisodes(a, tz, localDate(ctx.now, tz));
  const rows = await deps.db.prisma.escalation.findMany({ where: { actionId: a.id, episode: { in: episodes } }, orderBy: { createdAt: 'desc' } });
  if (!rows.length) {
    return errorMessage(`${a.ref} is no longer escalated (it is not overdue or off track as it was), so nothing was changed.`, `show ${a.ref} has its history.`, 'not_escalated');
  }
  const episode = rows[0]!.episode;
  const who = ctx.person.name;
  const record = (decision: 'chase' | 'raise' | 'new_date', note: string) =>
    recordDecision(deps.db.prisma, { partnershipId: ctx.partnership.id, actionId: a.id, episode, personId: ctx.person.id, via: ctx.via, now: ctx.now, decision, note });
  const lead = a.leadAgency?.name ?? 'the lead';
  switch (step) {
    case 'chase': {
      await record('chase', `Escalation — ${who} chased the lead (${lead}).`);
      const text = `${who} chased ${lead} about ${a.ref}: their next daily message (next working day) says you asked for an update.`;
      return reply(text, [{ type: 'text', text }, actionItem(a, todayOf(ctx), false), { type: 'context', text: 'Recorded in the action\'s history.' }], { meta: { changedRefs: [a.ref] } });
    }
    case 'raise': {
      await record('raise', `Escalation — ${who} raised it to the SRO.`);
      const text = `${who} raised ${a.ref} to the SRO: the SRO and admins get it with the next daily messages, and it goes on the board's exception list.`;
      return reply(text, [{ type: 'text', text }, actionItem(a, todayOf(ctx), false), { type: 'context', text: 'Recorded in the action\'s history.' }], { meta: { changedRefs: [a.ref] } });
    }
    case 'new_date': {
      const [d1] = exampleDates(ctx.now);
      if (!input || !input.trim()) {
        return errorMessage(`Agree a new date for ${a.ref}: give the new due date and the reason.`, `For example: ${d1} funding confirmed late, agreed with the lead — or type: redate ${a.ref} ${d1} <reason>`, 'needs_input');
      }
      const parsed = parse(`redate ${a.ref} ${input}`, { now: ctx.now });
      if (!parsed.ok) return errorMessage(parsed.error.message, `Give the date then the reason, e.g. ${d1} funding confirmed late`, parsed.error.code);
      if (parsed.command.name !== 'redate') return errorMessage('Give the new due date then the reason.', `For example: ${d1} funding confirmed late`, 'bad_date');
      const out = await handleRedate(deps, ctx, parsed.command);
      if (out.meta?.error) return out;
      await record('new_date', `Escalation — ${who} agreed a new date: ${parsed.command.reason}`);
      return out;
    }
  }
}
