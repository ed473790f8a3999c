// A case form that failed validation leaves a private thread waiting for the retry (the customer is
// not in it yet). When the customer gives up, by *Discard* or by not succeeding within the
// configured delay, the thread is deleted (archived and locked when deleting is refused).
import { describe, expect, test } from 'vitest';
import { buttonPress, modalSubmit } from '../fakes/discord/payloads.js';
import { harnessForEachTest } from './harness.js';
import { as, botMessage, buttonIds, recordingDeskFor, submitFormAsAlice } from './helpers.js';

const ABANDON_MS = 200;
const h = harnessForEachTest({
  makeDesk: recordingDeskFor,
  config: { abandonedThreadMs: ABANDON_MS },
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const invalid = { title: 'Red', situation: 'All shards unassigned', seriousness: '' };
const valid = { title: 'Cluster red', situation: 'All shards unassigned', seriousness: 'Sale' };

const threadIds = () =>
  h.fake.rest
    .find('POST', /^\/channels\/\d+\/threads$/)
    .map((r) => (r.response as { id: string }).id);
const deletes = () => h.fake.rest.find('DELETE', /^\/channels\/\d+$/).map((r) => r.path);

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await sleep(20);
}

describe('the empty thread of a failed case form', () => {
  test('is deleted once the retry window passes; a later retry makes a fresh thread', async () => {
    const failed = await submitFormAsAlice(h, invalid);
    expect(String(failed.data['content'])).toContain('not opened');
    const [first] = threadIds();
    expect(first).toBeDefined();
    await sleep(ABANDON_MS / 4);
    expect(deletes()).toEqual([]);
    await until(() => deletes().length > 0);
    expect(deletes()).toEqual([`/channels/${first}`]);
    expect(h.fake.rest.channels.has(first!)).toBe(false);
    // The form (what was typed) is still remembered, the removed thread is not reused.
    const retried = await h.interact(
      modalSubmit({
        ...as(h.fake, 'alice'),
        customId: 'cb:case-form:-',
        fields: { ...valid, severity: ['2'], product: ['Kibana'] },
      }),
    );
    expect((retried.data['embeds'] as { title: string }[])[0]!.title).toMatch(/^Case .* opened$/);
    expect(threadIds()).toHaveLength(2);
    expect(threadIds()[1]).not.toBe(first);
  });

  test('is removed too when a new form replaces the failed one', async () => {
    await submitFormAsAlice(h, invalid);
    // Alice asks again and fills a new form (a new form id), which fails too.
    await submitFormAsAlice(h, invalid);
    const [first, second] = threadIds();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    await until(() => deletes().length >= 2);
    expect([...deletes()].sort()).toEqual([`/channels/${first}`, `/channels/${second}`].sort());
  });

  test('stays when the retry succeeds in time', async () => {
    await submitFormAsAlice(h, invalid);
    const ok = await h.interact(
      modalSubmit({
        ...as(h.fake, 'alice'),
        customId: 'cb:case-form:-',
        fields: { ...valid, severity: ['2'], product: ['Kibana'] },
      }),
    );
    expect((ok.data['embeds'] as { title: string }[])[0]!.title).toMatch(/opened$/);
    expect(threadIds()).toHaveLength(1);
    await sleep(ABANDON_MS * 2);
    expect(deletes()).toEqual([]);
  });

  test('Discard removes it at once and says nothing was opened', async () => {
    const failed = await submitFormAsAlice(h, invalid);
    const [retryId, discardId] = buttonIds(failed.data);
    expect(retryId).toMatch(/^cb:retry-form:/);
    expect(discardId).toBe(`cb:cancel-form:${h.fake.world.people.alice.id}`);
    const discarded = await h.interact(
      buttonPress({
        ...as(h.fake, 'alice'),
        customId: discardId!,
        message: botMessage(h.fake, h.fake.world.channels.support.id, failed.data),
      }),
    );
    expect(discarded.callbackType).toBe(7);
    expect(String(discarded.data['content'])).toContain('discarded');
    await until(() => deletes().length > 0, 1000);
    expect(deletes()).toEqual([`/channels/${threadIds()[0]}`]);
    await sleep(ABANDON_MS * 2);
    expect(deletes()).toHaveLength(1);
  });

  test('someone else cannot discard it', async () => {
    const failed = await submitFormAsAlice(h, invalid);
    const refused = await h.interact(
      buttonPress({
        ...as(h.fake, 'bob'),
        customId: buttonIds(failed.data)[1]!,
        message: botMessage(h.fake, h.fake.world.channels.support.id, failed.data),
      }),
    );
    expect(refused.ephemeral).toBe(true);
    expect(String(refused.data['content'])).toContain('someone else');
  });

  test('is archived and locked when Discord refuses the delete', async () => {
    h.fake.rest.failNext({ method: 'DELETE', path: /^\/channels\/\d+$/, status: 403, times: 1 });
    await submitFormAsAlice(h, invalid);
    const [thread] = threadIds();
    const archived = () =>
      h.fake.rest
        .find('PATCH', new RegExp(`^/channels/${thread}$`))
        .filter((r) => (r.body as { archived?: boolean }).archived === true);
    await until(() => archived().length > 0);
    expect(archived()[0]!.body).toEqual({ archived: true, locked: true });
  });
});
