// What each message the fake Discord received is, by its logical identity, as a person would read
// it (see ../classify.ts for the Slack run): messages created in channels, threads and DMs (a
// create answered again for the same nonce is the same message), interaction answers (a callback
// with a message, the deferred answer's edit, a follow-up), and the alert's edits. The patterns
// follow the Discord renderers (src/adapters/discord/render/) and the core's catalogue.
import type { RecordedRequest } from '../../../test/fakes/discord/fake-rest.js';
import { t } from '../../../src/core/i18n/index.js';
import {
  classifyText,
  refIn,
  type AlertUpdate,
  type Classified,
  type Observed,
} from '../classify.js';
import type { Orphan } from '../tally.js';

interface Body {
  content?: string;
  embeds?: { title?: string; description?: string; fields?: { name: string; value: string }[] }[];
  components?: { components?: { custom_id?: string }[] }[];
  message_reference?: { message_id?: string };
}

export interface DiscordChannels {
  support: string;
  team: string;
}

/** Who pressed, and which process life got it, by interaction id or token. */
export interface Interactions {
  pressers: Map<string, string>;
  receivers: Map<string, string>;
}

export function customIds(body: unknown): string[] {
  return ((body as Body | null)?.components ?? []).flatMap((row) =>
    (row.components ?? []).map((c) => c.custom_id ?? ''),
  );
}

