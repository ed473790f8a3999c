// A case form whose process dies half-way is finished by the next process from the delivery
// ledger (a kill -9: nothing of the first process's memory survives). The customer's private
// thread must come out of it once: the redo uses the thread the first run made (never a second
// one), adds the customer to it if they are not in yet, and confirms there once. Real discord.js
// against one fake Discord (which keeps who is in which thread), the real core, the ledger and the
// message journal on one SQLite store; each process with the app's durable port and delivery
// worker. Process A is cut at one point of the submission; process B's worker redoes it.
import { describe, expect, it } from 'vitest';
import type { Desk } from '../../src/core/conversation/desk.js';
import type { MessageJournal } from '../../src/core/ports/journal.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import { buttonPress, modalSubmit } from '../fakes/discord/payloads.js';
import { waitFor, type Answer, type Harness } from './harness.js';
import { as, askAsAlice, botMessage, buttonIds, goodForm } from './helpers.js';
import { boot, never, sharedWorldForEachTest, world, type Cut } from './redo-processes.js';

sharedWorldForEachTest();

/** Alice asks and opens the form on process `h`: the modal shown. */
async function openForm(h: Harness<Desk>) {
  const { answer, message: asked } = await askAsAlice(h, 'Cluster red after upgrade');
  const openId = buttonIds(answer.data).find((id) => id.startsWith('cb:open-case:'))!;
  return h.interact(buttonPress({ ...as(world.fake, 'alice'), customId: openId, message: asked }));
}

/** Alice's submission of the modal `modal`. */
const formSubmit = (modal: Answer, fields: Record<string, string | string[]> = goodForm(modal)) =>
  modalSubmit({ ...as(world.fake, 'alice'), customId: String(modal.data['custom_id']), fields });

/** The modal submitted by Alice, dispatched (its answer is not awaited). */
function sendForm(modal: Answer, fields?: Record<string, string | string[]>) {
  world.fake.dispatch('INTERACTION_CREATE', formSubmit(modal, fields));
}

/** Alice asks, opens the form and submits it on process `h`; resolves once it is dispatched. */
async function submitForm(h: Harness<Desk>) {
  sendForm(await openForm(h));
}

const privateThreads = () => world.fake.rest.threads.filter((t) => t['type'] === 12);

/**
 * One case, whose customer thread is the one private thread made, Alice in it and in no other,
 * and its confirmation posted there once.
 */
async function expectOneCaseThread() {
  const cases = await world.db.store.cases.list({});
  expect(cases).toHaveLength(1);
  const threadId = cases[0]!.customerPlace?.threadId;
  expect(privateThreads().map((t) => t['id'])).toEqual([threadId]);
  expect(world.fake.rest.threadsOf(world.fake.world.people.alice.id)).toEqual([threadId]);
  const confirmations = world.fake.rest
    .find('POST', new RegExp(`^/channels/${threadId}/messages$`))
    .filter(
      (r) => r.status < 300 && JSON.stringify(r.body).includes(`${cases[0]!.reference} opened`),
    );
  expect(confirmations).toHaveLength(1);
}

/** A is killed at the point `reached` marks; B redoes the submission from the ledger. */
async function killThenRedo(cut: Cut, reached: () => boolean) {
  const dying = await boot(cut);
  await submitForm(dying.harness);
  await waitFor(reached);
  await dying.kill();
  const next = await boot();
  expect(await next.deliver()).toMatchObject({ works: 1 });
  // Nothing is left for a later pass.
  expect(await next.deliver()).toMatchObject({ works: 0, messages: 0 });
  return next;
}

