// `/callback [CASE-1001] [what…]`: the shell passes what follows the case as typed (quotes kept,
// so `contact="+33 6 12 34 56 78"` and windows with commas reach the core whole).
/** The command's syntax (said after `shell.session.usage`'s "usage:", in the persona's language). */
export const CALLBACK_SYNTAX =
  '/callback CASE-1001 [book Tue 14:00 contact=+33612345678 | windows "Tue 14:00-17:00" contact=… | confirm | propose Wed 10:00 | held | missed | cancel | now contact=…] [tz=Europe/Paris]';

/** The raw text after the command and the case reference (when one was typed). */
export function callbackText(line: string, rest: string[]): string {
  const afterCommand = line.replace(/^\/callback\b/i, '').trim();
  const afterCase = afterCommand.replace(/^(case-)?\d+\b/i, '').trim();
  return rest.length === 0 ? '' : afterCase;
}
