// Scheduled callbacks in Discord, the real discord.js adapter against the fake Discord, on the real
// core (real-desk.ts): *Request a call* on the case confirmation, `/case callback`, a time picked
// from the buttons, Sam's *Confirm*, the invitation to both sides; bad input refused with its rule.
import { describe, expect, test } from 'vitest';
import { commandDefinitions } from '../../src/adapters/discord/commands.js';
import { buttonPress, modalSubmit, slashCommand } from '../fakes/discord/payloads.js';
import { harnessForEachTest, waitFor } from './harness.js';
import { as, askAsAlice, buttonIds, buttonLabels, goodForm } from './helpers.js';
import { englishIn } from '../helpers/english-leaks.js';
import { realDeskFor } from './real-desk.js';
import { parseIcs } from '../helpers/ics.js';

const h = harnessForEachTest({ makeDesk: realDeskFor, cleanup: (desk) => desk.cleanup() });

/** Alice opens a Normal (3) case through the real modal; returns its reference and confirmation. */
async function openNormalCase() {
  const { answer, message } = await askAsAlice(h);
  const openCaseId = buttonIds(answer.data).find((id) => id.startsWith('cb:open-case:'))!;
  const modal = await h.interact(
    buttonPress({ ...as(h.fake, 'alice'), customId: openCaseId, message }),
  );
  const fields = { ...goodForm(modal), severity: ['3'] };
  const good = await h.interact(
    modalSubmit({ ...as(h.fake, 'alice'), customId: String(modal.data['custom_id']), fields }),
  );
  const title = String((good.data['embeds'] as { title?: string }[])[0]?.title ?? '');
  return { reference: /[A-Z]+-\d+/.exec(title)![0], confirmation: good };
}

function callbackCommand(who: 'sam' | 'alice', reference: string, what?: string) {
  const options = [
    { name: 'reference', type: 3, value: reference },
    ...(what ? [{ name: 'what', type: 3, value: what }] : []),
  ];
  return slashCommand({
    ...as(h.fake, who),
    name: 'case',
    options: [{ name: 'callback', type: 1, options }],
  });
}

const content = (answer: { data: Record<string, unknown> }) => String(answer.data['content'] ?? '');

