// `/support ask|open|status|queue|severity|pending|why|away|back|shift|draft|learned|dashboard|callback|lang|help`. Acked at once; the answer follows through the
// command's response_url (ephemeral, and it works in channels the bot has not joined).
import type { RespondFn } from '@slack/bolt';
import type { SlackRoutes } from '../routes.js';
import { parseSeverityArgs } from '../../severity-args.js';
import { t } from '../../../core/i18n/index.js';
import type { Actor } from '../../../core/conversation/desk.js';
import type { Place } from '../../../core/model.js';
import type { NoticeView, View } from '../../../core/views.js';
import {
  guarded,
  readerLanguage,
  slackActor,
  slackPlace,
  type HandlerContext,
} from '../handler-context.js';
import { SLASH_COMMAND } from '../ids.js';
import { renderHelp } from '../render-help.js';
import { renderView } from '../render-view.js';
import { InvitationFiles } from '../invitation-file.js';
import { openCaseForm } from './open-form.js';

export type SupportSubcommand =
  | 'ask'
  | 'open'
  | 'status'
  | 'queue'
  | 'severity'
  | 'pending'
  | 'why'
  | 'away'
  | 'back'
  | 'shift'
  | 'draft'
  | 'learned'
  | 'dashboard'
  | 'lang'
  | 'callback'
  | 'help';

const SUBCOMMANDS: readonly SupportSubcommand[] = [
  'ask',
  'open',
  'status',
  'queue',
  'severity',
  'pending',
  'why',
  'away',
  'back',
  'shift',
  'draft',
  'learned',
  'dashboard',
  'lang',
  'callback',
  'help',
];

/** The subcommands with a usage line (`slack.usage.*`), said when their argument is missing. */
type UsageOf = 'severity' | 'pending' | 'why' | 'draft' | 'learned' | 'ask' | 'callback';

/** A notice the adapter writes itself, in the reader's language. */
async function ownNotice(
  ctx: HandlerContext,
  actor: Actor,
  tone: NoticeView['tone'],
  key: string,
): Promise<NoticeView> {
  const language = await readerLanguage(ctx, actor);
  return { kind: 'notice', tone, text: t(language, key, { command: SLASH_COMMAND }), language };
}

const usage = (ctx: HandlerContext, actor: Actor, sub: UsageOf) =>
  ownNotice(ctx, actor, sub === 'ask' ? 'info' : 'warning', `slack.usage.${sub}`);

export function parseSupportCommand(text: string): { sub: SupportSubcommand; rest: string } {
  const trimmed = text.trim();
  const [first = ''] = trimmed.split(/\s/, 1);
  const word = first.toLowerCase();
  const sub = SUBCOMMANDS.find((candidate) => candidate === word);
  // The rest as typed: a severity reason or a question may span lines.
  if (sub) return { sub, rest: trimmed.slice(first.length).trim() };
  // Anything else is a question: `/support my cluster is red` asks it.
  return trimmed ? { sub: 'ask', rest: trimmed } : { sub: 'help', rest: '' };
}

interface CommandBody {
  user_id: string;
  user_name?: string;
  team_id?: string;
  user_team?: string;
  channel_id: string;
  text?: string;
  trigger_id: string;
  response_url?: string;
}

