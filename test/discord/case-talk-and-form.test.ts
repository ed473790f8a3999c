// Discord on the real core: internal notes however they are typed, one title limit in the form,
// and a wrong severity answered with the customer's own levels only.
import { expect, test } from 'vitest';
import { MAX_TITLE_LENGTH } from '../../src/core/conversation/case-form-limits.js';
import {
  buttonPress,
  message,
  modalSubmit,
  slashCommand,
  thread,
} from '../fakes/discord/payloads.js';
import { harnessForEachTest, waitFor } from './harness.js';
import { as, askAsAlice, buttonIds, goodForm } from './helpers.js';
import { realDeskFor } from './real-desk.js';

const h = harnessForEachTest({ makeDesk: realDeskFor, cleanup: (desk) => desk.cleanup() });

const contentOf = (body: unknown) => String((body as { content?: string }).content ?? '');

async function showForm() {
  const { answer, message: asked } = await askAsAlice(h, 'Cluster red after upgrade');
  const openId = buttonIds(answer.data).find((id) => id.startsWith('cb:open-case:'))!;
  return h.interact(buttonPress({ ...as(h.fake, 'alice'), customId: openId, message: asked }));
}

async function openCase(title = 'Cluster red after upgrade') {
  const modal = await showForm();
  await h.interact(
    modalSubmit({
      ...as(h.fake, 'alice'),
      customId: String(modal.data['custom_id']),
      fields: { ...goodForm(modal), title, severity: ['3'] },
    }),
  );
  const { rest, world } = h.fake;
  const opened = await waitFor(
    () =>
      rest.find(
        'POST',
        new RegExp(`^/channels/${world.channels.team.id}/messages/\\d+/threads$`),
      )[0],
  );
  const [stored] = await h.desk.store.cases.list({});
  const privateThread = String(rest.threads.find((t) => t['type'] === 12)!['id']);
  return { stored: stored!, alertId: opened.path.split('/')[4]!, privateThread };
}

test.each(['!Note disk watermark?', '!NOTE disk watermark?', '  // disk watermark?'])(
  'an internal note typed %j stays in staff and is no first response',
  async (content) => {
    const { stored, alertId, privateThread } = await openCase();
    const { world } = h.fake;
    h.fake.dispatch(
      'THREAD_CREATE',
      thread({
        world,
        parentId: world.channels.team.id,
        name: 'alert',
        ownerId: world.people.bot.id,
        id: alertId,
      }),
    );
    await waitFor(() => h.adapter.client.channels.cache.has(alertId));
    h.fake.dispatch(
      'MESSAGE_CREATE',
      message({ world, author: world.people.sam, channelId: alertId, content }),
    );
    // Handled once the core has recorded something for it (a note, or a reply).
    const recorded = async () =>
      (await h.desk.store.events.forCase(stored.id)).find(
        (e) => e.kind === 'internal-note' || e.kind === 'replied',
      );
    let event = await recorded();
    for (let i = 0; !event && i < 500; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      event = await recorded();
    }
    expect(event?.kind).toBe('internal-note');
    expect(h.postsTo(privateThread).some((p) => contentOf(p.body).includes('disk watermark'))).toBe(
      false,
    );
    const milestones = await h.desk.store.milestones.forCase(stored.id);
    expect(milestones.find((m) => m.kind === 'first-response')?.metAt).toBeNull();
  },
);

test('the form allows the longest title the core accepts, and says how long that is', async () => {
  const modal = await showForm();
  const labels = modal.data['components'] as {
    description?: string;
    component: { custom_id: string; max_length?: number };
  }[];
  const title = labels.find((l) => l.component.custom_id.includes('title'))!;
  expect(title.component.max_length).toBe(MAX_TITLE_LENGTH);
  expect(title.description).toContain(String(MAX_TITLE_LENGTH));
  const longest = 'x'.repeat(MAX_TITLE_LENGTH);
  const { stored } = await openCase(longest);
  expect(stored.title).toBe(longest);
});

test('a level that does not exist is answered with the levels the customer’s tier allows', async () => {
  const { stored } = await openCase();
  const answer = await h.interact(
    slashCommand({
      ...as(h.fake, 'alice'),
      name: 'case',
      options: [
        {
          name: 'severity',
          type: 1,
          options: [
            { name: 'reference', type: 3, value: stored.reference },
            { name: 'level', type: 4, value: 7 },
            { name: 'reason', type: 3, value: 'worse than we thought' },
          ],
        },
      ],
    }),
  );
  const text = String(answer.data['content'] ?? JSON.stringify(answer.data));
  expect(text).toContain('1 (Urgent), 2 (High), 3 (Normal)');
  expect(text).not.toMatch(/Developer support/);
});
