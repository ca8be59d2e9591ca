// `bind <subgroup>` (admins, in a channel): the channel becomes the subgroup's digest channel;
// the conversation (Teams reference) is remembered for proactive posts. Subgroup names match
// loosely ("treatment" → "Treatment & Recovery").
import { distance } from 'fastest-levenshtein';
import type { PrismaClient } from '../../generated/prisma/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { errorMessage, type Message } from '../../message/model.js';
import { adminNames } from '../../register/people.js';
import { list } from '../../core/permissions.js';
import { err, ok, type Result, domainError } from '../../result.js';
import { reply, type HandlerDeps, type LinkedContext } from './common.js';
import { registerChanged } from '../../core/resolution-cache.js';

const norm = (s: string) => s.toLowerCase().replace(/&/g, ' and ').replace(/[^a-z0-9]+/g, ' ').trim();

export interface SubgroupRow {
  id: string;
  name: string;
  channelPlatform: string | null;
  channelId: string | null;
}

/** The subgroup a typed name means: exact, prefix, every word contained, or within edit distance 3. */
export async function matchSubgroup(prisma: PrismaClient, partnershipId: string, typed: string): Promise<Result<SubgroupRow>> {
  const all = await prisma.subgroup.findMany({ where: { partnershipId }, orderBy: { name: 'asc' }, select: { id: true, name: true, channelPlatform: true, channelId: true } });
  const t = norm(typed);
  const names = all.map((s) => s.name);
  const known = names.length ? `Subgroups: ${names.join(', ')}.` : 'This partnership has no subgroups yet.';
  if (!t) return err(domainError('bad_arguments', 'Name the subgroup.', known));
  const tries: ((s: SubgroupRow) => boolean)[] = [
    (s) => norm(s.name) === t,
    (s) => norm(s.name).startsWith(t),
    (s) => t.split(' ').every((w) => norm(s.name).split(' ').some((x) => x.startsWith(w))),
    (s) => distance(norm(s.name), t) <= 3,
  ];
  for (const test of tries) {
    const hits = all.filter(test);
    if (hits.length === 1) return ok(hits[0]!);
    if (hits.length > 1) return err(domainError('ambiguous', `“${typed}” could mean ${list(hits.map((h) => h.name), 'or')}.`, 'Give more of the name.'));
  }
  return err(domainError('not_found', `No subgroup “${typed}” in this partnership.`, known));
}

export async function handleBind(deps: HandlerDeps, ctx: LinkedContext, subgroup: string): Promise<Message> {
  const prisma = deps.db.prisma;
  if (!ctx.person.isAdmin) {
    const admins = await adminNames(prisma, ctx.partnership.id);
    return errorMessage(`Only an admin can bind a channel to a subgroup${admins.length ? ` (${list(admins, 'or')})` : ''}.`, 'Ask them to type `bind <subgroup>` in the channel, or run `cdp subgroups bind`.', 'forbidden');
  }
  const chat = ctx.chat;
  if (!chat?.channelId || chat.isDirect || chat.platform === 'console') {
    return errorMessage('Type `bind <subgroup>` in the channel that should get the subgroup’s digest, not in a direct message.', 'For example, in #treatment-recovery: /cdp bind Treatment & Recovery', 'bad_arguments');
  }
  const found = await matchSubgroup(prisma, ctx.partnership.id, subgroup);
  if (!found.ok) return errorMessage(found.error.message, found.error.hint, found.error.code);
  const sg = found.value;
  const channel = chat.channelName ? `#${chat.channelName}` : 'this channel';
  if (sg.channelPlatform === chat.platform && sg.channelId === chat.channelId) {
    const text = `${sg.name} is already bound to ${channel} — nothing changed.`;
    return reply(text);
  }
  const previous = sg.channelId ? ` (it was bound to ${sg.channelPlatform} channel ${sg.channelId})` : '';
  await prisma.$transaction([
    prisma.subgroup.update({ where: { id: sg.id }, data: { channelPlatform: chat.platform, channelId: chat.channelId } }),
    prisma.conversation.upsert({
      where: { partnershipId_platform_externalId: { partnershipId: ctx.partnership.id, platform: chat.platform, externalId: chat.channelId } },
      create: {
        partnershipId: ctx.partnership.id, platform: chat.platform, kind: 'channel', externalId: chat.channelId,
        reference: chat.channelReference === undefined ? Prisma.DbNull : (chat.channelReference as Prisma.InputJsonValue),
      },
      update: {
        kind: 'channel', unreachableSince: null, unreachableReason: null,
        ...(chat.channelReference === undefined ? {} : { reference: chat.channelReference as Prisma.InputJsonValue }),
      },
    }),
  ]);
  registerChanged();
  const text = `${sg.name} digests will be posted in ${channel}${previous}.`;
  return reply(text, [{ type: 'text', text }, { type: 'context', text: `Chairs can post one now with \`digest ${sg.name} post\`.` }]);
}
