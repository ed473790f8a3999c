// Reading what the adapter sent to the fake Slack: all visible text of a message, its buttons.
import type { RecordedCall } from '../fakes/slack/fake-slack.js';

type Json = Record<string, unknown>;

function walk(node: unknown, visit: (obj: Json) => void): void {
  if (Array.isArray(node)) node.forEach((item) => walk(item, visit));
  else if (node && typeof node === 'object') {
    visit(node as Json);
    Object.values(node as Json).forEach((value) => walk(value, visit));
  }
}

/** A recorded call's arguments, or a message / response body as it is. */
function argsOf(call: RecordedCall | object): Json {
  return 'args' in call && 'method' in call ? (call as RecordedCall).args : (call as Json);
}

/** Every text the user would see (top-level text, block and attachment texts), joined by newlines. */
export function visibleText(call: RecordedCall | object): string {
  const args = argsOf(call);
  const texts: string[] = [];
  if (typeof args.text === 'string') texts.push(args.text);
  walk([args.blocks, args.attachments, args.view], (obj) => {
    if ((obj.type === 'mrkdwn' || obj.type === 'plain_text') && typeof obj.text === 'string')
      texts.push(obj.text);
  });
  return texts.join('\n');
}

export interface FoundButton {
  action_id: string;
  value: string;
  text: string;
}

export function buttons(call: RecordedCall | object): FoundButton[] {
  const args = argsOf(call);
  const found: FoundButton[] = [];
  walk([args.blocks, args.attachments], (obj) => {
    if (obj.type === 'button')
      found.push({
        action_id: String(obj.action_id),
        value: String(obj.value),
        text: String((obj.text as Json).text),
      });
  });
  return found;
}

export function button(call: RecordedCall, actionId: string): FoundButton {
  const found = buttons(call).find((b) => b.action_id === actionId);
  if (!found) throw new Error(`no ${actionId} button in ${call.method}: ${visibleText(call)}`);
  return found;
}
