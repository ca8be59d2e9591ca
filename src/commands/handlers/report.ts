// `report`: the board summary for chairs, admins and the SRO — headline figures, RAG by pillar,
// the exceptions — with the board pack's XLSX as a file where the platform takes one (Slack);
// elsewhere (Teams, console) the reply says how to get the file.
import { errorMessage, type Message } from '../../message/model.js';
import { adminNames } from '../../register/people.js';
import { boardSummaryMessage, makeBoardReport } from '../../report/board/index.js';
import { list } from '../../core/permissions.js';
import type { HandlerDeps, LinkedContext } from './common.js';

/** Chair of any subgroup, admin, or the partnership's SRO (the role name is read as text). */
async function mayReport(deps: HandlerDeps, ctx: LinkedContext): Promise<boolean> {
  if (ctx.person.isAdmin || ctx.person.chairOf.length) return true;
  const rows = await deps.db.withSession((sql) =>
    sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "PersonRole" WHERE "personId" = $1 AND role::text IN ('admin', 'chair', 'sro')`, [ctx.person.id]));
  return (rows[0]?.n ?? 0) > 0;
}

export async function handleReport(deps: HandlerDeps, ctx: LinkedContext): Promise<Message> {
  if (!(await mayReport(deps, ctx))) {
    const admins = await adminNames(deps.db.prisma, ctx.partnership.id);
    return errorMessage(
      'The board summary is for subgroup chairs, admins and the SRO.',
      `Ask an admin${admins.length ? ` (${list(admins, 'or')})` : ''} for the board pack; "digest" shows your subgroup's digest.`,
      'forbidden',
    );
  }
  const slack = ctx.chat?.platform === 'slack';
  const r = await makeBoardReport(deps.db.prisma, { partnershipId: ctx.partnership.id, now: ctx.now, format: 'xlsx', personId: ctx.person.id, kind: 'chat' });
  if (!r.ok) return errorMessage(r.error.message, r.error.hint, r.error.code);
  const fileLine = slack
    ? `The full board pack (${r.value.filename}: summary, exceptions, slippage, changes, contracts) is attached below as a spreadsheet.`
    : 'The full board pack (XLSX, HTML or PDF: summary, exceptions, slippage, changes, contracts) comes from the bot’s server: an admin runs "cdp report board --format xlsx" (or html, pdf) and shares the file.';
  const message = boardSummaryMessage(r.value.pack, fileLine);
  if (!slack) return message;
  return { ...message, files: [{ filename: r.value.filename, title: `${ctx.partnership.name} board pack`, mimeType: r.value.mimeType, data: r.value.bytes }] };
}
