// What each message the fake Slack received is, by its logical identity: the suggestions for a
// question, a case's team alert, its confirmation, its claim notice, the answer to a claim press,
// an SLA warning at a threshold (team channel, or the owner's DM). Identities come from what a
// person would read (the case reference, the question's thread, the `[chaos-…]` tag the customer
// typed into the title), so the classification holds whatever the app does inside. The patterns
// follow the Slack renderers (src/adapters/slack/render-*.ts); a message nothing here recognises
// is reported as unclassified rather than guessed.
import type { RecordedCall } from '../../test/fakes/slack/fake-slack.js';
import { ACTION_IDS } from '../../src/adapters/slack/ids.js';
import { hasButton, visibleText } from './calls.js';
import { CHANNELS } from './world.js';

export type MessageKind =
  | 'suggestions'
  | 'solved-answer'
  | 'team-alert'
  | 'confirmation'
  | 'claim-notice'
  | 'claim-answer'
  | 'sla-team'
  | 'sla-dm'
  | 'form-reminder'
  /** Discord: the answer to a submitted modal (the confirmation itself goes to the case thread). */
  | 'form-answer'
  | 'error-notice'
  | 'other';

/** What the tally needs of the request that carried a message, on any platform. */
export interface Sent {
  /** When it reached the fake (Date.now()). */
  at: number;
  /** The token of the process life that sent it. */
  token: string | null;
}

export interface Observed {
  kind: MessageKind;
  call: Sent;
  /** The platform's id of the message (Slack's ts, Discord's message id), once it answered one. */
  id: string | null;
  /** Where it went, for the report (`chat.postMessage C0…`, `POST /channels/…`). */
  where: string;
  /** The case reference it names (CASE-1001), if any. */
  ref: string | null;
  /** The `chaos-…` tag of the case title it quotes, if any. */
  tag: string | null;
  /** Whom it addresses privately (ephemeral or DM). */
  user: string | null;
  /** SLA events: "25%" … or "breach". */
  level: string | null;
  /** claim-answer: won (You own…), taken (already claimed by…), mine (You already have…). */
  claim: 'won' | 'taken' | 'mine' | null;
  threadTs: string | null;
  text: string;
}

export interface AlertUpdate {
  call: Sent;
  /** The platform's id of the updated message. */
  messageId: string;
  /** The owner the updated alert names, if it names one. */
  owner: string | null;
}

export interface Classified {
  messages: Observed[];
  updates: AlertUpdate[];
  /** Case reference → its first-response due instant (ms), read from any message about it. */
  dueByRef: Map<string, number>;
}

export const REF = '[A-Z][A-Z0-9]*-\\d+';
export const refIn = (text: string, pattern: string): string | null =>
  new RegExp(pattern.replace('REF', `(${REF})`)).exec(text)?.[1] ?? null;

function userOf(call: RecordedCall, dmUsers: Map<string, string>): string | null {
  if (call.method === 'chat.postEphemeral')
    return typeof call.args.user === 'string' ? call.args.user : null;
  const channel = String(call.args.channel ?? '');
  if (!channel.startsWith('D')) return null;
  return dmUsers.get(channel) ?? `U${channel.slice(1)}`;
}

