// *Flag for private support* as a moderator does it in Discord: the context-menu command, then the
// dialog it opens (a modal, or a button to it when the core was slow) submitted with the
// moderator's choices. A refusal (not a moderator) comes back instead and is returned as it is.
import type { Desk } from '../../src/core/conversation/desk.js';
import { buttonPress, messageContextMenu, modalSubmit } from '../fakes/discord/payloads.js';
import type { Answer, Harness } from './harness.js';
import { as, botMessage, buttonIds } from './helpers.js';

export interface FlagChoices {
  /** A level's number; default: what the modal preselected. */
  severity?: string;
  remove?: boolean;
}

type People = Parameters<typeof as>[1];
type Component = {
  type: number;
  component?: { custom_id?: string; options?: { value: string; default?: boolean }[] };
};

/** The select menus of a modal answer: custom id → the option values, and the preselected one. */
export function modalSelects(modal: Answer): Record<string, { values: string[]; chosen?: string }> {
  const selects: Record<string, { values: string[]; chosen?: string }> = {};
  for (const label of (modal.data['components'] ?? []) as Component[]) {
    const inner = label.component;
    if (!inner?.custom_id || !inner.options) continue;
    selects[inner.custom_id] = {
      values: inner.options.map((o) => o.value),
      chosen: inner.options.find((o) => o.default)?.value,
    };
  }
  return selects;
}

export async function openFlagDialog(
  h: Harness<Desk>,
  who: People,
  channelId: string,
  target: Record<string, unknown>,
  permissions?: string,
): Promise<Answer> {
  const first = await h.interact(
    messageContextMenu({
      ...as(h.fake, who, channelId, permissions),
      name: 'Flag for private support',
      target,
    }),
  );
  // A core slower than the deferral (a loaded machine) offers the dialog behind a button: press it,
  // so that no test depends on timing.
  if (first.callbackType === 9) return first;
  const button = buttonIds(first.data).find((id) => id.startsWith('cb:flag-form:'));
  if (!button) return first;
  return h.interact(
    buttonPress({
      ...as(h.fake, who, channelId, permissions),
      customId: button,
      message: botMessage(h.fake, channelId, first.data),
    }),
  );
}

export async function submitFlagDialog(
  h: Harness<Desk>,
  who: People,
  channelId: string,
  modal: Answer,
  choices: FlagChoices = {},
  permissions?: string,
): Promise<Answer> {
  const selects = modalSelects(modal);
  const fields: Record<string, string[]> = {};
  const severity = choices.severity ?? selects['severity']?.chosen;
  if (severity !== undefined) fields['severity'] = [severity];
  if (selects['remove']) fields['remove'] = [choices.remove ? 'yes' : 'no'];
  return h.interact(
    modalSubmit({
      ...as(h.fake, who, channelId, permissions),
      customId: String(modal.data['custom_id']),
      fields,
    }),
  );
}

/** The whole flag: the command, and the dialog submitted when one opens (else the refusal). */
export async function flagThroughDialog(
  h: Harness<Desk>,
  who: People,
  channelId: string,
  target: Record<string, unknown>,
  choices: FlagChoices & { permissions?: string } = {},
): Promise<Answer> {
  const opened = await openFlagDialog(h, who, channelId, target, choices.permissions);
  if (opened.callbackType !== 9) return opened;
  return submitFlagDialog(h, who, channelId, opened, choices, choices.permissions);
}
