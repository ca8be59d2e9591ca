// The console chat (`cdp chat --as <email>`): the same commands and handlers as Slack and
// Teams, rendered as text. Interactive (node:readline) on a terminal — typing a number presses
// that button; "add note" prompts for the note — or scripted when stdin is not a terminal:
// every line is a command, echoed as "> line" and followed by the reply. In a script, a line
// that is a number presses a button of the previous reply, and after an "add note" button the
// next line is the note. Lines starting with # are comments.
import readline from 'node:readline';
import type { CliIO } from '../../src/cli/context.js';
import type { CommandContext, CoreApi, PartnershipInfo, PersonContext } from '../../src/core/api.js';
import type { ButtonAction, Message } from '../../src/message/model.js';
import { renderText, safeText } from './render-text.js';

export interface ChatIO extends Pick<CliIO, 'out' | 'err' | 'isTTY' | 'readStdin'> {
  /** Interactive mode streams (default process.stdin / process.stdout). */
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

export interface RunChatOptions {
  core: CoreApi;
  partnership: PartnershipInfo;
  personEmail: string;
  io: ChatIO;
  /** The clock, read once per command (cdp chat passes the wall clock or --at). */
  now: () => Date;
}

const QUIT = new Set(['quit', 'exit', 'q', 'bye', ':q']);

export interface ChatOutcome {
  /** 0, or 1 when the email is not a person of the partnership or a command failed. */
  exitCode: number;
  /** Why it was not 0, for stderr. */
  error?: string;
}

/** Runs the chat until the input ends (or quit). */
export async function runChat(opts: RunChatOptions): Promise<ChatOutcome> {
  const { core, partnership, io } = opts;
  const email = opts.personEmail.trim().toLowerCase();
  const person = await core.identity.resolve(partnership, {
    platform: 'console',
    userId: email,
    displayName: email,
    lookupEmail: async () => email,
  });
  const session = new ChatSession(core, partnership, person, opts.now, io);
  if (!person) {
    // The core's whoami reply explains how to get linked.
    await session.show(await core.commands.text(session.context(), 'whoami'));
    return { exitCode: 1, error: `${safeText(email)} is not a person of ${safeText(partnership.name)}: nothing was run.` };
  }
  const failed = io.isTTY ? await session.interactive() : await session.scripted();
  return failed ? { exitCode: 1, error: 'Some commands could not be answered (see above).' } : { exitCode: 0 };
}

class ChatSession {
  private choices: ButtonAction[] = [];
  private failed = false;

  constructor(
    private readonly core: CoreApi,
    private readonly partnership: PartnershipInfo,
    private readonly person: PersonContext | null,
    private readonly now: () => Date,
    private readonly io: ChatIO,
  ) {}

  context(): CommandContext {
    return { partnership: this.partnership, person: this.person, via: 'console', now: this.now() };
  }

  /**
   * Prints a reply; its buttons become the numbered choices. A refusal of a press (no buttons of
   * its own) keeps the previous choices, so the list it was pressed in can still be used.
   */
  async show(message: Message, opts: { keepChoicesOnRefusal?: boolean } = {}): Promise<void> {
    const { text, choices } = renderText(message);
    if (!(opts.keepChoicesOnRefusal && message.meta?.error && choices.length === 0)) this.choices = choices;
    this.io.out(`${text}\n`);
  }

  /** The button a typed number stands for, if the last reply had that many. */
  choiceFor(line: string): ButtonAction | undefined {
    if (!/^\d{1,3}$/.test(line)) return undefined;
    return this.choices[Number(line) - 1];
  }

  async text(line: string): Promise<void> {
    await this.guard(async () => this.show(await this.core.commands.text(this.context(), line)));
  }

  async press(action: ButtonAction, note?: string): Promise<void> {
    await this.guard(async () =>
      this.show(await this.core.commands.button(this.context(), action, note === undefined ? undefined : { note }), { keepChoicesOnRefusal: true }),
    );
  }

  private async guard(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.failed = true;
      this.io.err(`Something went wrong answering that: ${safeText(e instanceof Error ? e.message : String(e))}`);
    }
  }

  /** stdin is not a terminal: one command per line. */
  /** Returns true when a command failed. */
  async scripted(): Promise<boolean> {
    const input = (await this.io.readStdin()) ?? '';
    const lines = input.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (line === '' || line.startsWith('#')) continue;
      if (QUIT.has(line.toLowerCase())) break;
      this.io.out(`> ${safeText(line)}`);
      const action = this.choiceFor(line);
      if (!action) {
        await this.text(line);
      } else if (action.kind === 'add_note') {
        const note = (lines[++i] ?? '').trim();
        this.io.out(`note> ${safeText(note)}`);
        await this.press(action, note);
      } else {
        await this.press(action);
      }
    }
    return this.failed;
  }

  /** A terminal: a prompt, numbers press buttons, quit or Ctrl-D leaves. */
  /** Returns true when a command failed. */
  async interactive(): Promise<boolean> {
    const rl = readline.createInterface({
      input: this.io.input ?? process.stdin,
      output: this.io.output ?? process.stdout,
      terminal: true,
      historySize: 200,
    });
    // Lines are read through the async iterator, which buffers them: pasted lines are not lost
    // while a command is being answered.
    const lines = rl[Symbol.asyncIterator]();
    const ask = async (prompt: string): Promise<string | undefined> => {
      rl.setPrompt(prompt);
      rl.prompt();
      const r = await lines.next();
      return r.done ? undefined : String(r.value);
    };
    const who = this.person ? `${this.person.name}${this.person.agencies.length ? ` (${this.person.agencies.map((a) => a.name).join(', ')})` : ''}` : '';
    this.io.out(`cdp chat — ${safeText(this.partnership.name)}, as ${safeText(who)}.`);
    this.io.out('Type a command (help lists them), a number to press a button, or quit.\n');
    for (;;) {
      const answer = await ask('cdp> ');
      if (answer === undefined) break;
      const line = answer.trim();
      if (line === '') continue;
      if (QUIT.has(line.toLowerCase())) break;
      const action = this.choiceFor(line);
      if (!action) {
        await this.text(line);
      } else if (action.kind === 'add_note') {
        const note = await ask(`Note for ${action.ref} (empty to cancel): `);
        if (note === undefined) break;
        if (note.trim() === '') {
          this.io.out('No note added.\n');
          continue;
        }
        await this.press(action, note);
      } else {
        await this.press(action);
      }
    }
    rl.close();
    return this.failed;
  }
}