function classifyMessage(call: RecordedCall, dmUsers: Map<string, string>): Observed {
  const text = visibleText(call);
  const summary = typeof call.args.text === 'string' ? call.args.text : '';
  const channel = String(call.args.channel ?? '');
  const threadTs = typeof call.args.thread_ts === 'string' ? call.args.thread_ts : null;
  const base: Observed = {
    kind: 'other',
    call,
    id: typeof call.response.ts === 'string' ? call.response.ts : null,
    where: `${call.method} ${channel}`,
    ref: refIn(text, 'REF'),
    tag: /\[(chaos-[a-z0-9]+)\]/.exec(text)?.[1] ?? null,
    user: userOf(call, dmUsers),
    level: null,
    claim: null,
    threadTs,
    text,
  };
  const sla = /SLA (warning|breached): /.exec(summary);
  if (sla) {
    const percent = /(\d+)% of the response target used/.exec(text)?.[1];
    return {
      ...base,
      kind: channel.startsWith('D') ? 'sla-dm' : 'sla-team',
      ref: refIn(summary, 'SLA (?:warning|breached): REF') ?? base.ref,
      level: sla[1] === 'breached' ? 'breach' : `${percent ?? '?'}%`,
    };
  }
  if (isSuggestions(call)) return { ...base, kind: 'suggestions', ref: null };
  const opened = refIn(summary, '^Case REF opened$');
  if (opened) return { ...base, kind: 'confirmation', ref: opened };
  const said = classifyText(text);
  if (said) return { ...base, ...said };
  if (
    call.method === 'chat.postMessage' &&
    channel === CHANNELS.team &&
    !threadTs &&
    (hasButton(call, ACTION_IDS.claim) || Array.isArray(call.args.attachments))
  )
    return { ...base, kind: 'team-alert' };
  return base;
}

/**
 * The messages both platforms word alike (the core's catalogue, locales/en.yml): a claim notice,
 * the answers to a claim press, a form's reminder, the answer to *This solved it*, an error notice.
 */
export function classifyText(
  text: string,
): Pick<Observed, 'kind' | 'ref' | 'claim'> | Pick<Observed, 'kind'> | null {
  const onIt = refIn(text, 'from support is on REF now\\.');
  if (onIt) return { kind: 'claim-notice', ref: onIt };
  const won = refIn(text, 'You own REF now\\.');
  if (won) return { kind: 'claim-answer', ref: won, claim: 'won' };
  const taken = refIn(text, 'REF is already claimed by');
  if (taken) return { kind: 'claim-answer', ref: taken, claim: 'taken' };
  const mine = refIn(text, 'You already have REF\\.');
  if (mine) return { kind: 'claim-answer', ref: mine, claim: 'mine' };
  const again = refIn(text, 'This form already opened REF');
  if (again) return { kind: 'form-reminder', ref: again };
  if (/Glad it helped|A case is already open for this question/.test(text))
    return { kind: 'solved-answer' };
  if (/Something went wrong on our side/.test(text)) return { kind: 'error-notice' };
  return null;
}

/** The answer to a question: its buttons (*This solved it* only when articles were shown). */
export function isSuggestions(call: RecordedCall): boolean {
  if (call.method !== 'chat.postMessage' || call.args.channel !== CHANNELS.support) return false;
  return hasButton(call, ACTION_IDS.solved) || hasButton(call, ACTION_IDS.openCase);
}

export function classify(calls: RecordedCall[]): Classified {
  const dmUsers = new Map<string, string>();
  const messages: Observed[] = [];
  const updates: AlertUpdate[] = [];
  const dueByRef = new Map<string, number>();
  for (const call of calls) {
    if (call.status !== 200 || call.response.ok === false) continue;
    if (call.method === 'conversations.open') {
      const channel = (call.response.channel as { id?: unknown } | undefined)?.id;
      if (typeof channel === 'string' && typeof call.args.users === 'string')
        dmUsers.set(channel, call.args.users);
      continue;
    }
    if (call.method === 'chat.update' && call.args.channel === CHANNELS.team) {
      const owner = /owner \*([^*]+)\*/.exec(visibleText(call))?.[1] ?? null;
      updates.push({ call, messageId: String(call.args.ts), owner });
      continue;
    }
    if (call.method !== 'chat.postMessage' && call.method !== 'chat.postEphemeral') continue;
    const observed = classifyMessage(call, dmUsers);
    messages.push(observed);
    const due = /<!date\^(\d+)\^/.exec(observed.text)?.[1];
    if (observed.ref && due && !dueByRef.has(observed.ref))
      dueByRef.set(observed.ref, Number(due) * 1000);
  }
  return { messages, updates, dueByRef };
}
