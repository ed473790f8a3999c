// A flag (a moderator moves a public post to private support) whose process died half-way: the
// next process redoes the dialog's submission from the delivery ledger with nothing of the first
// one's memory, where the dialog's request was kept. It reads the flagged post back from Discord
// and finishes the flag (the case, its confirmation in the private thread the first run made)
// instead of telling the moderator their dialog expired. Real discord.js against one fake
// Discord, the real core, the ledger and the journal on one SQLite store.
import { describe, expect, it } from 'vitest';
import type { ChatPort } from '../../src/core/ports/platform.js';
import { NEUTRAL_NOTE } from '../../src/core/conversation/flag.js';
import { message, modalSubmit } from '../fakes/discord/payloads.js';
import { openFlagDialog, modalSelects } from './flag-dialog.js';
import { waitFor } from './harness.js';
import { as } from './helpers.js';
import type { MessageJournal } from '../../src/core/ports/journal.js';
import { boot, never, sharedWorldForEachTest, world, type Cut } from './redo-processes.js';

sharedWorldForEachTest();

/**
 * The moderator flags Bob's post on a process cut by `cut` (`reached`) and killed once it has
 * deferred the dialog's answer (Discord then keeps the answer's webhook), or, `answered` false,
 * once Discord has refused that deferral with a 429 (the answer never came); the next process
 * redoes the submission.
 */
async function flagCutThenRedo(
  cut: Cut,
  reached: () => boolean,
  remove: boolean,
  answered: boolean,
) {
  const dying = await boot(cut);
  const { fake } = world;
  const community = fake.world.channels.community.id;
  const post = message({
    world: fake.world,
    author: fake.world.people.bob,
    channelId: community,
    content: 'prod down since the upgrade, here is my API key abc123',
  });
  fake.rest.keepMessage(post);
  const modal = await openFlagDialog(dying.harness, 'mod', community, post);
  expect(modal.callbackType).toBe(9);
  const selects = modalSelects(modal);
  const submit = modalSubmit({
    ...as(fake, 'mod', community),
    customId: String(modal.data['custom_id']),
    fields: { severity: [selects['severity']!.chosen!], remove: [remove ? 'yes' : 'no'] },
  });
  const callback = new RegExp(`^/interactions/${submit.id}/${submit.token}/callback$`);
  if (!answered) fake.rest.failNext({ path: callback, status: 429, times: 1, retryAfter: 60 });
  fake.dispatch('INTERACTION_CREATE', submit);
  await waitFor(reached);
  await waitFor(() =>
    fake.rest
      .find('POST', callback)
      .some((request) => (answered ? request.status < 300 : request.status === 429)),
  );
  await dying.kill();
  const next = await boot();
  expect(await next.deliver()).toMatchObject({ works: 1 });
  return { submit, next, post };
}

/** The moderator flags Bob's post on a process cut by `cut` (`reached`); the next one redoes it. */
async function flagKilledThenRedone(cut: Cut, reached: () => boolean, remove = false) {
  const { submit, next, post } = await flagCutThenRedo(cut, reached, remove, true);
  const { fake } = world;
  const cases = await world.db.store.cases.list({});
  expect(cases).toHaveLength(1);
  const threadId = cases[0]!.customerPlace?.threadId;
  expect(fake.rest.threads.filter((t) => t['type'] === 12).map((t) => t['id'])).toEqual([threadId]);
  expect(fake.rest.threadsOf(fake.world.people.bob.id)).toEqual([threadId]);
  const inThread = fake.rest
    .find('POST', new RegExp(`^/channels/${threadId}/messages$`))
    .filter((r) => r.status < 300 && JSON.stringify(r.body).includes(cases[0]!.reference));
  expect(inThread).toHaveLength(1);
  // The public note went out once, from the first run.
  const notes = fake.rest
    .find('POST', new RegExp(`^/channels/${post.id}/messages$`))
    .filter((r) => r.status < 300 && JSON.stringify(r.body).includes(NEUTRAL_NOTE));
  expect(notes).toHaveLength(1);
  // The moderator's answer (deferred by the first run) says the post was moved.
  const answer = fake.rest
    .find('PATCH', new RegExp(`/webhooks/\\d+/${submit.token}/messages/@original$`))
    .at(-1);
  expect(String((answer?.body as { content?: string }).content)).toContain(cases[0]!.reference);
  expect(await next.deliver()).toMatchObject({ works: 0 });
}

