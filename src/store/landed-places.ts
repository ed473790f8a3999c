// A case place saved under a message's reference (core/delivery/message-ref.ts) after the message
// was sent names the sent message instead: marking the row sent moves the places stored by then
// (prisma-message-journal.ts), and this covers a place the core saves just after.
import { landedOf } from '../core/delivery/call-shapes.js';
import { decodeCall } from '../core/delivery/codec.js';
import { isMessageRef, keyOfRef, placeAtLanded } from '../core/delivery/message-ref.js';
import type { Place } from '../core/model.js';
import type { LandedMessage } from '../core/ports/journal.js';
import type { CasePatch } from '../core/ports/storage.js';
import type { Db } from './prisma-context.js';

/** The message the journal row `key` landed as, once it is sent; undefined before. */
export async function sentLanding(db: Db, key: string): Promise<LandedMessage | undefined> {
  const row = await db.outboundMessage.findUnique({
    where: { key },
    select: { state: true, result: true },
  });
  return row?.state === 'sent' && row.result ? landedOf(decodeCall(row.result)) : undefined;
}

async function landed(db: Db, place: Place | null): Promise<Place | null> {
  const ref = [place?.messageId, place?.threadId].find((id) => isMessageRef(id));
  if (!place || !ref) return place;
  const sent = await sentLanding(db, keyOfRef(ref));
  return sent ? placeAtLanded(place, ref, sent) : place;
}

/** The patch with its places moved to the messages their references name, once sent. */
export async function withLandedPlaces(db: Db, patch: CasePatch): Promise<CasePatch> {
  const alertPlace = patch.alertPlace && (await landed(db, patch.alertPlace));
  const customerPlace = patch.customerPlace && (await landed(db, patch.customerPlace));
  return {
    ...patch,
    ...(alertPlace ? { alertPlace } : {}),
    ...(customerPlace ? { customerPlace } : {}),
  };
}
