// Bolt wants @slack/logger's interface; casebot logs through the core's Logger.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/ports/platform.js';

function text(parts: unknown[]): string {
  return parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ');
}

export function toBoltLogger(logger: Logger, level: LogLevel = LogLevel.INFO): BoltLogger {
  let current = level;
  const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
  const enabled = (l: LogLevel) => order.indexOf(l) >= order.indexOf(current);
  return {
    debug: (...msg: unknown[]) =>
      enabled(LogLevel.DEBUG) && logger.debug(text(msg), { source: 'bolt' }),
    info: (...msg: unknown[]) =>
      enabled(LogLevel.INFO) && logger.info(text(msg), { source: 'bolt' }),
    warn: (...msg: unknown[]) =>
      enabled(LogLevel.WARN) && logger.warn(text(msg), { source: 'bolt' }),
    error: (...msg: unknown[]) =>
      enabled(LogLevel.ERROR) && logger.error(text(msg), { source: 'bolt' }),
    setLevel: (l: LogLevel) => {
      current = l;
    },
    getLevel: () => current,
    setName: () => undefined,
  } as BoltLogger;
}