describe('a case form whose process died is finished in the thread the first run made', () => {
  it('killed after the thread was made, before the case was stored', async () => {
    let cut = false;
    await killThenRedo(
      {
        desk: (real) => ({
          ...real,
          submitCase: () => {
            cut = true;
            return never();
          },
        }),
      },
      () => cut,
    );
    await expectOneCaseThread();
  });

  it('killed as Discord made the thread, before anything wrote its id down', async () => {
    // The journal's mark of the thread never lands, nor does anything after it.
    let cut = false;
    const journal = world.db.store.journal;
    await killThenRedo(
      {
        journal: {
          ...journal,
          begin: (...args) => journal.begin(...args),
          sent: (key, ...rest) => {
            if (!key.includes('#openPrivateSpace:')) return journal.sent(key, ...rest);
            cut = true;
            return never();
          },
        } as MessageJournal,
        desk: (real) => ({
          ...real,
          submitCase: () => {
            cut = true;
            return never();
          },
        }),
      },
      () => cut,
    );
    await expectOneCaseThread();
  });

  it('killed after the case was stored, before the customer was added', async () => {
    let cut = false;
    await killThenRedo(
      {
        desk: (real) => ({
          ...real,
          submitCase: async (...args: Parameters<Desk['submitCase']>) => {
            await real.submitCase(...args);
            cut = true;
            return never();
          },
        }),
      },
      () => cut,
    );
    await expectOneCaseThread();
  });

  it('killed after the customer was added, before the confirmation', async () => {
    let cut = false;
    await killThenRedo(
      {
        outbound: (port) =>
          Object.assign(Object.create(port) as ChatPort, {
            post: (
              place: Parameters<ChatPort['post']>[0],
              view: Parameters<ChatPort['post']>[1],
            ) => {
              if (view.kind !== 'case-confirmation') return port.post(place, view);
              cut = true;
              return never();
            },
          }),
      },
      () => cut,
    );
    await expectOneCaseThread();
  });

  it('killed after the confirmation, before the submission was marked done', async () => {
    let cut = false;
    const ledger = world.db.store.deliveries;
    await killThenRedo(
      {
        ledger: {
          claim: (...args) => ledger.claim(...args),
          takeStale: (...args) => ledger.takeStale(...args),
          backlog: (...args) => ledger.backlog(...args),
          prune: (...args) => ledger.prune(...args),
          renew: (...args) => ledger.renew(...args),
          done: (key) => {
            if (key.startsWith('discord:interaction:') && privateThreads().length > 0) cut = true;
            return cut ? never() : ledger.done(key, new Date());
          },
        },
      },
      () => cut,
    );
    await expectOneCaseThread();
  });

  it('a retry after a refused form, killed after its case was stored: the retry keeps the thread', async () => {
    let submits = 0;
    let cut = false;
    const dying = await boot({
      desk: (real) => ({
        ...real,
        submitCase: async (...args: Parameters<Desk['submitCase']>) => {
          const result = await real.submitCase(...args);
          if (++submits === 1) return result;
          cut = true;
          return never();
        },
      }),
    });
    const modal = await openForm(dying.harness);
    const refused = await dying.harness.interact(
      formSubmit(modal, { ...goodForm(modal), title: '' }),
    );
    const retry = await dying.harness.interact(
      buttonPress({
        ...as(world.fake, 'alice'),
        customId: buttonIds(refused.data)[0]!,
        message: botMessage(world.fake, world.fake.world.channels.support.id, refused.data),
      }),
    );
    expect(retry.callbackType).toBe(9);
    sendForm(retry, goodForm(modal));
    await waitFor(() => cut);
    await dying.kill();
    const next = await boot();
    expect(await next.deliver()).toMatchObject({ works: 1 });
    await expectOneCaseThread();
  });

  it('the same form submitted again after its case opened leaves the case thread standing', async () => {
    const abandonedThreadMs = 100;
    const live = await boot({ config: { abandonedThreadMs } });
    const modal = await openForm(live.harness);
    await live.harness.interact(formSubmit(modal));
    await waitFor(() => world.fake.rest.threadsOf(world.fake.world.people.alice.id)[0]);
    // Discord showed "interaction failed" and Alice pressed Submit again: the case is told again.
    const again = await live.harness.interact(formSubmit(modal));
    expect(JSON.stringify(again.data)).toContain('already opened');
    await new Promise((resolve) => setTimeout(resolve, abandonedThreadMs * 4));
    expect(world.fake.rest.find('DELETE', /^\/channels\/\d+$/)).toEqual([]);
    await expectOneCaseThread();
  });
});