/** A process that hangs for good once Discord made the flag's private thread. */
function cutOncePrivateThreadMade(): { cut: Cut; reached: () => boolean } {
  let made = false;
  const cut: Cut = {
    outbound: (port) =>
      Object.assign(Object.create(port) as ChatPort, {
        openPrivateSpace: async (request: Parameters<ChatPort['openPrivateSpace']>[0]) => {
          await port.openPrivateSpace(request);
          made = true;
          return never();
        },
      }),
  };
  return { cut, reached: () => made };
}

describe('a flag whose process died half-way is finished by the next process', () => {
  it('killed once the private thread was made, before the case was opened', async () => {
    const { cut, reached } = cutOncePrivateThreadMade();
    await flagKilledThenRedone(cut, reached);
  });

  it('killed as Discord made the private thread, before its id was written down', async () => {
    let cut = false;
    const journal = world.db.store.journal;
    await flagKilledThenRedone(
      {
        journal: Object.assign(Object.create(journal) as MessageJournal, {
          sent: (
            key: string,
            ...rest: Parameters<MessageJournal['sent']> extends [string, ...infer R] ? R : never
          ) => {
            if (!key.includes('#openPrivateSpace:')) return journal.sent(key, ...rest);
            cut = true;
            return never();
          },
        }),
      },
      () => cut,
    );
  });

  it('killed after the post was removed (its text gone from Discord), before the alert', async () => {
    let cut = false;
    await flagKilledThenRedone(
      {
        outbound: (port) =>
          Object.assign(Object.create(port) as ChatPort, {
            removeMessage: async (...args: Parameters<NonNullable<ChatPort['removeMessage']>>) => {
              await port.removeMessage!(...args);
              cut = true;
              return never();
            },
          }),
      },
      () => cut,
      true,
    );
    const [opened] = await world.db.store.cases.list({});
    expect(opened!.situation).toBe('prod down since the upgrade, here is my API key abc123');
    const alerts = world.fake.rest
      .find('POST', new RegExp(`^/channels/${world.fake.world.channels.team.id}/messages$`))
      .filter((r) => r.status < 300 && JSON.stringify(r.body).includes(opened!.reference));
    expect(alerts).toHaveLength(1);
    // The redo meets the post gone (Discord: Unknown Message) and says it was removed, as it was.
    const answer = world.fake.rest.find('PATCH', /\/messages\/@original$/).at(-1);
    expect(JSON.stringify(answer?.body)).not.toContain('could not be removed');
  });

  it('killed before its answer came (a 429 on it): finished, and the moderator gets the answer by DM, once', async () => {
    const { cut, reached } = cutOncePrivateThreadMade();
    const { submit, next } = await flagCutThenRedo(cut, reached, false, false);
    const { fake } = world;
    const cases = await world.db.store.cases.list({});
    expect(cases).toHaveLength(1);
    // Discord kept no webhook for an interaction never answered: the redo's answer was refused,
    // and no error notice followed it; the answer went to the moderator by DM instead.
    const hook = fake.rest.find('PATCH', new RegExp(`/webhooks/\\d+/${submit.token}/`));
    expect(hook.length).toBeGreaterThan(0);
    expect(hook.every((request) => request.status === 404)).toBe(true);
    const logs = next.harness.logs;
    expect(logs.some((entry) => entry.message.includes('never answered'))).toBe(true);
    expect(logs.filter((entry) => entry.level === 'error')).toEqual([]);
    const moderatorDm = `9${fake.world.people.mod.id.slice(1)}`;
    const dms = fake.rest
      .find('POST', new RegExp(`^/channels/${moderatorDm}/messages$`))
      .filter((request) => request.status < 300);
    expect(dms).toHaveLength(1);
    const dm = String((dms[0]!.body as { content?: string }).content);
    expect(dm).toContain('could not show this answer in time');
    expect(dm).toContain(cases[0]!.reference);
    expect(await next.deliver()).toMatchObject({ works: 0 });
  });
});
