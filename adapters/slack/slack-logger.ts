// Bolt's and the WebClient's logger interface over our pino logger, so their lines are JSON too.
import { LogLevel, type Logger as SlackLogger } from '@slack/logger';
import type { Logger } from '../../src/log/logger.js';

export function slackLogger(logger: Logger, component = 'bolt'): SlackLogger {
  const log = logger.child({ component });
  let level = LogLevel.INFO;
  const fmt = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: (...m) => log.debug(fmt(m)),
    info: (...m) => log.info(fmt(m)),
    warn: (...m) => log.warn(fmt(m)),
    error: (...m) => log.error(fmt(m)),
    setLevel: (l) => { level = l; },
    getLevel: () => level,
    setName: () => {},
  };
}
