// What engineers read in a Discord case alert, opened through the real discord.js and the real
// core: no internal database id anywhere visible.
import { expect, test } from 'vitest';
import { buttonPress, modalSubmit } from '../fakes/discord/payloads.js';
import { harnessForEachTest, waitFor } from './harness.js';
import { as, askAsAlice, buttonIds, goodForm } from './helpers.js';
import { realDeskFor } from './real-desk.js';

const h = harnessForEachTest({ makeDesk: realDeskFor, cleanup: (desk) => desk.cleanup() });

/** Everything a reader sees in a posted message: content and every embed's text. */
function visible(body: unknown): string {
  const { content, embeds } = body as {
    content?: string;
    embeds?: {
      title?: string;
      description?: string;
      footer?: { text?: string };
      fields?: { name: string; value: string }[];
    }[];
  };
  const parts = [content ?? ''];
  for (const embed of embeds ?? []) {
    parts.push(embed.title ?? '', embed.description ?? '', embed.footer?.text ?? '');
    for (const field of embed.fields ?? []) parts.push(field.name, field.value);
  }
  return parts.join('\n');
}

async function openCaseAsAlice(situation: string) {
  const { answer, message: asked } = await askAsAlice(h, 'Cluster red after upgrade');
  const openId = buttonIds(answer.data).find((id) => id.startsWith('cb:open-case:'))!;
  const modal = await h.interact(
    buttonPress({ ...as(h.fake, 'alice'), customId: openId, message: asked }),
  );
  const submitted = await h.interact(
    modalSubmit({
      ...as(h.fake, 'alice'),
      customId: String(modal.data['custom_id']),
      fields: { ...goodForm(modal), situation },
    }),
  );
  expect(JSON.stringify(submitted.data)).toMatch(/CASE-\d+/);
  const [stored] = await h.desk.store.cases.list({});
  const alert = await waitFor(() => h.postsTo(h.fake.world.channels.team.id)[0]);
  return { stored: stored!, alert };
}

test('the alert shows no internal database id', async () => {
  const { stored, alert } = await openCaseAsAlice('All shards unassigned since the upgrade');
  expect(stored.id).not.toBe(stored.reference);
  const text = visible(alert.body);
  expect(text).toContain(stored.reference);
  expect(text).not.toContain(stored.id);
});

test('the alert shows the situation the customer typed', async () => {
  const situation = 'All shards unassigned since the upgrade; the logs say disk watermark exceeded';
  const { alert } = await openCaseAsAlice(situation);
  expect(visible(alert.body)).toContain(situation);
});
