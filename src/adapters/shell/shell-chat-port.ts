// The shell's ChatPort: every post, update, whisper and DM is printed as one labelled block, so a
// single terminal shows what each role would see on a real platform ("[#team-platform] …",
// "[DM → sam] …"). It also remembers where each case's alert and customer thread are, which is how
// `/reply CASE-1001 …` finds the right thread without a platform UI to click in.
import { randomBytes } from 'node:crypto';
import type { Clock, ChatPort } from '../../core/ports/platform.js';
import type { Place } from '../../core/model.js';
import { DEFAULT_LANGUAGE, languageOfView, t } from '../../core/i18n/index.js';
import type { PostedMessage, View } from '../../core/views.js';
import { renderText } from './render-text.js';

export type ShellWrite = (text: string) => void;

export function placeLabel(place: Place): string {
  const channel = place.channelId.startsWith('@') ? `DM ${place.channelId}` : `#${place.channelId}`;
  return place.threadId ? `${channel} › ${place.threadId}` : channel;
}

function indent(label: string, body: string): string {
  const [first = '', ...rest] = body.split('\n');
  return [`${label} ${first}`, ...rest.map((line) => `  ${line}`)].join('\n');
}

export interface ShellChatPort extends ChatPort {
  /** Prints a view the actor gets back from the Desk (the adapter's own reply). */
  show(place: Place | null, toUserId: string, view: View): void;
  /** A new id for a message or thread the shell itself creates (a question, a public post). */
  newId(prefix: string): string;
}

export function createShellChatPort(options: { write: ShellWrite; clock: Clock }): ShellChatPort {
  const { write, clock } = options;
  // Message ids must not collide with ones stored by an earlier run (alert places live in the DB).
  const session = randomBytes(2).toString('hex');
  let counter = 0;
  const newId = (prefix: string) => `${prefix}${session}-${++counter}`;
  const render = (view: View) => renderText(view, { now: clock.now() });

  return {
    platform: 'shell',
    newId,
    async post(place, view): Promise<PostedMessage> {
      const messageId = newId('m');
      write(indent(`[${placeLabel(place)}]`, render(view)));
      return { place: { ...place, messageId }, messageId };
    },
    async update(message, view): Promise<void> {
      write(
        indent(
          `[${placeLabel({ ...message.place, threadId: null })}] ${t(languageOfView(view), 'shell.port.updated')}`,
          render(view),
        ),
      );
    },
    async whisper(place, userId, view): Promise<void> {
      const only = t(languageOfView(view), 'shell.port.onlySees', { user: userId });
      write(indent(`[${placeLabel(place)}] ${only}`, render(view)));
    },
    async sendDirect(userId, view): Promise<PostedMessage> {
      const messageId = newId('d');
      const place: Place = { platform: 'shell', channelId: `@${userId}`, messageId };
      write(indent(`[DM → ${userId}]`, render(view)));
      return { place, messageId };
    },
    async openPrivateSpace({ customerUserId, title, language }): Promise<Place> {
      const place: Place = {
        platform: 'shell',
        channelId: `private-${customerUserId}`,
        threadId: newId('p'),
      };
      const opened = t(language ?? DEFAULT_LANGUAGE, 'shell.port.privateSpace', {
        user: customerUserId,
        title,
      });
      write(`[${placeLabel(place)}] ${opened}`);
      return place;
    },
    show(place, toUserId, view): void {
      const where = place ? `${placeLabel(place)} → ${toUserId}` : `→ ${toUserId}`;
      write(indent(`[${where}]`, render(view)));
    },
  };
}
