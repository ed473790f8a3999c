// `/case severity` with the real discord.js adapter against the fake Discord, on the real core
// (real-desk.ts): the customer opens a Normal case through the modal, an engineer raises it, the
// alert is edited in place and both threads are told without pinging anyone; another org's
// customer is told there is no such case.
import { describe, expect, test } from 'vitest';
import { commandDefinitions } from '../../src/adapters/discord/commands.js';
import type { RecordedRequest } from '../fakes/discord/fake-rest.js';
import { buttonPress, modalSubmit, slashCommand } from '../fakes/discord/payloads.js';
import { harnessForEachTest, waitFor } from './harness.js';
import { as, askAsAlice, buttonIds, goodForm } from './helpers.js';
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

function severityCommand(who: 'sam' | 'bob', reference: string, level: number, reason: string) {
  return slashCommand({
    ...as(h.fake, who, h.fake.world.channels.team.id),
    name: 'case',
    options: [
      {
        name: 'severity',
        type: 1,
        options: [
          { name: 'reference', type: 3, value: reference },
          { name: 'level', type: 4, value: level },
          { name: 'reason', type: 3, value: reason },
        ],
      },
    ],
  });
}

describe('/case severity', () => {
  test('is registered under /case with the reference, level and reason required', () => {
    const caseCommand = commandDefinitions.find((c) => c.name === 'case') as {
      options: { name: string; options?: { name: string; required?: boolean }[] }[];
    };
    const severity = caseCommand.options.find((o) => o.name === 'severity');
    expect(severity?.options?.map((o) => [o.name, o.required])).toEqual([
      ['reference', true],
      ['level', true],
      ['reason', true],
    ]);
  });

  test('an engineer raises a case: private answer, alert edited, both threads told, nobody pinged', async () => {
    const { reference, alertId, privateThread } = await openNormalCase();
    const { rest, world } = h.fake;
    const reason = 'Checkout fails for all EU shoppers @everyone <@&' + world.roles.onCall.id + '>';
    const answer = await h.interact(severityCommand('sam', reference.toLowerCase(), 2, reason));
    expect(answer.ephemeral).toBe(true);
    expect(String(answer.data['content'])).toContain(
      `${reference} is now High (2). First response due Tuesday 10:00 (Europe/Paris).`,
    );

    const edit = await waitFor(() =>
      rest
        .find('PATCH', new RegExp(`^/channels/${world.channels.team.id}/messages/${alertId}$`))
        .find((e) => JSON.stringify(e.body).includes('High (2)')),
    );
    expect((edit.body as Record<string, unknown>)['allowed_mentions']).toMatchObject({ roles: [] });

    const toTeam = await waitFor(() =>
      h.postsTo(alertId).find((p) => contentOf(p).includes('changed')),
    );
    expect(contentOf(toTeam)).toContain(
      `Sam Rivera changed ${reference} from Normal (3) to High (2): Checkout fails for all EU shoppers`,
    );
    const toCustomer = await waitFor(() =>
      h.postsTo(privateThread).find((p) => contentOf(p).includes('changed')),
    );
    expect(contentOf(toCustomer)).toContain(
      `Sam Rivera from support changed ${reference} from Normal (3) to High (2).`,
    );
    for (const post of [toTeam, toCustomer]) {
      expect(contentOf(post)).not.toMatch(/(^|[^\u200b])@everyone/);
      expect(contentOf(post)).not.toContain(`<@&${world.roles.onCall.id}>`);
      expect((post.body as Record<string, unknown>)['allowed_mentions']).toMatchObject({
        parse: [],
        roles: [],
        users: [],
      });
    }
    expect((await h.desk.store.cases.byReference(reference))?.severity).toBe(2);
  });

  test('raising to Urgent pings the on-call role once in the alert thread, and allows only that role', async () => {
    const { reference, alertId, privateThread } = await openNormalCase();
    const { rest, world } = h.fake;
    const onCall = world.roles.onCall.id;
    const reason = `All of checkout is down @everyone @here <@&${onCall}> <@&${world.roles.acme.id}>`;
    const answer = await h.interact(severityCommand('sam', reference, 1, reason));
    expect(String(answer.data['content'])).toContain(`${reference} is now Urgent (1).`);

    const toTeam = await waitFor(() =>
      h.postsTo(alertId).find((p) => contentOf(p).includes('changed')),
    );
    const content = contentOf(toTeam);
    expect(content).toContain(
      `Sam Rivera changed ${reference} from Normal (3) to Urgent (1): All of checkout is down`,
    );
    // One live mention, the on-call role, leading the message; the reason's copies are inert.
    expect(content.startsWith(`<@&${onCall}> `)).toBe(true);
    expect(content.match(/<@[&!]?\d+>/g)).toEqual([`<@&${onCall}>`]);
    expect(content).not.toMatch(/(^|[^\u200b])@(everyone|here)/);
    expect((toTeam.body as Record<string, unknown>)['allowed_mentions']).toEqual({
      parse: [],
      users: [],
      roles: [onCall],
      replied_user: false,
    });
    expect(h.postsTo(alertId).filter((p) => contentOf(p).includes('changed'))).toHaveLength(1);

    // The edited alert and the customer's notice ping nobody.
    const edit = await waitFor(() =>
      rest
        .find('PATCH', new RegExp(`^/channels/${world.channels.team.id}/messages/${alertId}$`))
        .find((e) => JSON.stringify(e.body).includes('Urgent (1)')),
    );
    expect((edit.body as Record<string, unknown>)['allowed_mentions']).toMatchObject({ roles: [] });
    const toCustomer = await waitFor(() =>
      h.postsTo(privateThread).find((p) => contentOf(p).includes('changed')),
    );
    expect((toCustomer.body as Record<string, unknown>)['allowed_mentions']).toMatchObject({
      parse: [],
      roles: [],
      users: [],
    });

    // Lowering it again pings nobody.
    await h.interact(severityCommand('sam', reference, 2, 'Only one shop is down'));
    const lowered = await waitFor(() =>
      h.postsTo(alertId).find((p) => contentOf(p).includes('to High (2)')),
    );
    expect(contentOf(lowered)).not.toContain(`<@&${onCall}>`);
    expect((lowered.body as Record<string, unknown>)['allowed_mentions']).toMatchObject({
      roles: [],
      users: [],
    });
  });

  test("another org's customer is told there is no such case; a refused level changes nothing", async () => {
    const { reference } = await openNormalCase();
    const bob = await h.interact(severityCommand('bob', reference, 1, 'let me in'));
    expect(bob.ephemeral).toBe(true);
    expect(String(bob.data['content'])).toContain(`There is no case ${reference}.`);
    const dev = await h.interact(severityCommand('sam', reference, 4, 'not production after all'));
    expect(String(dev.data['content'])).toContain(
      'A Gold subscription opens production cases with severities 1–3',
    );
    expect((await h.desk.store.cases.byReference(reference))?.severity).toBe(3);
  });
});
