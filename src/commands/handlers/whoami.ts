// `whoami`: my person, agencies, roles and linked accounts — or how to get linked.
import type { CommandContext } from '../../core/api.js';
import type { Message } from '../../message/model.js';
import { linkedAccounts } from '../../register/people.js';
import { notLinkedMessage, reply, type HandlerDeps } from './common.js';

const PLATFORM: Record<string, string> = { slack: 'Slack', teams: 'Teams', console: 'console', email: 'email' };

export async function handleWhoami(deps: HandlerDeps, ctx: CommandContext): Promise<Message> {
  const p = ctx.person;
  if (!p) return notLinkedMessage(deps, ctx);
  const roles = [
    ...(p.isAdmin ? ['Admin (partnership coordinator)'] : []),
    ...p.chairOf.map((s) => `Chair of ${s.name}`),
    ...(p.isCommissioner ? ['Commissioner'] : []),
  ];
  const accounts = await linkedAccounts(deps.db.prisma, p.id);
  const can: string[] = [];
  if (p.agencies.length) can.push(`update the actions ${p.agencies.map((a) => a.name).join(', ')} lead or partner`);
  if (p.chairOf.length) can.push(`update and post digests for ${p.chairOf.map((s) => s.name).join(', ')}`);
  if (p.isCommissioner) can.push("record stages of your agency's contracts");
  if (p.isAdmin) can.push('update anything and bind channels');
  return reply(`${p.name} <${p.email}> in ${ctx.partnership.name}`, [
    { type: 'heading', text: p.name },
    {
      type: 'fields',
      fields: [
        { label: 'Email', value: p.email },
        { label: 'Partnership', value: ctx.partnership.name },
        { label: 'Agencies', value: p.agencies.map((a) => a.name).join(', ') || 'None' },
        { label: 'Roles', value: roles.join(', ') || 'None' },
        { label: 'Linked accounts', value: accounts.map((a) => `${PLATFORM[a.platform] ?? a.platform} ${a.externalId}`).join(', ') || 'None yet' },
      ],
    },
    { type: 'context', text: can.length ? `You can ${can.join('; ')}. Everyone linked can read everything.` : 'You can read every action and contract; to update, you need to be in an agency on the action.' },
  ]);
}
