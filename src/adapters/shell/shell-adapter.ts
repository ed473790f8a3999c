// The shell as an adapter of the common shape (../adapter.ts): its transport prints what each role
// would see, and start(desk) opens the session on that Desk and reads input from then on.
import type { Interface } from 'node:readline';
import type { Desk } from '../../core/conversation/desk.js';
import type { Clock } from '../../core/ports/platform.js';
import type { ChatAdapter } from '../adapter.js';
import type { PersonaInfo } from './persona.js';
import { runShell } from './run-shell.js';
import { createShellChatPort, type ShellChatPort, type ShellWrite } from './shell-chat-port.js';
import { createShellSession, type ShellDeps } from './shell-session.js';

export interface ShellAdapterOptions {
  write: ShellWrite;
  /** Stamps the printed posts (the app's clock, which `/clock` moves on the demo database). */
  clock: Clock;
  /** What the session needs besides the Desk and the transport: the app's lookups and `/clock`. */
  session: Omit<ShellDeps, 'desk' | 'port' | 'write'>;
  /** Who types first. */
  initial: PersonaInfo;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  interactive: boolean;
  /** Told of the readline interface, so asynchronous posts can redraw the prompt under them. */
  onReadline?: (rl: Interface) => void;
  /** Told when a line starts and stops running. */
  onBusy?: (busy: boolean) => void;
}

export interface ShellAdapter extends ChatAdapter {
  readonly name: 'shell';
  readonly transport: ShellChatPort;
  /**
   * Resolves once input ended (end of a script, `/quit`, Ctrl+C, or stop()) and every pending
   * line is done; resolves at once when the adapter was never started.
   */
  finished(): Promise<void>;
}

export function createShellAdapter(options: ShellAdapterOptions): ShellAdapter {
  const { write, clock } = options;
  const transport = createShellChatPort({ write, clock });
  let finished: Promise<void> = Promise.resolve();
  let readline: Interface | null = null;
  return {
    name: 'shell',
    transport,
    // The shell posts nothing through a durable port: `outbound` would be the transport itself.
    async start(desk: Desk) {
      const session = createShellSession(
        { ...options.session, desk, port: transport, write },
        options.initial,
      );
      finished = runShell({
        session,
        input: options.input,
        output: options.output,
        interactive: options.interactive,
        onReadline: (rl) => {
          readline = rl;
          rl.on('close', () => (readline = null));
          options.onReadline?.(rl);
        },
        ...(options.onBusy ? { onBusy: options.onBusy } : {}),
      });
    },
    async stop() {
      readline?.close();
      readline = null;
    },
    finished: () => finished,
  };
}