describe('scheduled callbacks in Discord', () => {
  test('/case callback is registered with the reference required and what to do optional', () => {
    const caseCommand = commandDefinitions.find((c) => c.name === 'case') as {
      options: { name: string; options?: { name: string; required?: boolean }[] }[];
    };
    const callback = caseCommand.options.find((o) => o.name === 'callback');
    expect(callback?.options?.map((o) => [o.name, o.required])).toEqual([
      ['reference', true],
      ['what', false],
    ]);
  });

  test('request from the confirmation, pick a time, Sam confirms: both get the invitation', async () => {
    const { reference, confirmation } = await openNormalCase();
    const requestId = buttonIds(confirmation.data).find((id) => id.startsWith('cb:callback:'));
    expect(requestId).toBe(`cb:callback:${reference}:request`);
    const sam = h.fake.world.people.sam;
    await h.desk.act(
      { platform: 'discord', userId: sam.id, displayName: 'Sam Rivera' },
      reference,
      'claim',
    );
    const message = { id: '1', channel_id: h.fake.world.channels.support.id };
    const offer = await h.interact(
      buttonPress({ ...as(h.fake, 'alice'), customId: requestId!, message }),
    );
    expect(offer.ephemeral).toBe(true);
    expect(content(offer)).toContain(`Pick a time for a call on ${reference} with Sam Rivera`);
    const slots = buttonIds(offer.data).filter((id) => id.includes(':pick:'));
    expect(slots.length).toBe(6);
    // Without a contact the pick asks for one; with it given, the pick books.
    expect(
      content(
        await h.interact(buttonPress({ ...as(h.fake, 'alice'), customId: slots[0]!, message })),
      ),
    ).toContain('Give the phone number or meeting link');
    await h.interact(callbackCommand('alice', reference, 'contact=+33612345678'));
    const booked = await h.interact(
      buttonPress({ ...as(h.fake, 'alice'), customId: slots[0]!, message }),
    );
    expect(content(booked)).toContain('You asked for a call on');
    expect(content(booked)).toContain('Monday 2 March 10:30 (Europe/Paris), at +33612345678');
    const confirmed = await h.interact(callbackCommand('sam', reference, 'confirm'));
    expect(content(confirmed)).toContain(`Call confirmed on ${reference}: Monday 2 March 10:30`);
    // The invitation is a file of the answer (multipart), not text in it.
    expect(content(confirmed)).not.toContain('BEGIN:VCALENDAR');
    expect(confirmed.uploads.map((file) => file.name)).toEqual([
      `${reference.toLowerCase()}-call-20260302-0930.ics`,
    ]);
    expect(parseIcs(confirmed.uploads[0]!.data).events[0]?.['DTSTART']).toBe('20260302T093000Z');
    expect(buttonIds(confirmed.data)).toContain(
      `cb:callback:${(await h.desk.store.cases.byReference(reference))!.id}:held`,
    );
    expect(buttonLabels(confirmed.data)).toEqual(['Call held', 'Call missed', 'Cancel the call']);
    // The customer's private thread gets the confirmation with the invitation file too.
    const toAlice = await waitFor(() =>
      h.fake.rest
        .find('POST', /^\/channels\/\d+\/messages$/)
        .find((r) => JSON.stringify(r.body).includes('Call confirmed') && r.uploads.length > 0),
    );
    expect(toAlice.uploads.map((file) => file.name)).toEqual([
      `${reference.toLowerCase()}-call-20260302-0930.ics`,
    ]);
    expect(parseIcs(toAlice.uploads[0]!.data).events[0]?.['DTSTART']).toBe('20260302T093000Z');
    expect(JSON.stringify(toAlice.body)).not.toContain('BEGIN:VCALENDAR');
  });

  test('in French: the buttons are French and the invitation is a file, on both sides', async () => {
    const lang = (who: 'sam' | 'alice') =>
      h.interact(
        slashCommand({
          ...as(h.fake, who),
          name: 'case',
          options: [
            { name: 'lang', type: 1, options: [{ name: 'language', type: 3, value: 'fr' }] },
          ],
        }),
      );
    await lang('alice');
    await lang('sam');
    const { reference, confirmation } = await openNormalCase();
    expect(buttonLabels(confirmation.data)).toEqual(['Demander un appel']);
    const sam = h.fake.world.people.sam;
    await h.desk.act(
      { platform: 'discord', userId: sam.id, displayName: 'Sam Rivera' },
      reference,
      'claim',
    );
    const offer = await h.interact(callbackCommand('alice', reference, 'contact=+33612345678'));
    const slot = buttonIds(offer.data).find((id) => id.includes(':pick:'))!;
    const message = { id: '1', channel_id: h.fake.world.channels.support.id };
    await h.interact(buttonPress({ ...as(h.fake, 'alice'), customId: slot, message }));
    const confirmed = await h.interact(callbackCommand('sam', reference, 'confirm'));
    expect(buttonLabels(confirmed.data)).toEqual(['Appel tenu', 'Appel manqué', 'Annuler l’appel']);
    expect(englishIn(JSON.stringify(confirmed.data))).toEqual([]);
    expect(parseIcs(confirmed.uploads[0]!.data).events[0]?.['DTSTART']).toBe('20260302T093000Z');
    const toAlice = await waitFor(() =>
      h.fake.rest
        .find('POST', /^\/channels\/\d+\/messages$/)
        .find((r) => r.uploads.length > 0 && JSON.stringify(r.body).includes(reference)),
    );
    expect(buttonLabels(toAlice.body as Record<string, unknown>)).toEqual(['Annuler l’appel']);
    expect(englishIn(JSON.stringify(toAlice.body))).toEqual([]);
    expect(toAlice.uploads.map((file) => file.name)).toEqual([
      `${reference.toLowerCase()}-call-20260302-0930.ics`,
    ]);
    expect(parseIcs(toAlice.uploads[0]!.data).events[0]?.['DTSTART']).toBe('20260302T093000Z');
  });

  test('a file Discord refuses is sent as text instead: the invitation still arrives', async () => {
    const { reference } = await openNormalCase();
    const sam = h.fake.world.people.sam;
    await h.desk.act(
      { platform: 'discord', userId: sam.id, displayName: 'Sam Rivera' },
      reference,
      'claim',
    );
    const offer = await h.interact(callbackCommand('alice', reference, 'contact=+33612345678'));
    const slot = buttonIds(offer.data).find((id) => id.includes(':pick:'))!;
    const message = { id: '1', channel_id: h.fake.world.channels.support.id };
    await h.interact(buttonPress({ ...as(h.fake, 'alice'), customId: slot, message }));
    // The customer's thread refuses the next post with a file (too large, or no Attach Files).
    const before = h.fake.rest.requests.length;
    h.fake.rest.failNext({
      method: 'POST',
      path: /^\/channels\/\d+\/messages$/,
      status: 403,
      times: 1,
    });
    await h.interact(callbackCommand('sam', reference, 'confirm'));
    const posts = await waitFor(() => {
      const made = h.fake.rest.requests
        .slice(before)
        .filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path));
      return made.length >= 2 ? made : null;
    });
    expect(posts[0]!.status).toBe(403);
    expect(posts[0]!.uploads).toHaveLength(1);
    expect(posts[1]!.status).toBe(200);
    expect(posts[1]!.uploads).toHaveLength(0);
    expect(String((posts[1]!.body as { content: string }).content)).toContain(
      'DTSTART:20260302T093000Z',
    );
    // The same nonce: nothing was made by the refused try.
    expect((posts[1]!.body as { nonce?: string }).nonce).toBe(
      (posts[0]!.body as { nonce?: string }).nonce,
    );
  });

  test('/case callback refuses bad input with the rule it breaks', async () => {
    const { reference } = await openNormalCase();
    const sam = h.fake.world.people.sam;
    await h.desk.act(
      { platform: 'discord', userId: sam.id, displayName: 'Sam Rivera' },
      reference,
      'claim',
    );
    expect(
      content(
        await h.interact(
          callbackCommand('alice', reference, 'book Tue 19:00 contact=+33612345678'),
        ),
      ),
    ).toContain("outside Acme Corp's support hours");
    expect(
      content(
        await h.interact(
          callbackCommand('alice', reference, 'book yesterday 10:00 contact=+33612345678'),
        ),
      ),
    ).toContain('is in the past');
  });
});
