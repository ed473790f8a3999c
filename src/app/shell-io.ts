// Where the shell prints. Posts from the SLA loop arrive while the user types: in a terminal the
// prompt is redrawn under them; in a pipe the text is written as is.
import type { Interface } from 'node:readline';

export interface ShellIo {
  write(text: string): void;
  attach(rl: Interface): void;
  setBusy(busy: boolean): void;
}

export function createShellIo(output: NodeJS.WritableStream, interactive: boolean): ShellIo {
  let rl: Interface | null = null;
  let busy = false;
  return {
    write(text) {
      if (interactive && rl && !busy) {
        // An SLA post while the user types: print above the prompt and redraw it with their input.
        output.write(`\r\x1b[K${text}\n`);
        rl.prompt(true);
      } else {
        output.write(`${text}\n`);
      }
    },
    attach(next) {
      rl = next;
    },
    setBusy(next) {
      busy = next;
    },
  };
}
