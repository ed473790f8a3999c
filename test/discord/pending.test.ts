// Waiting on the customer in Discord (issue 12 item 2), with the real discord.js adapter against
// the fake Discord, on the real core (real-desk.ts): `/case pending` and the alert's *Waiting on
// customer* button set the case waiting, the alert is edited to say so, both threads are told, and
// a closed case is refused with nothing changed.
import { describe, expect, test } from 'vitest';
import { commandDefinitions } from '../../src/adapters/discord/commands.js';
import type { RecordedRequest } from '../fakes/discord/fake-rest.js';
import { buttonPress, modalSubmit, slashCommand } from '../fakes/discord/payloads.js';
import { harnessForEachTest, waitFor } from './harness.js';
import { as, askAsAlice, botMessage, buttonIds, goodForm } from './helpers.js';
import { realDeskFor } from './real-desk.js';

const h = harnessForEachTest({ makeDesk: realDeskFor, cleanup: (desk) => desk.cleanup() });

type Body = { content?: string; embeds?: { description?: string; fields?: unknown[] }[] };
const contentOf = (request: RecordedRequest) => String((request.body as Body).content ?? '');

/** Alice opens a Normal (3) case through the real modal; returns its reference and alert id. */
async function openNormalCase(): Promise<{
  reference: string;
  alertId: string;
  privateThread: string;
}> {
  const { rest, world } = h.fake;
  const { answer, message } = await askAsAlice(h);
  const openCaseId = buttonIds(answer.data).find((id) => id.startsWith('cb:open-case:'))!;
  const modal = await h.interact(
    buttonPress({ ...as(h.fake, 'alice'), customId: openCaseId, message }),
  );
  const fields = { ...goodForm(modal), severity: ['3'] };
  const good = await h.interact(
    modalSubmit({ ...as(h.fake, 'alice'), customId: String(modal.data['custom_id']), fields }),
  );
  const title = String((good.data['embeds'] as { title?: string }[])[0]?.title ?? '');
  const reference = /[A-Z]+-\d+/.exec(title)![0];
  const thread = await waitFor(
    () =>
      rest.find(
        'POST',
        new RegExp(`^/channels/${world.channels.team.id}/messages/\\d+/threads$`),
      )[0],
  );
  const privateThread = String(rest.threads.find((t) => t['type'] === 12)!['id']);
  return { reference, alertId: thread.path.split('/')[4]!, privateThread };
}

function pendingCommand(who: 'sam' | 'bob', reference: string) {
  return slashCommand({
    ...as(h.fake, who, h.fake.world.channels.team.id),
    name: 'case',
    options: [
      { name: 'pending', type: 1, options: [{ name: 'reference', type: 3, value: reference }] },
    ],
  });
}

describe('waiting on the customer in Discord', () => {
  test('/case pending is registered with the reference required', () => {
    const caseCommand = commandDefinitions.find((c) => c.name === 'case') as {
      options: { name: string; options?: { name: string; required?: boolean }[] }[];
    };
    const pending = caseCommand.options.find((o) => o.name === 'pending');
    expect(pending?.options?.map((o) => [o.name, o.required])).toEqual([['reference', true]]);
  });

  test('/case pending: private answer, alert edited to waiting, both threads told', async () => {
    const { reference, alertId, privateThread } = await openNormalCase();
    const { rest, world } = h.fake;
    const answer = await h.interact(pendingCommand('sam', reference.toLowerCase()));
    expect(answer.ephemeral).toBe(true);
    expect(String(answer.data['content'])).toContain(`${reference} is waiting on the customer.`);
    const edit = await waitFor(() =>
      rest
        .find('PATCH', new RegExp(`^/channels/${world.channels.team.id}/messages/${alertId}$`))
        .find((e) => JSON.stringify(e.body).includes('Waiting on the customer (SLA paused)')),
    );
    expect(JSON.stringify(edit.body)).not.toContain('cb:pending:');
    const toTeam = await waitFor(() =>
      h.postsTo(alertId).find((p) => contentOf(p).includes('to wait on the customer')),
    );
    expect(contentOf(toTeam)).toContain(`Sam Rivera set ${reference} to wait on the customer.`);
    const toCustomer = await waitFor(() =>
      h.postsTo(privateThread).find((p) => contentOf(p).includes('waiting for your reply')),
    );
    expect(contentOf(toCustomer)).toContain(
      `Sam Rivera from support is waiting for your reply on ${reference}: reply here to carry on.`,
    );
    expect((await h.desk.store.cases.byReference(reference))?.status).toBe('waiting-on-customer');
  });

  test('the alert’s *Waiting on customer* button does the same', async () => {
    const { reference } = await openNormalCase();
    const { world } = h.fake;
    const alert = h.postsTo(world.channels.team.id)[0]!.body as Record<string, unknown>;
    const stored = await h.desk.store.cases.byReference(reference);
    const pendingId = `cb:pending:${stored!.id}`;
    expect(buttonIds(alert)).toContain(pendingId);
    const answer = await h.interact(
      buttonPress({
        ...as(h.fake, 'sam', world.channels.team.id),
        customId: pendingId,
        message: botMessage(h.fake, world.channels.team.id, alert),
      }),
    );
    expect(String(answer.data['content'])).toContain(`${reference} is waiting on the customer.`);
    expect((await h.desk.store.cases.byReference(reference))?.status).toBe('waiting-on-customer');
  });

  test('a closed case is refused and nothing changes', async () => {
    const { reference } = await openNormalCase();
    const stored = await h.desk.store.cases.byReference(reference);
    await h.desk.store.cases.update(stored!.id, {
      status: 'closed',
      closedAt: new Date(),
      updatedAt: new Date(),
    });
    const answer = await h.interact(pendingCommand('sam', reference));
    expect(String(answer.data['content'])).toContain(
      `${reference} is closed: there is nothing to wait for.`,
    );
    expect((await h.desk.store.cases.byReference(reference))?.status).toBe('closed');
  });
});
