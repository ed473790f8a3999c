// Every Bolt listener, in one place: the manifest test calls this with a recording App to compare
// what the code registers with manifest.yml.
import type { App } from '@slack/bolt';
import type { HandlerContext } from './handler-context.js';
import { registerButtons } from './handlers/buttons.js';
import { registerCallbackActions } from './handlers/callback.js';
import { registerCommand } from './handlers/command.js';
import { registerFlag } from './handlers/flag.js';
import { registerHome } from './handlers/home.js';
import { registerMessageHandlers } from './handlers/messages.js';
import { registerRating } from './handlers/rating.js';
import { registerCaseForm } from './handlers/open-form.js';
import { registerShortcuts } from './handlers/shortcuts.js';

export function registerListeners(app: App, ctx: HandlerContext): void {
  registerMessageHandlers(app, ctx);
  registerButtons(app, ctx);
  registerCallbackActions(app, ctx);
  registerRating(app, ctx);
  registerCaseForm(app, ctx);
  registerFlag(app, ctx);
  registerShortcuts(app, ctx);
  registerCommand(app, ctx);
  registerHome(app, ctx);
}
