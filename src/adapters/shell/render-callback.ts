// A callback's times, actions and invitation in the terminal: it has no buttons, so each says
// what to type; the .ics is named with its start (the file itself is for chat platforms).
import type { Attachment, CallbackOffer } from '../../core/views.js';

/** The instant as the shell's `/callback … book` takes it back: ISO, to the minute, UTC. */
function isoMinute(at: Date): string {
  return `${at.toISOString().slice(0, 16)}Z`;
}

export function callbackLines(offer: CallbackOffer): string[] {
  const ref = offer.caseReference;
  const lines = offer.slots.map(
    (slot, index) =>
      `    ${index + 1}. ${slot.label}   [/callback ${ref} book ${isoMinute(slot.at)}]`,
  );
  if (offer.actions.length > 0)
    lines.push(`    ${offer.actions.map((action) => `[/callback ${ref} ${action}]`).join('  ')}`);
  return lines;
}

export function attachmentLine(attachment: Attachment): string {
  const start = /DTSTART:(\w+)/.exec(attachment.content)?.[1] ?? '?';
  return `  📎 ${attachment.filename} (${attachment.contentType}, DTSTART ${start})`;
}
