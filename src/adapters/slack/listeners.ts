// Every handler, in one place: the manifest test compares the ids routed here with manifest.yml.
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
import { SlackRoutes } from './routes.js';

export function slackRoutes(ctx: HandlerContext): SlackRoutes {
  const routes = new SlackRoutes();
  registerMessageHandlers(routes, ctx);
  registerButtons(routes, ctx);
  registerCallbackActions(routes, ctx);
  registerRating(routes, ctx);
  registerCaseForm(routes, ctx);
  registerFlag(routes, ctx);
  registerShortcuts(routes, ctx);
  registerCommand(routes, ctx);
  registerHome(routes, ctx);
  return routes;
}
