// Typed text → parse → the command's handler → a Message. Parse errors come back as a reply that
// says what was wrong and the right form (unknown commands also get the help); people who are
// not linked are told how to get linked, except for `help` and `whoami`.
import type { CommandContext } from '../core/api.js';
import type { Block, Message } from '../message/model.js';
import { helpText } from './help.js';
import { parse } from './parse.js';
import type { Command, ParseError } from './types.js';
import { notLinkedMessage, type HandlerDeps, type LinkedContext } from './handlers/common.js';
import { handleBind } from './handlers/bind.js';
import { handleContract } from './handlers/contract.js';
import { handleContracts } from './handlers/contracts.js';
import { handleDigest } from './handlers/digest.js';
import { handleDue, handleOverdue } from './handlers/due.js';
import { handleFind } from './handlers/find.js';
import { handleMine } from './handlers/mine.js';
import { handleRedate } from './handlers/redate.js';
import { handleShow } from './handlers/show.js';
import { handleSnooze } from './handlers/snooze.js';
import { handleUpdate } from './handlers/update.js';
import { handleWhoami } from './handlers/whoami.js';
import { handleReport } from './handlers/report.js';

export async function handleText(deps: HandlerDeps, ctx: CommandContext, text: string): Promise<Message> {
  const parsed = parse(text, { now: ctx.now });
  if (!parsed.ok) return parseErrorMessage(parsed.error);
  return handle(deps, ctx, parsed.command);
}

export async function handle(deps: HandlerDeps, ctx: CommandContext, command: Command): Promise<Message> {
  if (command.name === 'help') return { ...helpText(command.topic), ephemeral: true };
  if (command.name === 'whoami') return handleWhoami(deps, ctx);
  if (!ctx.person) return notLinkedMessage(deps, ctx);
  const lctx: LinkedContext = { ...ctx, person: ctx.person };
  switch (command.name) {
    case 'mine': return handleMine(deps, lctx);
    case 'show': return handleShow(deps, lctx, command.ref);
    case 'update': return handleUpdate(deps, lctx, command);
    case 'due': return handleDue(deps, lctx, command.window);
    case 'overdue': return handleOverdue(deps, lctx);
    case 'contracts': return handleContracts(deps, lctx, command.window);
    case 'contract': return handleContract(deps, lctx, command);
    case 'redate': return handleRedate(deps, lctx, command);
    case 'snooze': return handleSnooze(deps, lctx, command);
    case 'find': return handleFind(deps, lctx, command.words);
    case 'digest': return handleDigest(deps, lctx, command);
    case 'bind': return handleBind(deps, lctx, command.subgroup);
    case 'report': return handleReport(deps, lctx);
  }
}

/** What was wrong, the right form, and (for an unknown command) the list of commands. */
export function parseErrorMessage(e: ParseError): Message {
  const what = e.suggestion && !e.message.includes(e.suggestion) ? `${e.message} Did you mean “${e.suggestion}”?` : e.message;
  const blocks: Block[] = [{ type: 'text', text: what }, { type: 'context', text: e.hint }];
  if (e.code === 'unknown_command' || e.code === 'empty') {
    const help = helpText();
    blocks.push({ type: 'divider' }, ...help.blocks);
  }
  return { summary: what, blocks, ephemeral: true, meta: { error: e.code } };
}
