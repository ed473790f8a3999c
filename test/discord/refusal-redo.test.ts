// A press the adapter refuses itself (someone else's suggestion buttons), whose process died after
// the refusal went out and before the press was marked done: the next process redoes it from the
// delivery ledger, and the person still reads the refusal, not "Something went wrong" over it.
import { describe, expect, it } from 'vitest';
import type { DeliveryLedger } from '../../src/core/ports/storage.js';
import { buttonPress } from '../fakes/discord/payloads.js';
import { waitFor } from './harness.js';
import { as, askAsAlice, buttonIds } from './helpers.js';
import { boot, never, sharedWorldForEachTest, world } from './redo-processes.js';

sharedWorldForEachTest();

describe('a refused press whose process died before it was marked done', () => {
  it('is redone with the same refusal, not an error notice over it', async () => {
    let cutNow = false;
    let cut = false;
    const ledger = Object.create(world.db.store.deliveries) as DeliveryLedger;
    ledger.done = (...args) => {
      if (!cutNow) return world.db.store.deliveries.done(...args);
      cut = true;
      return never();
    };
    const dying = await boot({ ledger });
    const { answer, message } = await askAsAlice(dying.harness, 'Cluster red after upgrade');
    const openCase = buttonIds(answer.data).find((id) => id.startsWith('cb:open-case:'))!;
    // The question's own work is marked done first: only the press is left for the next process.
    await expect
      .poll(async () => (await world.db.store.deliveries.backlog(new Date())).undone)
      .toBe(0);
    cutNow = true;
    const press = buttonPress({ ...as(world.fake, 'bob'), customId: openCase, message });
    const first = await dying.harness.interact(press);
    expect(
      JSON.stringify(first.data),
      JSON.stringify(dying.harness.logs.filter((e) => e.level === 'error')),
    ).toContain('Only the person who asked');
    await waitFor(() => cut);
    await dying.kill();

    const next = await boot();
    expect(await next.deliver()).toMatchObject({ works: 1 });
    const edits = world.fake.rest.find(
      'PATCH',
      new RegExp(`/webhooks/\\d+/${press.token}/messages/@original$`),
    );
    for (const edit of edits) expect(JSON.stringify(edit.body)).not.toContain('went wrong');
    // The redo answered: the first answer is edited, with the refusal again.
    expect(JSON.stringify(edits.at(-1)?.body)).toContain('Only the person who asked');
  });
});
