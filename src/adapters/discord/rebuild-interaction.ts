// An interaction object rebuilt from its stored gateway packet, for redoing the work of a process
// that died. discord.js builds interactions only from packets it receives (its InteractionCreate
// action picks the class: button, modal, command…), so the packet goes through that action; the
// event it emits is marked, and the adapter's own listener leaves marked ones alone.
import { Events, type Client, type Interaction } from 'discord.js';

const rebuilt = new WeakSet<Interaction>();

/** True for an interaction made by rebuildInteraction (not a live one from the gateway). */
export function isRebuilt(interaction: Interaction): boolean {
  return rebuilt.has(interaction);
}

interface InteractionAction {
  handle(data: unknown): void;
}

export function rebuildInteraction(client: Client, data: unknown): Interaction {
  // Not in discord.js's public typings: the action every INTERACTION_CREATE packet goes through.
  const action = (client as unknown as { actions?: { InteractionCreate?: InteractionAction } })
    .actions?.InteractionCreate;
  if (!action) throw new Error('this discord.js cannot rebuild an interaction from its packet');
  let made: Interaction | null = null;
  const catchIt = (interaction: Interaction) => {
    made ??= interaction;
    rebuilt.add(interaction);
  };
  // Emitted synchronously, before any other listener: the first listener marks it.
  client.prependOnceListener(Events.InteractionCreate, catchIt);
  try {
    action.handle(data);
  } finally {
    client.removeListener(Events.InteractionCreate, catchIt);
  }
  if (!made) throw new Error('discord.js did not rebuild the stored interaction');
  return made;
}
