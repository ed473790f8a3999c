// Every request kind reaches one Bolt listener, which picks the handler by the request's id. Bolt
// runs the matchers of every registered listener for every request (each with its own copy of the
// listener's middleware and of the arguments), so casebot's 30 handlers as 30 listeners cost every
// question a message event passing 29 matchers that refuse it: issue 15's intake bench measured the
// bare Bolt app with 30 idle action listeners at 4.9 / 5.2 ms CPU a question against 4.0 / 4.6
// without them (50/s).
import type {
  App,
  Middleware,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackShortcutMiddlewareArgs,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';

export type RouteKind = 'event' | 'action' | 'command' | 'shortcut' | 'view';

type EventListener = Middleware<SlackEventMiddlewareArgs<string>>;
type ActionListener = Middleware<SlackActionMiddlewareArgs>;
type CommandListener = Middleware<SlackCommandMiddlewareArgs>;
type ShortcutListener = Middleware<SlackShortcutMiddlewareArgs>;
type ViewListener = Middleware<SlackViewMiddlewareArgs>;

/** A pattern matching exactly the given ids. */
function exactly(ids: Iterable<string>): RegExp {
  const escaped = [...ids].map((id) => id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return new RegExp(`^(?:${escaped.join('|')})$`);
}

/** The handlers by kind and id, mounted on a Bolt app as one listener per kind. */
export class SlackRoutes {
  private readonly events = new Map<string, EventListener>();
  private readonly actions = new Map<string, ActionListener>();
  private readonly commands = new Map<string, CommandListener>();
  private readonly shortcuts = new Map<string, ShortcutListener>();
  private readonly views = new Map<string, ViewListener>();

  event<Name extends string>(
    name: Name,
    listener: Middleware<SlackEventMiddlewareArgs<Name>>,
  ): void {
    // The event's type is the id it was routed by, so the listener gets the event it asked for.
    add(this.events, 'event', name, listener as unknown as EventListener);
  }

  action(actionId: string, listener: ActionListener): void {
    add(this.actions, 'action', actionId, listener);
  }

  command(name: string, listener: CommandListener): void {
    add(this.commands, 'command', name, listener);
  }

  shortcut(callbackId: string, listener: ShortcutListener): void {
    add(this.shortcuts, 'shortcut', callbackId, listener);
  }

  /** A submitted modal (Bolt's default view constraint: view_submission). */
  view(callbackId: string, listener: ViewListener): void {
    add(this.views, 'view', callbackId, listener);
  }

  /** The ids handled for one kind, in the order they were added. */
  ids(kind: RouteKind): string[] {
    return [...this.table(kind).keys()];
  }

  mount(app: App): void {
    if (this.events.size)
      app.event(exactly(this.events.keys()), (args) => route(this.events, args.event.type, args));
    if (this.actions.size)
      app.action(exactly(this.actions.keys()), (args) =>
        route(this.actions, 'action_id' in args.payload ? args.payload.action_id : '', args),
      );
    if (this.commands.size)
      app.command(exactly(this.commands.keys()), (args) =>
        route(this.commands, args.command.command, args),
      );
    if (this.shortcuts.size)
      app.shortcut(exactly(this.shortcuts.keys()), (args) =>
        route(this.shortcuts, args.shortcut.callback_id, args),
      );
    if (this.views.size)
      app.view(exactly(this.views.keys()), (args) =>
        route(this.views, args.view.callback_id, args),
      );
  }

  private table(kind: RouteKind): Map<string, unknown> {
    const tables = {
      event: this.events,
      action: this.actions,
      command: this.commands,
      shortcut: this.shortcuts,
      view: this.views,
    };
    return tables[kind];
  }
}

function add<L>(table: Map<string, L>, kind: RouteKind, id: string, listener: L): void {
  // Two handlers for one id would leave one never called: a mistake in the code, not in a request.
  if (table.has(id)) throw new Error(`slack ${kind} "${id}" has two handlers`);
  table.set(id, listener);
}

async function route<A>(table: Map<string, (args: A) => Promise<void>>, id: string, args: A) {
  // The listener's pattern is built from the table's ids: a request only gets here with one of them.
  await table.get(id)?.(args);
}
