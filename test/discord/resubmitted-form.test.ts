// The case modal submitted twice (Discord showed "interaction failed" and the customer pressed
// Submit again, or the process died after storing the case): one case, one alert, and the second
// answer says so. Real discord.js against the fake Discord, the real core on SQLite.
import { expect, test } from 'vitest';
import { buttonPress, modalSubmit } from '../fakes/discord/payloads.js';
import { harnessForEachTest } from './harness.js';
import { as, askAsAlice, buttonIds, goodForm } from './helpers.js';
import { realDeskFor } from './real-desk.js';

const h = harnessForEachTest({ makeDesk: realDeskFor, cleanup: (desk) => desk.cleanup() });

test('the same modal submitted twice opens one case and answers the second with it', async () => {
  const { answer, message: asked } = await askAsAlice(h, 'Cluster red after upgrade');
  const openId = buttonIds(answer.data).find((id) => id.startsWith('cb:open-case:'))!;
  const modal = await h.interact(
    buttonPress({ ...as(h.fake, 'alice'), customId: openId, message: asked }),
  );
  const submit = () =>
    h.interact(
      modalSubmit({
        ...as(h.fake, 'alice'),
        customId: String(modal.data['custom_id']),
        fields: { ...goodForm(modal), severity: ['3'] },
      }),
    );
  await submit();
  const again = await submit();
  const cases = await h.desk.store.cases.list({});
  expect(cases).toHaveLength(1);
  expect(JSON.stringify(again.data)).toContain(`already opened ${cases[0]!.reference}`);
  const alerts = h.fake.rest
    .find('POST', new RegExp(`^/channels/${h.fake.world.channels.team.id}/messages$`))
    .filter((call) => JSON.stringify(call.body).includes(cases[0]!.reference));
  expect(alerts).toHaveLength(1);
});
