// *Flag for private support* as a moderator does it in Slack: the message shortcut, then the
// dialog it opens (views.open) submitted with the moderator's choices. When no dialog opens (a
// refusal, told as an ephemeral), nothing is submitted.
import type { RecordedCall } from '../fakes/slack/fake-slack.js';
import {
  messageShortcut,
  optionValue,
  sendInteraction,
  viewSubmission,
  type SlackUser,
} from '../fakes/slack/signed-requests.js';
import { CALLBACK_IDS } from '../../src/adapters/slack/index.js';
import type { SlackHarness } from './harness.js';
import { after } from './story-world.js';

export interface FlagChoices {
  /** A level's number; default: what the dialog preselected. */
  severity?: string;
  remove?: boolean;
}

type Json = Record<string, unknown>;
type Option = { value: string };

/** The radio buttons of the flag dialog: block id → the option values, and the preselected one. */
export function dialogChoices(view: Json): Record<string, { values: string[]; chosen?: string }> {
  const found: Record<string, { values: string[]; chosen?: string }> = {};
  for (const block of (view.blocks ?? []) as Json[]) {
    const element = block.element as { options?: Option[]; initial_option?: Option } | undefined;
    if (block.type !== 'input' || !element?.options) continue;
    found[String(block.block_id)] = {
      values: element.options.map((o) => o.value),
      chosen: element.initial_option?.value,
    };
  }
  return found;
}

export async function openFlagDialog(
  h: SlackHarness,
  args: Omit<Parameters<typeof messageShortcut>[0], 'callbackId'>,
): Promise<Json | null> {
  const since = after(h);
  await sendInteraction(
    h.target,
    messageShortcut({ ...args, callbackId: CALLBACK_IDS.flagMessage }),
  );
  const opened: RecordedCall[] = since('views.open');
  return opened.length > 0 ? (opened[0]!.args.view as Json) : null;
}

export async function submitFlagDialog(
  h: SlackHarness,
  user: SlackUser,
  view: Json,
  choices: FlagChoices = {},
): Promise<void> {
  const offered = dialogChoices(view);
  const values: Record<string, Record<string, Record<string, unknown>>> = {};
  const severity = choices.severity ?? offered['severity']?.chosen;
  if (severity !== undefined) values['severity'] = optionValue(severity, 'radio_buttons');
  if (offered['remove'])
    values['remove'] = optionValue(choices.remove ? 'yes' : 'no', 'radio_buttons');
  await sendInteraction(h.target, viewSubmission({ user, view, values }));
}

/** The whole flag: the shortcut, then its dialog submitted when one opened. */
export async function flagThroughDialog(
  h: SlackHarness,
  args: Omit<Parameters<typeof messageShortcut>[0], 'callbackId'>,
  choices: FlagChoices = {},
): Promise<void> {
  const view = await openFlagDialog(h, args);
  if (view) await submitFlagDialog(h, args.user, view, choices);
}
