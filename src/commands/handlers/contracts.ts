// `contracts [12m]`: contracts expiring in the window, with stage and next decision; stage
// buttons for those the person may update.
import { canUpdateContract } from '../../core/permissions.js';
import { attachList } from '../../message/list.js';
import type { Block, Message } from '../../message/model.js';
import { listExpiring } from '../../register/contracts.js';
import type { Duration } from '../types.js';
import { contractItem, currentTermEnd } from '../views/contract.js';
import { formatDay, plural, windowEnd, windowLabel } from '../views/format.js';
import { reply, todayOf, type HandlerDeps, type LinkedContext } from './common.js';

const CAP = 20;

export async function handleContracts(deps: HandlerDeps, ctx: LinkedContext, window: Duration): Promise<Message> {
  const today = todayOf(ctx);
  const end = windowEnd(today, window);
  const heading = `Contracts expiring in the next ${windowLabel(window)}`;
  const contracts = (await listExpiring(deps.db.prisma, ctx.partnership.id, today, end))
    .map((c) => ({ c, ends: currentTermEnd(c, today).getTime() }))
    .sort((a, b) => a.ends - b.ends || a.c.ref.localeCompare(b.c.ref))
    .map((x) => x.c);
  if (!contracts.length) {
    const text = `No contracts expire between ${formatDay(today)} and ${formatDay(end)}. \`contracts 24m\` looks further ahead.`;
    return reply(text, [{ type: 'heading', text: heading }, { type: 'text', text }]);
  }
  const summary = `${plural(contracts.length, 'contract')} expiring by ${formatDay(end)}`;
  const blocks: Block[] = [{ type: 'heading', text: heading }, { type: 'context', text: summary }];
  for (const c of contracts.slice(0, CAP)) blocks.push(contractItem(c, today, canUpdateContract(ctx.person, c)));
  if (contracts.length > CAP) blocks.push({ type: 'context', text: `and ${contracts.length - CAP} more — narrow the window, e.g. \`contracts 6m\`` });
  return reply(summary, attachList(blocks, 'contracts'));
}
