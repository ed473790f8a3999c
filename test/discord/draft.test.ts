// `/case draft` in Discord (issue 13 item 3), with the real discord.js adapter against the fake
// Discord, on the real core (real-desk.ts): registered with the reference required; the owner of a
// resolved case gets a private answer and a draft file; an open case is refused with no file.
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { commandDefinitions } from '../../src/adapters/discord/commands.js';
import { buttonPress, modalSubmit, slashCommand } from '../fakes/discord/payloads.js';
import { harnessForEachTest } from './harness.js';
import { as, askAsAlice, buttonIds, goodForm } from './helpers.js';
import { realDeskFor } from './real-desk.js';

const h = harnessForEachTest({ makeDesk: realDeskFor, cleanup: (desk) => desk.cleanup() });

async function openCase(): Promise<string> {
  const { answer, message } = await askAsAlice(h);
  const openCaseId = buttonIds(answer.data).find((id) => id.startsWith('cb:open-case:'))!;
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
  return /[A-Z]+-\d+/.exec(title)![0];
}

function draftCommand(reference: string) {
  return slashCommand({
    ...as(h.fake, 'sam', h.fake.world.channels.team.id),
    name: 'case',
    options: [
      { name: 'draft', type: 1, options: [{ name: 'reference', type: 3, value: reference }] },
    ],
  });
}

describe('drafting an article in Discord', () => {
  test('/case draft is registered with the reference required', () => {
    const caseCommand = commandDefinitions.find((c) => c.name === 'case') as {
      options: { name: string; options?: { name: string; required?: boolean }[] }[];
    };
    const draft = caseCommand.options.find((o) => o.name === 'draft');
    expect(draft?.options?.map((o) => [o.name, o.required])).toEqual([['reference', true]]);
  });

  test('/case draft: refused while the case is open, written once it is resolved', async () => {
    const reference = await openCase();
    const sam = {
      platform: 'discord' as const,
      userId: h.fake.world.people.sam.id,
      displayName: 'sam',
    };
    await h.desk.act(sam, reference, 'claim');
    const early = await h.interact(draftCommand(reference));
    expect(early.ephemeral).toBe(true);
    expect(String(early.data['content'])).toContain('draft an article once it is resolved');
    expect(existsSync(h.desk.draftsDir)).toBe(false);

    await h.desk.act(sam, reference, 'resolve');
    const done = await h.interact(draftCommand(reference.toLowerCase()));
    expect(done.ephemeral).toBe(true);
    expect(String(done.data['content'])).toContain('Draft article written');
    expect(readdirSync(h.desk.draftsDir)).toHaveLength(1);
  });
});

describe('/case learned in Discord', () => {
  test('is registered with optional article and remove; staff see the list, a removal is answered', async () => {
    const caseCommand = commandDefinitions.find((c) => c.name === 'case') as {
      options: { name: string; options?: { name: string; required?: boolean }[] }[];
    };
    const learned = caseCommand.options.find((o) => o.name === 'learned');
    expect(learned?.options?.map((o) => [o.name, o.required])).toEqual([
      ['article', false],
      ['remove', false],
    ]);
    await h.desk.store.learned.learn({
      articleId: 'troubleshooting/slow-dashboards',
      question: 'panels spin forever',
      lang: 'en',
      source: 'engineer',
      teacherId: 'x',
      at: new Date(),
    });
    const command = (options: { name: string; type: number; value: number }[]) =>
      slashCommand({
        ...as(h.fake, 'sam', h.fake.world.channels.team.id),
        name: 'case',
        options: [{ name: 'learned', type: 1, options }],
      });
    const listed = await h.interact(command([]));
    expect(listed.ephemeral).toBe(true);
    expect(String(listed.data['content'])).toContain('"panels spin forever"');
    const removed = await h.interact(command([{ name: 'remove', type: 4, value: 1 }]));
    expect(String(removed.data['content'])).toContain('Removed #1');
    expect(await h.desk.store.learned.list()).toEqual([]);
  });
});
