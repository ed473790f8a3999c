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
    filename: invitationFilename(caseReference, callback.startsAt),
    contentType: 'text/calendar',
    content: value,
  };
}

/**
 * `case-1001-call-20260303-1300.ics`: the case and the call's start in UTC, so each invitation of a
 * case (a rescheduled call's too) has its own name, which Slack's lookup of a shared file goes by.
 */
export function invitationFilename(caseReference: string, startsAt: Date): string {
  const stamp = startsAt.toISOString().replace(/[-:]/g, '').slice(0, 13).replace('T', '-');
  return `${caseReference.toLowerCase()}-call-${stamp}.ics`;
}
