// Measuring without touching the code measured: a ChatPort and a CoreApi wrapped so every send
// and every command is timed into the Telemetry histograms.
import type { ChatPort, SendResult } from '../chat/port.js';
import type { CoreApi } from '../core/api.js';
import type { Telemetry } from './metrics.js';

export function instrumentPort(port: ChatPort, t: Telemetry): ChatPort {
  const timed = async (fn: () => Promise<SendResult>): Promise<SendResult> => {
    const started = performance.now();
    try {
      const r = await fn();
      t.observeSend(port.platform, r.ok ? 'sent' : r.failure.kind, (performance.now() - started) / 1000);
      return r;
    } catch (e) {
      t.observeSend(port.platform, 'error', (performance.now() - started) / 1000);
      throw e;
    }
  };
  return {
    platform: port.platform,
    ...(port.unpaced ? { unpaced: true } : {}),
    canReach: (p) => port.canReach(p),
    sendDirect: (p, m) => timed(() => port.sendDirect(p, m)),
    postToChannel: (c, m) => timed(() => port.postToChannel(c, m)),
    update: (r, m) => timed(() => port.update(r, m)),
  };
}

const COMMANDS = new Set([
  'help', 'mine', 'show', 'update', 'due', 'overdue', 'digest', 'contracts', 'contract', 'redate', 'snooze',
  'find', 'whoami', 'bind', 'report', 'metrics', 'metric',
]);

/** The command word of a typed text, for a label with a bounded set of values. */
export function commandLabel(text: string): string {
  const words = text.trim().toLowerCase().replace(/^\/?cdp\b\s*/, '').split(/\s+/);
  const first = words[0] ?? '';
  if (COMMANDS.has(first)) return first;
  if (/^[a-z]{1,6}-\d{1,4}$/.test(first)) return 'ref';
  return first === '' ? 'help' : 'other';
}

export function instrumentCore(core: CoreApi, t: Telemetry): CoreApi {
  const time = async <T>(command: string, platform: string, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      t.observeCommand(command, platform, (performance.now() - started) / 1000);
    }
  };
  return {
    ...core,
    commands: {
      text: (ctx, text) => time(commandLabel(text), ctx.via, () => core.commands.text(ctx, text)),
      button: (ctx, action, input) => time(`button:${action.kind}`, ctx.via, () => core.commands.button(ctx, action, input)),
      threadReply: (ctx, thread, text) => time('thread_reply', ctx.via, () => core.commands.threadReply(ctx, thread, text)),
      home: (ctx) => time('home', ctx.via, () => core.commands.home(ctx)),
    },
  };
}
