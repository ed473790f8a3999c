// A call that names a message by reference (message-ref.ts) goes out once that message is sent,
// to the platform's own id: an update never precedes its post, a reply never its thread's parent.
import type { MessageJournal } from '../ports/journal.js';
import type { PostedMessage } from '../views.js';
import { decodeCall } from './codec.js';
import { isMessageRef, keyOfRef, placeAtLanded } from './message-ref.js';

export type Resolution =
  | { kind: 'ready'; args: unknown[] }
  /** A parent is not sent yet: try again after `retryAt` (its next try), or soon when unknown. */
  | { kind: 'waiting'; retryAt: Date | null }
  /** A parent that will never be sent (refused, or no row under its key). */
  | { kind: 'orphan'; ref: string };

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;

/** Where places nest in a call's first argument (a posted message's, a private space's near). */
const NESTED = ['place', 'near'] as const;

/** Applies `visit` to every place-like object of the value (it and its nested places). */
function mapPlaces(value: unknown, visit: (place: Fields) => Fields): unknown {
  if (!isObject(value)) return value;
  let out = 'channelId' in value || 'messageId' in value ? visit(value) : value;
  for (const field of NESTED)
    if (isObject(out[field])) out = { ...out, [field]: mapPlaces(out[field], visit) };
  return out;
}

function refsIn(value: unknown): string[] {
  const refs: string[] = [];
  mapPlaces(value, (place) => {
    for (const id of [place.threadId, place.messageId]) if (isMessageRef(id)) refs.push(id);
    return place;
  });
  return refs;
}

/** The call's arguments with every reference replaced by its sent message, or why not yet. */
export async function resolveRefs(journal: MessageJournal, args: unknown[]): Promise<Resolution> {
  const refs = [...new Set(refsIn(args[0]))];
  if (refs.length === 0) return { kind: 'ready', args };
  const landed = new Map<string, { channelId: string; messageId: string }>();
  let retryAt: Date | null = null;
  for (const ref of refs) {
    const outcome = await journal.outcome(keyOfRef(ref));
    if (!outcome || outcome.state === 'refused') return { kind: 'orphan', ref };
    if (outcome.state === 'pending') {
      if (outcome.retryAt && (!retryAt || outcome.retryAt > retryAt)) retryAt = outcome.retryAt;
      continue;
    }
    const sent = outcome.result === null ? null : decodeCall<PostedMessage>(outcome.result);
    if (!sent?.messageId) return { kind: 'orphan', ref };
    landed.set(ref, { channelId: sent.place.channelId, messageId: sent.messageId });
  }
  if (landed.size < refs.length) return { kind: 'waiting', retryAt };
  const swap = (place: Fields): Fields => {
    const parent = [place.threadId, place.messageId].find((id) => isMessageRef(id));
    if (!parent) return place;
    return placeAtLanded(place, parent as string, landed.get(parent as string)!);
  };
  return { kind: 'ready', args: [mapPlaces(args[0], swap), ...args.slice(1)] };
}
