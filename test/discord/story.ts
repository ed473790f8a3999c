// The whole story in Discord, written against any Desk: the recording double, or the real core
// (see real-desk.ts). Assertions are about what Discord shows (where, to whom, which buttons,
// which mentions), not the core's wording, so both pass the same story.
import { expect } from 'vitest';
import type { Desk } from '../../src/core/conversation/desk.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import type { FakeDiscord } from '../fakes/discord/fake-discord.js';
import type { RecordedRequest } from '../fakes/discord/fake-rest.js';
import {
  buttonPress,
  message,
  modalSubmit,
  slashCommand,
  thread,
} from '../fakes/discord/payloads.js';
import { flagThroughDialog } from './flag-dialog.js';
import { startHarness, waitFor, type Answer, type Harness } from './harness.js';
import { as as payloadBase, botMessage, buttonIds, buttonLabels, goodForm } from './helpers.js';

export interface StoryOptions<D extends Desk> {
  makeDesk: (context: { chat: ChatPort; fake: FakeDiscord }) => D | Promise<D>;
  /** Drives the SLA loop to a warning, then a breach, of the case with this reference. */
  sla: (desk: D, caseReference: string, event: 'warning' | 'breach') => Promise<void>;
  cleanup?: (desk: D) => Promise<void>;
}

type Body = Record<string, unknown> & {
  content?: string;
  embeds?: { title?: string; color?: number; description?: string }[];
};

export async function runWholeStory<D extends Desk>(options: StoryOptions<D>): Promise<void> {
  let desk: D | null = null;
  const h = await startHarness({
    makeDesk: async (context) => (desk = await options.makeDesk(context)),
  });
  try {
    await story(h, options);
  } finally {
    await h.stop();
    if (desk && options.cleanup) await options.cleanup(desk);
  }
}

const contentOf = (request: RecordedRequest) => String((request.body as Body).content ?? '');
const textOf = (answer: Answer) => JSON.stringify(answer.data);

