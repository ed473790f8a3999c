// The .ics invitation of a confirmed call, made with the `ics` package (RFC 5545: UTC start,
// duration, a stable UID per call so a calendar updates the event instead of adding another).
import { createEvent } from 'ics';
import type { Attachment } from '../views.js';
import type { Callback } from './callback.js';
import { callbackText } from './messages.js';

export interface InvitationFacts {
  callback: Callback;
  caseReference: string;
  caseTitle: string;
  ownerName: string;
  callMinutes: number;
}

/** The invitation with its title and description in `language`. */
export function callInvitation(facts: InvitationFacts, language: string): Attachment | null {
  const { callback, caseReference } = facts;
  if (!callback.startsAt) return null;
  const contact = callback.contact ?? '';
  const { error, value } = createEvent({
    productId: 'casebot',
    method: 'PUBLISH',
    uid: `callback-${callback.id}@casebot`,
    start: callback.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: facts.callMinutes },
    title: callbackText('inviteTitle', { ref: caseReference, title: facts.caseTitle })(language),
    description: callbackText('inviteDescription', {
      ref: caseReference,
      owner: facts.ownerName,
      contact,
    })(language),
    location: contact,
    ...(/^https?:\/\//.test(contact) ? { url: contact } : {}),
    status: 'CONFIRMED',
  });
  if (error || !value) return null;
  return {
    filename: `${caseReference.toLowerCase()}-call.ics`,
    contentType: 'text/calendar',
    content: value,
  };
}