export function registerCommand(routes: SlackRoutes, ctx: HandlerContext): void {
  routes.command(SLASH_COMMAND, async ({ ack, command, respond }) => {
    await ack();
    const c = command as unknown as CommandBody;
    const actor = await slackActor(ctx, c.user_id, null, c.user_team ?? c.team_id, c.channel_id);
    const place = slackPlace(c.channel_id);
    const reply = (view: View) => answer(ctx, c, place, actor.userId, view, respond);
    await guarded(ctx, 'slash command', { place, userId: actor.userId }, async () => {
      const { sub, rest } = parseSupportCommand(c.text ?? '');
      if (sub === 'help') {
        const language = await readerLanguage(ctx, actor);
        return reply({ kind: 'notice', tone: 'info', text: renderHelp(language), language });
      }
      // `/support lang [code|auto]`: the core shows, sets or forgets the person's language.
      if (sub === 'lang') return reply(await ctx.desk().language(actor, rest));
      if (sub === 'status') return reply(await ctx.desk().status(actor));
      if (sub === 'queue') return reply(await ctx.desk().queue(actor));
      // Ephemeral, like every answer here: the link is seen by the person who asked, and only once.
      if (sub === 'dashboard')
        return reply(
          ctx.dashboardLink
            ? await ctx.dashboardLink(actor)
            : await ownNotice(ctx, actor, 'warning', 'slack.dashboardNotServed'),
        );
      if (sub === 'severity') {
        const change = parseSeverityArgs(rest);
        if (!change) return reply(await usage(ctx, actor, 'severity'));
        return reply(await ctx.desk().changeSeverity({ actor, ...change }));
      }
      if (sub === 'pending') {
        const [reference] = rest.split(/\s+/);
        if (!reference) return reply(await usage(ctx, actor, 'pending'));
        return reply(await ctx.desk().act(actor, reference, 'pending'));
      }
      if (sub === 'why') {
        const [reference] = rest.split(/\s+/);
        if (!reference) return reply(await usage(ctx, actor, 'why'));
        return reply(await ctx.desk().explain(actor, reference));
      }
      // The rest as typed: the core reads `until tomorrow 09:00` and `08:00-17:00 Europe/Paris`.
      if (sub === 'away' || sub === 'shift')
        return reply(await ctx.desk().availability(actor, { kind: sub, text: rest }));
      if (sub === 'back') return reply(await ctx.desk().availability(actor, { kind: 'back' }));
      if (sub === 'learned') {
        const [first, second] = rest.split(/\s+/).filter(Boolean);
        if (first?.toLowerCase() === 'remove')
          return reply(
            /^\d+$/.test(second ?? '')
              ? await ctx.desk().learnedPhrasings(actor, { remove: Number(second) })
              : await usage(ctx, actor, 'learned'),
          );
        return reply(await ctx.desk().learnedPhrasings(actor, { articleId: first ?? null }));
      }
      if (sub === 'callback') {
        // The rest as typed after the case: the core reads times, windows and options.
        const [reference = ''] = rest.split(/\s+/);
        if (!reference) return reply(await usage(ctx, actor, 'callback'));
        const text = rest.slice(reference.length).trim();
        return reply(await ctx.desk().callback({ actor, caseIdOrReference: reference, text }));
      }
      if (sub === 'draft') {
        const [reference] = rest.split(/\s+/);
        if (!reference) return reply(await usage(ctx, actor, 'draft'));
        return reply(await ctx.desk().draftArticle(actor, reference));
      }
      if (sub === 'open') {
        return openCaseForm(
          ctx,
          actor,
          c.trigger_id,
          { deflectionId: null, channelId: c.channel_id, threadTs: null },
          rest || undefined,
        );
      }
      if (!rest) return reply(await usage(ctx, actor, 'ask'));
      return reply(await ctx.desk().ask({ actor, place, question: rest }));
    });
  });
}

/**
 * The command's answer, through the port when it can answer commands (the app's durable one
 * writes it down: a command redone after its process died does not answer twice), else Bolt's
 * `respond`. The response_url carries no file: a call's invitation goes to the DM.
 */
async function answer(
  ctx: HandlerContext,
  command: CommandBody,
  place: Place,
  userId: string,
  view: View,
  respond: RespondFn,
): Promise<void> {
  if (ctx.chat.answerCommand && command.response_url)
    return ctx.chat.answerCommand({ place, userId, replyUrl: command.response_url }, view);
  const files = new InvitationFiles(ctx.api, ctx.logger);
  const invitation = await files.toDm(ctx.openDm, userId, view);
  const message = renderView(view, userId, invitation);
  await respond({
    response_type: 'ephemeral',
    text: message.text,
    blocks: message.blocks as never,
    attachments: (message.attachments ?? []) as never,
  });
}
