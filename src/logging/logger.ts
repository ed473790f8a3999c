// pino to stderr behind the core's Logger port: stdout stays free for the shell's conversation, so
// scripted runs can read what each role sees without log lines mixed in.
import { pino, type Logger as PinoLogger } from 'pino';
import type { Logger } from '../core/ports/platform.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export function createLogger(
  level: LogLevel = 'info',
  base: PinoLogger = pino({ level }, pino.destination(2)),
): Logger {
  return wrap(base);
}

function wrap(log: PinoLogger): Logger {
  return {
    debug: (message, fields) => log.debug(fields ?? {}, message),
    info: (message, fields) => log.info(fields ?? {}, message),
    warn: (message, fields) => log.warn(fields ?? {}, message),
    error: (message, fields) => log.error(fields ?? {}, message),
  };
}

/** A logger that remembers what it was told: for tests asserting an error reference was logged. */
export function createMemoryLogger(): Logger & {
  entries: { level: string; message: string; fields: Record<string, unknown> }[];
} {
  const entries: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const push = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    entries.push({ level, message, fields: fields ?? {} });
  };
  return {
    entries,
    debug: push('debug'),
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
  };
}
