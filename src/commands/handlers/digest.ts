// `digest [subgroup] [post]`: the subgroup digest to me only; chairs (and admins) may add
// `post` to post it in the subgroup's bound channel through the outbox.
import { buildDigestMessage } from '../../digest/index.js';
import type { Platform } from '../../generated/prisma/enums.js';
import { errorMessage, type Message } from '../../message/model.js';
import { enqueue } from '../../outbox/enqueue.js';
import { adminNames } from '../../register/people.js';
import { list } from '../../core/permissions.js';
import { matchSubgroup, type SubgroupRow } from './bind.js';
import type { HandlerDeps, LinkedContext } from './common.js';

async function defaultSubgroup(deps: HandlerDeps, ctx: LinkedContext): Promise<SubgroupRow | null> {
  const prisma = deps.db.prisma;
  const select = { id: true, name: true, channelPlatform: true, channelId: true } as const;
  if (ctx.chat?.channelId && !ctx.chat.isDirect) {
    const bound = await prisma.subgroup.findFirst({ where: { partnershipId: ctx.partnership.id, channelPlatform: ctx.chat.platform, channelId: ctx.chat.channelId }, select });
    if (bound) return bound;
  }
  const chaired = ctx.person.chairOf[0];
  if (chaired) return prisma.subgroup.findFirst({ where: { id: chaired.id }, select });
  // The subgroup the person "belongs to": the one where their agencies lead the most actions.
  const agencyIds = ctx.person.agencies.map((a) => a.id);
  if (agencyIds.length) {
    const groups = await prisma.action.groupBy({
      by: ['subgroupId'],
      where: { partnershipId: ctx.partnership.id, leadAgencyId: { in: agencyIds }, subgroupId: { not: null } },
      _count: { _all: true },
    });
    groups.sort((a, b) => b._count._all - a._count._all);
    const top = groups[0]?.subgroupId;
    if (top) return prisma.subgroup.findFirst({ where: { id: top }, select });
  }
  return null;
}

export async function handleDigest(deps: HandlerDeps, ctx: LinkedContext, cmd: { subgroup?: string; post: boolean }): Promise<Message> {
  const prisma = deps.db.prisma;
  let sg: SubgroupRow | null;
  if (cmd.subgroup) {
    const found = await matchSubgroup(prisma, ctx.partnership.id, cmd.subgroup);
    if (!found.ok) return errorMessage(found.error.message, found.error.hint, found.error.code);
    sg = found.value;
  } else {
    sg = await defaultSubgroup(deps, ctx);
  }
  if (!cmd.post) {
    const m = await buildDigestMessage(deps.db, { partnershipId: ctx.partnership.id, subgroupId: sg?.id ?? null, now: ctx.now });
    return { ...m, ephemeral: true };
  }
  if (!sg) {
    return errorMessage('Say which subgroup’s digest to post.', 'For example: digest Treatment & Recovery post', 'bad_arguments');
  }
  const chairs = await prisma.person.findMany({ where: { roles: { some: { role: 'chair', subgroupId: sg.id } } }, select: { name: true }, orderBy: { name: 'asc' } });
  const isChair = ctx.person.chairOf.some((s) => s.id === sg.id);
  if (!isChair && !ctx.person.isAdmin) {
    const admins = await adminNames(prisma, ctx.partnership.id);
    const who = [chairs.length ? `the ${sg.name} chair (${list(chairs.map((c) => c.name), 'or')})` : `the ${sg.name} chair`, `an admin${admins.length ? ` (${list(admins, 'or')})` : ''}`];
    return errorMessage(
      `Only ${list(who, 'or')} can post the ${sg.name} digest to its channel.`,
      `\`digest ${sg.name}\` (without post) shows it to you.`,
      'forbidden',
    );
  }
  if (!sg.channelId || !sg.channelPlatform) {
    return errorMessage(
      `${sg.name} has no channel to post to yet.`,
      `An admin can bind one by typing \`/cdp bind ${sg.name}\` in the channel (Teams: \`bind ${sg.name}\`), or with \`cdp subgroups bind\`.`,
      'no_channel',
    );
  }
  const message = await buildDigestMessage(deps.db, { partnershipId: ctx.partnership.id, subgroupId: sg.id, now: ctx.now });
  await enqueue(prisma, [{
    partnershipId: ctx.partnership.id,
    kind: 'digest',
    dedupeKey: `digest:on-demand:${sg.id}:${ctx.now.toISOString()}`,
    recipient: { kind: 'channel', platform: sg.channelPlatform as Platform, channelId: sg.channelId, subgroupId: sg.id },
    message: { ...message, ephemeral: false },
  }], ctx.now);
  deps.kickOutbox?.();
  const here = ctx.chat?.channelId === sg.channelId && ctx.chat.channelName ? `#${ctx.chat.channelName}` : `its channel (${sg.channelId})`;
  const text = `Posted the ${sg.name} digest to ${here}.`;
  return { summary: text, blocks: [{ type: 'text', text }], ephemeral: true };
}
