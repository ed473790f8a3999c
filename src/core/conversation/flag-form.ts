// Flow 7a (the flag dialog): before a moderator flags a post, what they may choose — the severities
// the author's tier may open (none when the author maps to no org: no case will be opened) and
// whether casebot can remove the post on that platform. Adapters render it as a modal; the rules
// stay here, and `flag` checks the choice again (a forged submission is refused).
import { DeskError } from '../errors.js';
import { allowedSeverities } from '../sla/index.js';
import type { FlagFormView } from '../views.js';
import { defaultSeverityFor } from './case-form.js';
import type { Actor, FlagFormRequest } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { portFor } from './desk-context.js';
import { isModerator, resolveActor } from './identity.js';

/** The author as the core sees them: placed in their org by the message's own context. */
export function authorActorOf(request: FlagFormRequest): Actor {
  const { actor, message, author } = request;
  return {
    platform: message.platform,
    userId: author.userId,
    displayName: author.displayName,
    workspaceId: author.workspaceId ?? null,
    channelId: message.channelId,
    guildId: actor.guildId ?? null,
    roleIds: author.roleIds ?? [],
  };
}

/** The moderator (and the language they read), or a refusal for anyone else. */
export async function requireModerator(ctx: DeskContext, actor: Actor) {
  const { person, language } = await resolveActor(ctx, actor);
  if (!isModerator(person, actor))
    throw new DeskError('NOT_A_MODERATOR', { key: 'conversation.flag.notAModerator' });
  return { person, language };
}

export async function flagForm(ctx: DeskContext, request: FlagFormRequest): Promise<FlagFormView> {
  const { language } = await requireModerator(ctx, request.actor);
  const { org } = await resolveActor(ctx, authorActorOf(request));
  const port = portFor(ctx, request.message.platform);
  return {
    kind: 'flag-form',
    authorName: request.author.displayName,
    orgName: org?.name ?? null,
    severityOptions: org ? allowedSeverities(ctx.policy, org.tier) : [],
    defaultSeverity: org ? defaultSeverityFor(ctx, org) : null,
    canRemove: typeof port.removeMessage === 'function',
    language,
  };
}