async function story<D extends Desk>(h: Harness<D>, options: StoryOptions<D>): Promise<void> {
  const { world, rest } = h.fake;
  const { people, channels } = world;
  const as = (who: keyof typeof people, channelId?: string, permissions?: string) =>
    payloadBase(h.fake, who, channelId, permissions);

  // 1. Ask → suggestions with the asker's buttons; someone else may not press them.
  const asked = await h.interact(
    slashCommand({
      ...as('alice'),
      name: 'ask',
      options: [{ name: 'question', type: 3, value: 'How do I restart the ingest pipeline?' }],
    }),
  );
  expect(buttonLabels(asked.data)).toContain('Open a case');
  const suggestions = botMessage(h.fake, channels.support.id, asked.data);
  const openCaseId = buttonIds(asked.data).find((id) => id.startsWith('cb:open-case:'))!;
  const refused = await h.interact(
    buttonPress({ ...as('bob'), customId: openCaseId, message: suggestions }),
  );
  expect(refused.ephemeral).toBe(true);

  // 2. Open a case → modal → a bad submit keeps the input → a good one opens the case.
  const modal = await h.interact(
    buttonPress({ ...as('alice'), customId: openCaseId, message: suggestions }),
  );
  expect(modal.callbackType).toBe(9);
  const formId = String(modal.data['custom_id']);
  const form = goodForm(modal);
  // Acme may open severity 1 cases: the story follows one, so that its alert and breach stand out.
  expect(form.severity).toEqual(['1']);
  const bad = await h.interact(
    modalSubmit({
      ...as('alice'),
      customId: formId,
      fields: { ...form, title: '', situation: 'Shards unassigned' },
    }),
  );
  expect(bad.ephemeral).toBe(true);
  expect(buttonLabels(bad.data)).toEqual(['Retry', 'Discard']);
  const retry = await h.interact(
    buttonPress({
      ...as('alice'),
      customId: buttonIds(bad.data)[0]!,
      message: botMessage(h.fake, channels.support.id, bad.data),
    }),
  );
  expect(textOf(retry)).toContain('Shards unassigned');
  const good = await h.interact(modalSubmit({ ...as('alice'), customId: formId, fields: form }));
  const confirmation = (good.data['embeds'] as Body['embeds'])![0]!;
  const reference = /[A-Z]+-\d+/.exec(confirmation.title ?? '')![0];

  // 3. One private thread (made before the bad submit, reused), the customer added after success.
  expect(rest.threads.filter((t) => t['type'] === 12)).toHaveLength(1);
  const privateThread = String(rest.threads.find((t) => t['type'] === 12)!['id']);
  expect(
    rest.find('PUT', new RegExp(`^/channels/${privateThread}/thread-members/${people.alice.id}$`)),
  ).toHaveLength(1);
  expect(JSON.stringify(h.postsTo(privateThread)[0]?.body)).toContain(reference);

  // 4. The team alert: severity 1 is red with a siren, a live countdown and Claim; its thread is open.
  const alertPost = await waitFor(() =>
    h.postsTo(channels.team.id).find((p) => JSON.stringify(p.body).includes(reference)),
  );
  const alert = alertPost.body as Body;
  {
    expect(alert.embeds![0]!.color).toBe(0xd0021b);
    expect(alert.content).toContain('🚨');
    // Severity 1 pages the on-call role when the alert is posted, and only that role.
    expect(alert.content).toContain(`<@&${world.roles.onCall.id}>`);
    expect(alert['allowed_mentions']).toMatchObject({ parse: [], roles: [world.roles.onCall.id] });
  }
  expect(JSON.stringify(alert)).toMatch(/<t:\d+:R>/);
  const alertThread = rest.find(
    'POST',
    new RegExp(`^/channels/${channels.team.id}/messages/\\d+/threads$`),
  )[0]!;
  const alertId = alertThread.path.split('/')[4]!;
  const alertMessage = botMessage(h.fake, channels.team.id, alert, alertId);
  const claimId = buttonIds(alert).find((id) => id.startsWith('cb:claim:'))!;

  // 5. The claim race: two engineers press Claim at once; one wins, the other is told privately.
  const [samClaim, leeClaim] = await Promise.all([
    h.interact(
      buttonPress({ ...as('sam', channels.team.id), customId: claimId, message: alertMessage }),
    ),
    h.interact(
      buttonPress({ ...as('lee', channels.team.id), customId: claimId, message: alertMessage }),
    ),
  ]);
  expect(samClaim.ephemeral && leeClaim.ephemeral).toBe(true);
  const winners = [samClaim, leeClaim].filter((a) => String(a.data['content']).startsWith('✅'));
  expect(winners).toHaveLength(1);
  const winner = winners[0] === samClaim ? 'sam' : 'lee';
  const alertEdits = () =>
    rest.find('PATCH', new RegExp(`^/channels/${channels.team.id}/messages/${alertId}$`));
  const claimed = await waitFor(() =>
    alertEdits().find((e) => buttonLabels(e.body as Body).includes('Unclaim')),
  );
  // Edits never page again.
  expect((claimed.body as Body)['allowed_mentions']).toMatchObject({ roles: [] });

  // 6. Warning, then breach (before anyone answers: the first reply meets the first-response
  // target): the alert is edited; a severity-1 breach pings the on-call role.
  const editsBefore = alertEdits().length;
  const teamSide = () => [...h.postsTo(channels.team.id), ...h.postsTo(alertId)];
  const missed = () => teamSide().filter((p) => contentOf(p).includes('missed'));
  await options.sla(h.desk, reference, 'warning');
  const warning = await waitFor(() =>
    teamSide().find((p) => /\d+ % of the response target used/.test(contentOf(p))),
  );
  expect(contentOf(warning)).toContain(reference);
  // Between 50 % and 100 % of the target: warned, not breached; the warning pings no role.
  expect(missed()).toEqual([]);
  expect(contentOf(warning)).not.toContain('<@&');
  await waitFor(() => alertEdits().length >= editsBefore + 1);
  await options.sla(h.desk, reference, 'breach');
  const breach = await waitFor(() => teamSide().find((p) => contentOf(p).includes('missed')));
  {
    expect(contentOf(breach)).toContain(`<@&${world.roles.onCall.id}>`);
    expect((breach.body as Body)['allowed_mentions']).toMatchObject({
      parse: [],
      roles: [world.roles.onCall.id],
    });
  }
  await waitFor(() => alertEdits().length >= editsBefore + 2);

  // 7. Relay both ways, with who said it; an internal note stays in staff; nobody gets pinged.
  h.fake.dispatch(
    'THREAD_CREATE',
    thread({
      world,
      parentId: channels.team.id,
      name: reference,
      ownerId: people.bot.id,
      id: alertId,
    }),
  );
  const parent = String(rest.threads.find((t) => t['id'] === privateThread)!['parent_id']);
  h.fake.dispatch(
    'THREAD_CREATE',
    thread({
      world,
      parentId: parent,
      name: reference,
      ownerId: people.bot.id,
      id: privateThread,
      type: 12,
    }),
  );
  h.fake.dispatch(
    'MESSAGE_CREATE',
    message({
      world,
      author: people[winner],
      channelId: alertId,
      content: 'Can you send the cluster health output?',
    }),
  );
  const toCustomer = await waitFor(() =>
    h.postsTo(privateThread).find((p) => contentOf(p).includes('cluster health')),
  );
  expect(contentOf(toCustomer)).toMatch(/^\*\*.+\*\* \(support, /);
  h.fake.dispatch(
    'MESSAGE_CREATE',
    message({
      world,
      author: people[winner],
      channelId: alertId,
      content: '!note probably the disk watermark',
    }),
  );
  h.fake.dispatch(
    'MESSAGE_CREATE',
    message({
      world,
      author: people.alice,
      channelId: privateThread,
      content: 'Here it is: status red @everyone',
    }),
  );
  const toStaff = await waitFor(() =>
    h.postsTo(alertId).find((p) => contentOf(p).includes('status red')),
  );
  expect(contentOf(toStaff)).toMatch(/^\*\*.+\*\* \(customer, /);
  expect(contentOf(toStaff)).not.toContain('@everyone');
  expect(h.postsTo(privateThread).some((p) => contentOf(p).includes('disk watermark'))).toBe(false);

  // 8. Resolve from the alert; the customer hears it in the private thread and may reopen.
  const before = h.postsTo(privateThread).length;
  const resolveId = buttonIds(claimed.body as Body).find((id) => id.startsWith('cb:resolve:'))!;
  const resolved = await h.interact(
    buttonPress({
      ...as(winner, channels.team.id),
      customId: resolveId,
      message: botMessage(h.fake, channels.team.id, claimed.body as Body, alertId),
    }),
  );
  expect(String(resolved.data['content'])).toMatch(/^✅/);
  const resolvedNotice = await waitFor(() =>
    h
      .postsTo(privateThread)
      .slice(before)
      .find((p) => buttonIds(p.body as Body).some((id) => id.startsWith('cb:reopen:'))),
  );
  // Not fixed after all: the customer reopens it right from the notice.
  const reopened = await h.interact(
    buttonPress({
      ...as('alice', privateThread),
      customId: buttonIds(resolvedNotice.body as Body).find((id) => id.startsWith('cb:reopen:'))!,
      message: botMessage(h.fake, privateThread, resolvedNotice.body as Body),
    }),
  );
  expect(reopened.ephemeral).toBe(true);
  expect(String(reopened.data['content'])).toMatch(/^✅/);

  // 9. Moderator flag vs a refused non-moderator; the public note never repeats the details.
  const publicPost = message({
    world,
    author: people.bob,
    channelId: channels.community.id,
    content: 'prod down, here is my API key abc123',
  });
  const publicSide = () => [...h.postsTo(channels.community.id), ...h.postsTo(publicPost.id)];
  const notMod = await flagThroughDialog(h, 'alice', channels.community.id, publicPost);
  expect(notMod.ephemeral).toBe(true);
  expect(publicSide().filter((p) => p.status === 200)).toHaveLength(0);
  const flagged = await flagThroughDialog(h, 'mod', channels.community.id, publicPost);
  expect(String(flagged.data['content'])).toMatch(/^✅/);
  const note = await waitFor(() => publicSide().find((p) => p.status === 200));
  expect(contentOf(note)).not.toContain('abc123');
  expect(rest.find('PUT', new RegExp(`/thread-members/${people.bob.id}$`))).toHaveLength(1);

  // 10. Another org sees none of Acme's cases; an engineer's queue does.
  const bobList = await h.interact(
    slashCommand({ ...as('bob'), name: 'case', options: [{ name: 'list', type: 1, options: [] }] }),
  );
  expect(textOf(bobList)).not.toContain(reference);
  const queue = await h.interact(slashCommand({ ...as('sam', channels.team.id), name: 'queue' }));
  expect(queue.ephemeral).toBe(true);
  expect(textOf(queue)).toContain(reference);

  // 11. Nothing failed on the way, and every message the bot sent limited its mentions.
  expect(h.logs.filter((l) => l.level === 'error')).toEqual([]);
  const sends = rest.requests.filter(
    (r) =>
      ['POST', 'PATCH'].includes(r.method) &&
      /messages|webhooks/.test(r.path) &&
      !/threads$/.test(r.path),
  );
  expect(sends.length).toBeGreaterThan(10);
  for (const send of sends)
    expect((send.body as Body)['allowed_mentions'], `${send.method} ${send.path}`).toMatchObject({
      parse: [],
    });
  const callbacks = rest.requests.filter(
    (r) => /\/callback$/.test(r.path) && (r.body as { type: number }).type === 4,
  );
  for (const callback of callbacks)
    expect((callback.body as { data: Body }).data['allowed_mentions']).toMatchObject({ parse: [] });
}