export function textOf(body: unknown): string {
  const b = (body ?? {}) as Body;
  const embeds = (b.embeds ?? []).flatMap((e) => [
    e.title ?? '',
    e.description ?? '',
    ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`),
  ]);
  return [b.content ?? '', ...embeds].join('\n');
}

/** The answer to a question: its buttons (*Open a case*, *This solved it*). */
export function isSuggestions(request: RecordedRequest): boolean {
  return customIds(request.body).some((id) => /^cb:(open-case|solved):/.test(id));
}

const CHANNEL_POST = /^\/channels\/(\d+)\/messages$/;
const CHANNEL_EDIT = /^\/channels\/(\d+)\/messages\/(\d+)$/;
const CALLBACK = /^\/interactions\/(\d+)\/([^/]+)\/callback$/;
const WEBHOOK = /^\/webhooks\/\d+\/([^/]+)(\/messages\/@original)?$/;
/** An interaction's answer sent by DM by a redo (its first run died before answering it). */
const LATE_ANSWER = t('en', 'discord.notice.lateAnswer');
/** The fake's DM channels are `9` + the recipient's id without its first digit. */
const isDm = (channel: string) => channel.startsWith('9');

/** A request that made a message appear, with where it appeared and who it was for. */
interface Shown {
  request: RecordedRequest;
  body: unknown;
  channel: string;
  /** The presser, for an interaction answer. */
  presser: string | null;
  id: string | null;
}

function shownBy(request: RecordedRequest, seen: Set<string>): Shown | null {
  const response = request.response as { id?: string } | undefined;
  if (request.method === 'POST' && CHANNEL_POST.test(request.path)) {
    if (!response?.id) return null;
    const channel = CHANNEL_POST.exec(request.path)![1]!;
    // The same nonce answered again: the message already counted.
    if (seen.has(`${channel}/${response.id}`)) return null;
    seen.add(`${channel}/${response.id}`);
    return { request, body: request.body, channel, presser: null, id: response.id };
  }
  if (request.status >= 300) return null;
  // An interaction's first answer is one message however often it is edited (a deferred answer
  // filled in, a redo after a crash editing it again): counted once, by its token.
  const callback = CALLBACK.exec(request.path);
  const hook = WEBHOOK.exec(request.path);
  const first = (token: string, body: unknown): Shown | null => {
    if (seen.has(`answer:${token}`)) return null;
    seen.add(`answer:${token}`);
    return { request, body, channel: 'interaction', presser: token, id: null };
  };
  if (request.method === 'POST' && callback) {
    const body = request.body as { type?: number; data?: unknown };
    return body.type === 4 ? first(callback[2]!, body.data) : null;
  }
  if (request.method === 'PATCH' && hook?.[2]) return first(hook[1]!, request.body);
  // A follow-up is a message of its own.
  if (request.method === 'POST' && hook && !hook[2])
    return {
      request,
      body: request.body,
      channel: 'interaction',
      presser: hook[1]!,
      id: response?.id ?? null,
    };
  return null;
}

export function classifyDiscord(
  requests: readonly RecordedRequest[],
  channels: DiscordChannels,
  interactions: Interactions,
): Classified {
  const messages: Observed[] = [];
  const updates: AlertUpdate[] = [];
  const dueByRef = new Map<string, number>();
  const seen = new Set<string>();
  for (const request of requests) {
    const edit = CHANNEL_EDIT.exec(request.path);
    if (request.method === 'PATCH' && edit && edit[1] === channels.team && request.status < 300) {
      const owner = /Assignee: <@(\d+)>/.exec(textOf(request.body))?.[1] ?? null;
      updates.push({ call: sender(request, interactions), messageId: edit[2]!, owner });
      continue;
    }
    const shown = shownBy(request, seen);
    if (!shown) continue;
    const observed = classifyShown(shown, channels, interactions);
    messages.push(observed);
    const due = /<t:(\d+):R>/.exec(observed.text)?.[1];
    if (observed.ref && due && !dueByRef.has(observed.ref))
      dueByRef.set(observed.ref, Number(due) * 1000);
  }
  return { messages, updates, dueByRef };
}

/** Who sent it: the token on the request, or, for interaction answers, the life that got it. */
function sender(request: RecordedRequest, interactions: Interactions) {
  const key = CALLBACK.exec(request.path)?.[1] ?? WEBHOOK.exec(request.path)?.[1];
  const token = request.token ?? (key ? (interactions.receivers.get(key) ?? null) : null);
  return { at: request.at, token };
}

function classifyShown(
  shown: Shown,
  channels: DiscordChannels,
  interactions: Interactions,
): Observed {
  const text = textOf(shown.body);
  const body = (shown.body ?? {}) as Body;
  const presser = shown.presser ? (interactions.pressers.get(shown.presser) ?? null) : null;
  const base: Observed = {
    kind: 'other',
    call: sender(shown.request, interactions),
    id: shown.id,
    where: `${shown.request.method} ${shown.request.path.split('/').slice(0, 3).join('/')}`,
    ref: refIn(text, 'REF'),
    tag: /\[(chaos-[a-z0-9]+)\\?\]/.exec(text.replace(/\\\[/g, '['))?.[1] ?? null,
    user: presser ?? (isDm(shown.channel) ? `1${shown.channel.slice(1)}` : null),
    level: null,
    claim: null,
    threadTs: body.message_reference?.message_id ?? null,
    text,
  };
  const warning = refIn(text, '⚠️ REF: \\d+ % of the response target used');
  const breach = refIn(text, '🔥 REF missed its response target');
  if (warning || breach)
    return {
      ...base,
      kind: isDm(shown.channel) ? 'sla-dm' : 'sla-team',
      ref: warning ?? breach,
      level: breach ? 'breach' : `${/(\d+) % of the response target used/.exec(text)?.[1] ?? '?'}%`,
    };
  if (
    shown.channel === channels.support &&
    customIds(body).some((id) => /^cb:(open-case|solved):/.test(id))
  )
    return { ...base, kind: 'suggestions', ref: null };
  const opened = refIn(body.embeds?.[0]?.title ?? '', '^Case REF opened$');
  // The modal's answer says the same as the confirmation in the private thread: not counted. So
  // is the same answer sent by DM when the modal's first run died before answering it.
  const answer = Boolean(shown.presser) || (isDm(shown.channel) && text.startsWith(LATE_ANSWER));
  if (opened) return { ...base, kind: answer ? 'form-answer' : 'confirmation', ref: opened };
  const said = classifyText(text);
  if (said) return { ...base, ...said };
  if (shown.channel === channels.team && customIds(body).some((id) => id.startsWith('cb:claim:')))
    return { ...base, kind: 'team-alert' };
  return base;
}

/** An edit naming a message Discord never returned (ordering: an update before its post). */
export function discordOrphans(
  requests: readonly RecordedRequest[],
  interactions: Interactions,
): Orphan[] {
  const known = new Set<string>();
  const orphans: Orphan[] = [];
  for (const request of requests) {
    if (request.status >= 300) continue;
    const response = request.response as { id?: string } | undefined;
    const edit = CHANNEL_EDIT.exec(request.path);
    if (request.method === 'PATCH' && edit && !known.has(edit[2]!))
      orphans.push({
        what: `an edit of ${edit[2]}, which Discord never returned`,
        call: sender(request, interactions),
      });
    if (request.method === 'POST' && CHANNEL_POST.test(request.path) && response?.id)
      known.add(response.id);
  }
  return orphans;
}
