// With the real core posting through the durable port: the team alert of a case waits in the
// message journal (Discord is failing), so the core stores its journal key (`key:…`) as the
// alert's place. Relays, claims and replies must still reach the right messages once it is
// delivered, both ways: the store moves the case to the real message when the alert is sent.
import { expect, test } from 'vitest';
import type { Actor } from '../../src/core/conversation/desk.js';
import type { Place } from '../../src/core/model.js';
import { message, thread } from '../fakes/discord/payloads.js';
import type { RecordedRequest } from '../fakes/discord/fake-rest.js';
import { harnessForEachTest, waitFor } from './harness.js';
import { durableRealDeskFor } from './real-desk.js';

const h = harnessForEachTest({ makeDesk: durableRealDeskFor, cleanup: (desk) => desk.cleanup() });

const ok = (r: RecordedRequest) => r.status >= 200 && r.status < 300;
const bodyText = (r: RecordedRequest) => JSON.stringify(r.body);

function actor(who: 'mod' | 'bob' | 'sam', roleIds: string[] = []): Actor {
  const person = h.fake.world.people[who];
  return {
    platform: 'discord',
    userId: person.id,
    displayName: person.global_name,
    guildId: h.fake.world.guildId,
    roleIds: [...(h.fake.world.memberRoles[person.id] ?? []), ...roleIds],
  };
}

test('an alert kept in the journal: the customer’s words, the claim and the engineer’s reply all follow it', async () => {
  const { world, rest } = h.fake;
  const team = world.channels.team.id;
  rest.failNext({
    method: 'POST',
    path: new RegExp(`^/channels/${team}/messages$`),
    status: 503,
    times: 1000,
  });
  // A moderator moves Bob's public post to private support: a case, and an alert (kept).
  const flagged = await h.desk.flag({
    actor: actor('mod'),
    message: { platform: 'discord', channelId: world.channels.community.id, messageId: '1' },
    author: { userId: world.people.bob.id, displayName: 'Bob' },
    text: 'Ingest is stuck since the upgrade and we lose data',
  });
  expect(flagged.tone).toBe('success');
  const pending = async () => (await h.desk.store.journal.figures(new Date())).pending;
  expect(await pending()).toBe(1);
  const privateThread = rest.threads.find((t) => t['type'] === 12)!;
  const customerPlace: Place = {
    platform: 'discord',
    channelId: String(privateThread['parent_id']),
    threadId: String(privateThread['id']),
  };
  // While the alert waits: Bob adds details (relayed to the alert thread), Sam claims.
  await h.desk.message({
    actor: actor('bob'),
    place: customerPlace,
    text: 'Details: node-3 shows the error',
  });
  const reference = /CASE-\d+|[A-Z]+-\d+/.exec(flagged.text)![0];
  const claimed = await h.desk.act(actor('sam'), reference, 'claim');
  expect(claimed.tone).toBe('success');

  rest.clearFailures();
  await h.desk.deliver();
  expect(await pending()).toBe(0);
  const alerts = rest.find('POST', new RegExp(`^/channels/${team}/messages$`)).filter(ok);
  expect(alerts).toHaveLength(1);
  const alertId = (alerts[0]!.response as { id: string }).id;
  // The alert went out once, already showing the claim; its thread was opened under it.
  expect(bodyText(alerts[0]!)).toContain('Claimed');
  expect(bodyText(alerts[0]!)).toContain(`<@${world.people.sam.id}>`);
  expect(
    rest.find('POST', new RegExp(`^/channels/${team}/messages/${alertId}/threads$`)),
  ).toHaveLength(1);
  const inAlertThread = () =>
    rest
      .find('POST', new RegExp(`^/channels/${alertId}/messages$`))
      .filter(ok)
      .map(bodyText);
  expect(inAlertThread().some((t) => t.includes('node-3'))).toBe(true);

  // Sam answers in the real thread: the case names the real message now.
  h.fake.dispatch(
    'THREAD_CREATE',
    thread({ world, parentId: team, name: reference, ownerId: world.people.bot.id, id: alertId }),
  );
  h.fake.dispatch(
    'MESSAGE_CREATE',
    message({
      world,
      author: world.people.sam,
      channelId: alertId,
      content: 'Restart node-3, please',
    }),
  );
  const toCustomer = await waitFor(() =>
    rest
      .find('POST', new RegExp(`^/channels/${customerPlace.threadId}/messages$`))
      .filter(ok)
      .find((r) => bodyText(r).includes('Restart node-3')),
  );
  expect(toCustomer).toBeDefined();
  // And a later alert refresh edits the real message, never a `key:` path.
  await h.desk.act(actor('sam'), reference, 'unclaim');
  await waitFor(
    () =>
      rest.find('PATCH', new RegExp(`^/channels/${team}/messages/${alertId}$`)).filter(ok).length >
      0,
  );
  expect(rest.requests.filter((r) => r.path.includes('key:'))).toEqual([]);
  expect(h.logs.filter((l) => l.level === 'error')).toEqual([]);
});
