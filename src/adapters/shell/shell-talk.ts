// `/reply`, `/note` and `/flag`: the shell stands in for the platform threads, so it finds the
// right thread of a case (alert side for staff, customer side otherwise) and stages public posts.
import type { Place } from '../../core/model.js';
import { DEFAULT_LANGUAGE, t, type MessageValues } from '../../core/i18n/index.js';
import type { View } from '../../core/views.js';
import { looksLikeCaseReference } from './commands.js';
import { actorOf, isStaff, type Persona } from './persona.js';
import type { ShellDeps } from './shell-session.js';

export interface TalkContext {
  deps: ShellDeps;
  persona: Persona;
  say(text: string): void;
  show(place: Place | null, view: View): void;
  community: string;
  caseArg(words: string[]): { reference: string | null; rest: string[] };
}

/** A line of the shell's own, in the persona's language. */
const tell = (ctx: TalkContext, key: string, values?: MessageValues) =>
  ctx.say(t(ctx.persona.language ?? DEFAULT_LANGUAGE, `shell.session.${key}`, values));

export async function talk(
  ctx: TalkContext,
  words: string[],
  internal: boolean,
  raw: string,
): Promise<void> {
  const { deps, persona, show } = ctx;
  const { reference } = ctx.caseArg(words);
  if (!reference) return tell(ctx, 'usage', { usage: '/reply CASE-1001 text' });
  // Keep the text exactly as typed (quotes included): everything after the command and reference.
  const text = raw
    .replace(/^\/\w+\s*/, '')
    .replace(looksLikeCaseReference(words[0]) ? /^\S+\s*/ : /^/, '');
  if (!text) return tell(ctx, 'nothingToSend');
  const places = await deps.casePlaces(reference);
  if (!places) return tell(ctx, 'noCase', { reference });
  const staffSide = isStaff(persona) || internal;
  const place = staffSide ? places.alertPlace : places.customerPlace;
  if (!place) return tell(ctx, 'noThread', { reference, side: staffSide ? 'alert' : 'customer' });
  persona.currentCase = places.reference;
  const result = await deps.desk.message({
    actor: actorOf(persona),
    place,
    text: internal ? `${deps.notePrefix} ${text}` : text,
  });
  if (result) show(place, result);
}

const QUOTE_PAIRS: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’' };

/** Strips one pair of quotes around the whole text (shell quoting), keeping quotes inside. */
export function unquote(text: string): string {
  const trimmed = text.trim();
  const close = QUOTE_PAIRS[trimmed.charAt(0)];
  return close !== undefined && trimmed.length >= 2 && trimmed.endsWith(close)
    ? trimmed.slice(1, -1).trim()
    : trimmed;
}

export async function flag(ctx: TalkContext, words: string[], raw: string): Promise<void> {
  const { deps, persona, say, show, community } = ctx;
  const author = words[0];
  // The post's own text: `/flag bob "our prod is down"` flags `our prod is down`, not the quotes.
  const text = unquote(raw.replace(/^\/flag\s+\S+\s*/, ''));
  if (!author || !text) return tell(ctx, 'flagUsage');
  const messageId = deps.port.newId('c');
  const message = {
    platform: 'shell' as const,
    channelId: community,
    threadId: messageId,
    messageId,
  };
  const known = await deps.lookupPerson(author);
  say(`[#${community}] ${known?.displayName ?? author}: ${text}`);
  show(
    null,
    await deps.desk.flag({
      actor: actorOf(persona),
      message,
      author: { userId: author, displayName: known?.displayName ?? author },
      text,
    }),
  );
}
