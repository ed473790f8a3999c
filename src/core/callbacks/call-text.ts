// A case's call in progress in one line of a list (queue, status, App Home), in the reader's zone.
import type { Callback } from './callback.js';
import { whenText } from './describe.js';
import { callbackText, type Localized } from './messages.js';

export function callLine(callback: Callback, zone: string): Localized {
  if (callback.immediate) return callbackText('listImmediate');
  const when = callback.startsAt ? whenText(callback.startsAt, zone) : '';
  switch (callback.status) {
    case 'booked':
      return callbackText('listBooked', { when });
    case 'proposed':
      return callbackText('listProposed', { when });
    case 'confirmed':
      return callbackText('listConfirmed', { when });
    default:
      return callbackText('listRequested');
  }
}
