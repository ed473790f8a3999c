// The responder's file fallback (adapters/discord/respond.ts): when Discord refuses a reply's file,
// the same answer is made again with the file's text inline, on a follow-up too (an interaction
// already answered once), while a first reply that went out before something failed is never made
// twice. The interaction is a stand-in with discord.js's replied/deferred flags: what is tested
// is the responder's decision, not Discord.
import { describe, expect, it } from 'vitest';
import type { RepliableInteraction } from 'discord.js';
import { createResponder } from '../../src/adapters/discord/respond.js';
import type { DiscordMessage } from '../../src/adapters/discord/render/message.js';
import { silentLogger } from '../helpers/db.js';

interface Sent {
  how: 'reply' | 'followUp' | 'editReply';
  content: unknown;
  files: number;
}

function interaction(state: { replied: boolean }, refuseFiles: boolean) {
  const sent: Sent[] = [];
  const send = (how: Sent['how']) => async (payload: { content?: unknown; files?: unknown[] }) => {
    const files = payload.files?.length ?? 0;
    if (refuseFiles && files > 0) throw new Error('Cannot send files (403)');
    sent.push({ how, content: payload.content, files });
    state.replied = true;
  };
  const fake = {
    id: 'i1',
    locale: 'en-US',
    deferred: false,
    get replied() {
      return state.replied;
    },
    reply: send('reply'),
    followUp: send('followUp'),
    editReply: send('editReply'),
  };
  return { fake: fake as unknown as RepliableInteraction, sent };
}

const withFile: DiscordMessage = {
  content: 'Call confirmed',
  embeds: [],
  components: [],
  allowed_mentions: { parse: [] },
  files: [{ name: 'case-1001-call.ics', contentType: 'text/calendar', content: 'BEGIN:VCALENDAR' }],
  inlineContent: 'Call confirmed\n```BEGIN:VCALENDAR```',
};

describe('discord responder with a file', () => {
  const responder = createResponder({ deferAfterMs: 2_000, logger: silentLogger });

  it('sends the text instead when a follow-up with the file is refused', async () => {
    const { fake, sent } = interaction({ replied: true }, true);
    await responder.answer(fake, async () => withFile, { ephemeral: true });
    expect(sent).toEqual([
      { how: 'followUp', content: 'Call confirmed\n```BEGIN:VCALENDAR```', files: 0 },
    ]);
  });

  it('sends the text instead when the first reply with the file is refused', async () => {
    const { fake, sent } = interaction({ replied: false }, true);
    await responder.answer(fake, async () => withFile, { ephemeral: true });
    expect(sent).toEqual([
      { how: 'reply', content: 'Call confirmed\n```BEGIN:VCALENDAR```', files: 0 },
    ]);
  });

  it('sends the file when it is accepted, once', async () => {
    const { fake, sent } = interaction({ replied: false }, false);
    await responder.answer(fake, async () => withFile, { ephemeral: false });
    expect(sent).toEqual([{ how: 'reply', content: 'Call confirmed', files: 1 }]);
  });
});
