// Availability from chat and explained deadlines in Discord (issue 12 items 4 and 6), with the
// real discord.js adapter against the fake Discord, on the real core (real-desk.ts): `/case away`,
// `/case back` and `/case shift` change the engineer's availability in the store at once, bad input
// and a customer are refused privately with nothing changed, and `/case why` explains a target.
import { describe, expect, test } from 'vitest';
import { commandDefinitions } from '../../src/adapters/discord/commands.js';
import { buttonPress, modalSubmit, slashCommand } from '../fakes/discord/payloads.js';
import { harnessForEachTest, waitFor } from './harness.js';
import { as, askAsAlice, botMessage, buttonIds, goodForm } from './helpers.js';
import { realDeskFor } from './real-desk.js';

const h = harnessForEachTest({ makeDesk: realDeskFor, cleanup: (desk) => desk.cleanup() });

type Option = { name: string; type: number; value: string };

function caseCommand(who: 'sam' | 'bob' | 'alice', subcommand: string, options: Option[] = []) {
  return slashCommand({
    ...as(h.fake, who, h.fake.world.channels.team.id),
    name: 'case',
    options: [{ name: subcommand, type: 1, options }],
  });
}

const text = (value: string): Option[] => [{ name: 'until', type: 3, value }];

async function answer(command: ReturnType<typeof caseCommand>): Promise<string> {
  const reply = await h.interact(command);
  expect(reply.ephemeral).toBe(true);
  return String(reply.data['content'] ?? JSON.stringify(reply.data));
}

const sam = async () => (await h.desk.store.directory.personByHandle('sam'))!;

describe('availability and explained deadlines in Discord', () => {
  test('the subcommands are registered with their options', () => {
    const definition = commandDefinitions.find((c) => c.name === 'case') as {
      options: { name: string; options?: { name: string; required?: boolean }[] }[];
    };
    const optionsOf = (name: string) =>
      definition.options.find((o) => o.name === name)?.options?.map((o) => [o.name, o.required]);
    expect(optionsOf('why')).toEqual([['reference', true]]);
    expect(optionsOf('away')).toEqual([['until', false]]);
    expect(optionsOf('shift')).toEqual([
      ['hours', true],
      ['time_zone', false],
      ['days', false],
    ]);
    expect(definition.options.some((o) => o.name === 'back')).toBe(true);
  });

  test('/case away, shift and back are stored at once; bad input and a customer change nothing', async () => {
    const before = await sam();
    expect(await answer(caseCommand('sam', 'away', text('yesterday')))).toContain('is in the past');
    expect(
      await answer(
        caseCommand('sam', 'shift', [
          { name: 'hours', type: 3, value: '17:00-08' },
          { name: 'time_zone', type: 3, value: 'Europe/Paris' },
        ]),
      ),
    ).toContain('"17:00-08" is not a range of hours');
    expect(await answer(caseCommand('bob', 'away'))).toContain(
      'Away, back and shift are for support engineers',
    );
    // Every interaction remembers the client's locale (core/conversation/identity.ts), even a
    // refused one: that is the only field the refusals may have changed.
    expect(await sam()).toEqual({ ...before, locale: 'en-US' });

    // Monday 10:00 in Paris (Sam's zone): "14:00" is read as "until 14:00".
    expect(await answer(caseCommand('sam', 'away', text('14:00')))).toContain(
      'You are away until Monday 2 March 2026 14:00 (Europe/Paris)',
    );
    expect(await sam()).toMatchObject({
      availability: 'away',
      awayUntil: new Date('2026-03-02T13:00:00Z'),
    });
    expect(
      await answer(
        caseCommand('sam', 'shift', [
          { name: 'hours', type: 3, value: '22:00-06:00' },
          { name: 'time_zone', type: 3, value: 'Asia/Tokyo' },
          { name: 'days', type: 3, value: 'mon-fri' },
        ]),
      ),
    ).toContain('Your shift is now 22:00–06:00 Asia/Tokyo (overnight: it ends the next morning)');
    // French in the `until` option: a French lead is kept as typed, a bare French day gets "until".
    expect(await answer(caseCommand('sam', 'away', text('pour 3h')))).toContain(
      'You are away until Monday 2 March 2026 21:00 (Asia/Tokyo)',
    );
    expect(await answer(caseCommand('sam', 'away', text('lundi 9h')))).toContain(
      'You are away until Monday 9 March 2026 09:00 (Asia/Tokyo)',
    );
    expect(await answer(caseCommand('sam', 'back'))).toContain('You are available again');
    expect(await sam()).toMatchObject({
      availability: 'available',
      awayUntil: null,
      timeZone: 'Asia/Tokyo',
      shift: { start: '22:00', end: '06:00', days: [1, 2, 3, 4, 5] },
    });
  });

  test('/case why and the alert’s *Why this time?* button explain the target, privately', async () => {
    const { answer: suggestions, message } = await askAsAlice(h);
    const openCaseId = buttonIds(suggestions.data).find((id) => id.startsWith('cb:open-case:'))!;
    const modal = await h.interact(
      buttonPress({ ...as(h.fake, 'alice'), customId: openCaseId, message }),
    );
    const good = await h.interact(
      modalSubmit({
        ...as(h.fake, 'alice'),
        customId: String(modal.data['custom_id']),
        fields: { ...goodForm(modal), severity: ['3'] },
      }),
    );
    const title = String((good.data['embeds'] as { title?: string }[])[0]?.title ?? '');
    const reference = /[A-Z]+-\d+/.exec(title)![0];
    const why = await answer(
      caseCommand('alice', 'why', [{ name: 'reference', type: 3, value: reference }]),
    );
    expect(why).toContain(`Why this time? ${reference}: First response due`);
    expect(why).toContain('Gold × Normal (3)');
    expect(why).toContain('Counted 18h:');

    const { world } = h.fake;
    const alert = await waitFor(() => h.postsTo(world.channels.team.id)[0]);
    const stored = await h.desk.store.cases.byReference(reference);
    const whyId = `cb:why:${stored!.id}`;
    expect(buttonIds(alert.body as Record<string, unknown>)).toContain(whyId);
    const pressed = await h.interact(
      buttonPress({
        ...as(h.fake, 'sam', world.channels.team.id),
        customId: whyId,
        message: botMessage(h.fake, world.channels.team.id, alert.body as Record<string, unknown>),
      }),
    );
    expect(pressed.ephemeral).toBe(true);
    expect(String(pressed.data['content'])).toContain(`Why this time? ${reference}`);
  });
});
