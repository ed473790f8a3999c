// "This solved it" in Discord after "no good match", on the real core: the button is not offered,
// and a press of it anyway (an old message, a crafted id) is refused privately, so nothing is
// recorded as solved with zero articles.
import { expect, test } from 'vitest';
import { encodeCustomId } from '../../src/adapters/discord/custom-ids.js';
import { buttonPress } from '../fakes/discord/payloads.js';
import { harnessForEachTest } from './harness.js';
import { as, askAsAlice, buttonIds } from './helpers.js';
import { realDeskFor } from './real-desk.js';

const h = harnessForEachTest({ makeDesk: realDeskFor, cleanup: (desk) => desk.cleanup() });

test('This solved it is not offered, and refused, after no good match', async () => {
  const { answer, message: asked } = await askAsAlice(h, 'Our invoice shows the wrong VAT number');
  const ids = buttonIds(answer.data);
  expect(ids.some((id) => id.startsWith('cb:solved:'))).toBe(false);
  const openId = ids.find((id) => id.startsWith('cb:open-case:'));
  const [, , deflectionId = '', askerId = ''] = (openId ?? '').split(':');
  expect((await h.desk.store.deflections.byId(deflectionId))?.outcome).toBe('no-answer');

  const refused = await h.interact(
    buttonPress({
      ...as(h.fake, 'alice'),
      customId: encodeCustomId({ kind: 'solved', deflectionId, askerId }),
      message: asked,
    }),
  );
  expect(refused.ephemeral).toBe(true);
  expect(JSON.stringify(refused.data)).toMatch(/No article was suggested for this question/);
  expect((await h.desk.store.deflections.byId(deflectionId))?.outcome).toBe('no-answer');
});
