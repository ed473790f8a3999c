// Scheduled callbacks' buttons: *Request a call* on the case confirmation, the time picked from
// the select menu, and *Confirm* / *Call held* / *Call missed* / *Cancel the call*. Each becomes
// the same `callback …` line a person could type, read by the core; the answer goes to the
// presser only (ephemeral), the other side hears through the core's ChatPort.
import type { SlackRoutes } from '../routes.js';
import { guarded, slackActor, slackPlace, type HandlerContext } from '../handler-context.js';
import { ACTION_IDS } from '../ids.js';
import { decodePick } from '../render-callback.js';
import { tellUser } from './open-form.js';

interface CallbackActionBody {
  user: { id: string; team_id?: string };
  team?: { id?: string } | null;
  channel?: { id: string };
  message?: { ts: string; thread_ts?: string };
  container?: { message_ts?: string; thread_ts?: string; channel_id?: string };
  actions: { action_id: string; value?: string; selected_option?: { value?: string } }[];
}

const STEPS: [string, string][] = [
  [ACTION_IDS.callbackRequest, ''],
  [ACTION_IDS.callbackConfirm, 'confirm'],
  [ACTION_IDS.callbackHeld, 'held'],
  [ACTION_IDS.callbackMissed, 'missed'],
  [ACTION_IDS.callbackCancel, 'cancel'],
];

export function registerCallbackActions(routes: SlackRoutes, ctx: HandlerContext): void {
  const handle = (
    actionId: string,
    line: (value: string) => { reference: string; text: string } | null,
  ) =>
    routes.action(actionId, async ({ ack, body }) => {
      await ack();
      const b = body as unknown as CallbackActionBody;
      const channelId = b.channel?.id ?? b.container?.channel_id ?? null;
      const actor = await slackActor(ctx, b.user.id, null, b.user.team_id ?? b.team?.id, channelId);
      const threadTs = b.message?.thread_ts ?? b.container?.thread_ts ?? b.message?.ts ?? null;
      const place = channelId ? slackPlace(channelId, threadTs) : null;
      const where = place ? { place, userId: actor.userId } : null;
      await guarded(ctx, `callback ${actionId}`, where, async () => {
        const action = b.actions[0];
        const request = line(action?.selected_option?.value ?? action?.value ?? '');
        if (!request) return;
        const answer = await ctx.desk().callback({
          actor,
          caseIdOrReference: request.reference,
          text: request.text,
        });
        await tellUser(ctx, actor.userId, place, answer);
      });
    });
  for (const [actionId, verb] of STEPS)
    handle(actionId, (value) => (value ? { reference: value, text: verb } : null));
  handle(ACTION_IDS.callbackPick, (value) => {
    const pick = decodePick(value);
    return pick ? { reference: pick.reference, text: `book ${pick.at}` } : null;
  });
}
