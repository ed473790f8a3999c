// Events rebuilt from their stored gateway packets, for redoing the work of a process that died.
// discord.js builds interactions and messages only from packets it receives (its actions pick the
// class: button, modal, command…, and file a message in its channel), so the packet goes through
// that action; the event it emits is marked, and the adapter's own listeners leave marked ones
// alone.
import { Events, type Client, type Interaction, type Message } from 'discord.js';

const rebuilt = new WeakSet<object>();

/** True for an interaction or message made by a rebuild here (not a live one from the gateway). */
export function isRebuilt(event: object): boolean {
  return rebuilt.has(event);
}

interface PacketAction {
  handle(data: unknown): unknown;
}

function rebuild<T extends object>(
  client: Client,
  action: 'InteractionCreate' | 'MessageCreate',
  event: Events.InteractionCreate | Events.MessageCreate,
  data: unknown,
  returned: (result: unknown) => T | undefined,
): T | null {
  // Not in discord.js's public typings: the actions every packet of the kind goes through.
  const handler = (client as unknown as { actions?: Record<string, PacketAction | undefined> })
    .actions?.[action];
  if (!handler) throw new Error(`this discord.js cannot rebuild a ${action} from its packet`);
  let made: T | null = null;
  const catchIt = (built: T) => {
    made ??= built;
    rebuilt.add(built);
  };
  // Emitted synchronously, before any other listener: the first listener marks it.
  client.prependOnceListener(event, catchIt as (...args: unknown[]) => void);
  try {
    const result = handler.handle(data);
    // A message already in the channel's cache is returned without an event (nothing to mark).
    made ??= returned(result) ?? null;
  } finally {
    client.removeListener(event, catchIt as (...args: unknown[]) => void);
  }
  return made;
}

export function rebuildInteraction(client: Client, data: unknown): Interaction {
  const made = rebuild<Interaction>(
    client,
    'InteractionCreate',
    Events.InteractionCreate,
    data,
    () => undefined,
  );
  if (!made) throw new Error('discord.js did not rebuild the stored interaction');
  return made;
}

/**
 * The message of a stored MESSAGE_CREATE packet, or null when its channel is not cached (a thread
 * this process has not seen: the caller fetches it and tries again).
 */
export function rebuildMessage(client: Client, data: unknown): Message | null {
  return rebuild<Message>(
    client,
    'MessageCreate',
    Events.MessageCreate,
    data,
    (result) => (result as { message?: Message } | undefined)?.message,
  );
}
