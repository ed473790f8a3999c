// Entry point of `npm start`: read the configuration, then run the shell (no platform tokens) or
// Slack/Discord until input ends or SIGINT/SIGTERM arrives; a second signal exits at once.
import { loadConfig, type AppConfig } from './config/env.js';
import { isConfigurationError } from './core/errors.js';
import { runApp } from './app/run-app.js';
import { StartError } from './app/start-checks.js';
import { ignoreClosedPipe } from './app/closed-pipe.js';
import { createLogger } from './logging/logger.js';

/**
 * Configuration mistakes (settings, policy, setup file, platform variables) say how to fix
 * themselves: exit 2. A start that failed on something outside them (an unreachable server) is 1.
 */
function isConfigMistake(error: unknown): error is Error {
  return isConfigurationError(error) && !(error instanceof StartError);
}

ignoreClosedPipe(process.stdout);

async function main(): Promise<number> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (isConfigMistake(error)) {
      process.stderr.write(`casebot: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  // In a terminal the shell owns the screen: only warnings and errors reach stderr unless asked.
  const logger = createLogger(config.logLevel ?? (interactive ? 'warn' : 'info'));
  let signalled = 0;
  const stopSignal = new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      signalled += 1;
      if (signalled > 1) process.exit(130);
      logger.info('stopping', { signal });
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await runApp({
    config,
    logger,
    input: process.stdin,
    output: process.stdout,
    interactive,
    stopSignal,
  });
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
    // Open handles (KB watcher, SDK sockets) must not keep a finished run alive.
    setTimeout(() => process.exit(code), 200).unref();
  },
  (error: unknown) => {
    if (isConfigMistake(error)) {
      process.stderr.write(`casebot: ${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof StartError) {
      process.stderr.write(`casebot: ${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(
      `casebot: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
