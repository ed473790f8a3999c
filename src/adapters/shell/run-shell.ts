// Drives a shell session from streams. In a terminal: a readline prompt. Otherwise (a pipe, a
// test): one command a line, each echoed after its persona's prompt so the output reads as a
// transcript; resolves when input ends and every pending line (and background job) is done.
import { createInterface, type Interface } from 'node:readline';
import type { ShellSession } from './shell-session.js';

export interface RunShellOptions {
  session: ShellSession;
  /** Told of the readline interface, so asynchronous posts can redraw the prompt under them. */
  onReadline?: (rl: Interface) => void;
  /** Told when a line starts and stops running: posts printed meanwhile need no prompt redraw. */
  onBusy?: (busy: boolean) => void;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  interactive: boolean;
}

export function runShell({
  session,
  input,
  output,
  interactive,
  onReadline,
  onBusy,
}: RunShellOptions): Promise<void> {
  const rl = createInterface({
    input,
    output: interactive ? output : undefined,
    terminal: interactive,
  });
  onReadline?.(rl);
  // In a terminal readline swallows Ctrl+C (it only pauses): treat it as the end of input.
  rl.on('SIGINT', () => rl.close());
  let chain: Promise<void> = Promise.resolve();
  const prompt = () => {
    if (!interactive) return;
    rl.setPrompt(session.prompt());
    rl.prompt();
  };

  rl.on('line', (line) => {
    chain = chain.then(async () => {
      if (!interactive && line.trim()) output.write(`${session.prompt()}${line}\n`);
      if (line.trim() === '/quit' || line.trim() === '/exit') {
        rl.close();
        return;
      }
      onBusy?.(true);
      try {
        await session.handle(line);
      } finally {
        onBusy?.(false);
      }
      prompt();
    });
  });
  prompt();
  return new Promise((resolve) => {
    rl.on('close', () => {
      void chain.then(() => session.drain()).then(resolve);
    });
  });
}
