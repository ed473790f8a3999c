import { describe, expect, test } from 'vitest';
import { buttonPress, message, slashCommand } from '../fakes/discord/payloads.js';
import { harnessForEachTest, waitFor } from './harness.js';
import { flagThroughDialog } from './flag-dialog.js';
import { bindTo, buttonIds, buttonLabels, recordingDeskFor } from './helpers.js';

const h = harnessForEachTest({ makeDesk: recordingDeskFor });
const { base, askAsAlice } = bindTo(h);

describe('/ask', () => {
  test('answers with a suggestions embed and asker-only buttons, pinging nobody', async () => {
    const { answer } = await askAsAlice();
    expect(answer.callbackType).toBe(4);
    expect(answer.ephemeral).toBe(false);
    const embed = (answer.data['embeds'] as { title: string; fields: { value: string }[] }[])[0]!;
    expect(embed.title).toBe('These articles may help');
    expect(embed.fields[0]!.value).toContain(
      '[Read the article](https://docs.example/ingest#restart)',
    );
    // A masked link and @everyone smuggled into a snippet are shown as text, not as a link or a ping.
    expect(embed.fields[0]!.value).toContain('\\[click here\\](https://evil.example)');
    expect(embed.fields[0]!.value).not.toContain('@everyone');
    // Two suggestions: one *solved* button each (numbered as the fields), then *Open a case*.
    expect(buttonLabels(answer.data)).toEqual(['1 solved it', '2 solved it', 'Open a case']);
    expect(buttonIds(answer.data)[1]).toMatch(
      new RegExp(`^cb:solved:.+:${h.fake.world.people.alice.id}:2$`),
    );
    expect(answer.data['allowed_mentions']).toEqual({
      parse: [],
      users: [],
      roles: [],
      replied_user: false,
    });
    expect(h.desk.calls[0]).toMatchObject({
      method: 'ask',
      args: [
        {
          question: 'Ingest is stuck since the upgrade',
          actor: { userId: h.fake.world.people.alice.id, guildId: h.fake.world.guildId },
        },
      ],
    });
  });

  test('defers when the core is slow, then edits the original reply', async () => {
    h.desk.delayMs = 700;
    const started = Date.now();
    const { answer } = await askAsAlice();
    expect(answer.callbackType).toBe(5);
    expect(answer.ephemeral).toBe(false);
    // Deferred well within Discord's 3 seconds, although the core took 700 ms.
    expect(answer.callback.at - started).toBeLessThan(600);
    expect((answer.data['embeds'] as unknown[]).length).toBe(1);
  });

  test('someone else pressing the buttons is refused ephemerally, nothing done for them', async () => {
    const { answer, message: msg } = await askAsAlice();
    const refused = await h.interact(
      buttonPress({
        ...base('bob'),
        customId: buttonIds(answer.data).find((id) => id.startsWith('cb:open-case:'))!,
        message: msg,
      }),
    );
    expect(refused.callbackType).toBe(4);
    expect(refused.ephemeral).toBe(true);
    expect(String(refused.data['content'])).toContain('Only the person who asked');
    // Only the presser's language is read (desk.language with an empty request sets nothing).
    expect(h.desk.calls.map((c) => c.method)).toEqual(['ask', 'language']);
    expect(h.desk.calls[1]?.args.slice(1)).toEqual(['']);
  });

  test('This solved it records the outcome for the asker, naming the article pressed', async () => {
    const { answer, message: msg } = await askAsAlice();
    const solved = await h.interact(
      buttonPress({ ...base('alice'), customId: buttonIds(answer.data)[1]!, message: msg }),
    );
    expect(solved.ephemeral).toBe(true);
    expect(String(solved.data['content'])).toContain('Glad it helped');
    expect(h.desk.calls.at(-1)?.method).toBe('markSolved');
    expect(h.desk.calls.at(-1)?.args.at(-1)).toBe(2);
  });
});

describe('engineers and moderators', () => {
  test('flag by a moderator opens a private thread for the author; a non-moderator is refused', async () => {
    const { world } = h.fake;
    const target = message({
      world,
      author: world.people.bob,
      channelId: world.channels.community.id,
      content: 'our prod is down, password is hunter2',
    });
    const refused = await flagThroughDialog(h, 'alice', world.channels.community.id, target);
    expect(refused.ephemeral).toBe(true);
    expect(String(refused.data['content'])).toContain('Only moderators');
    expect(h.fake.rest.find('POST', /\/threads$/)).toHaveLength(0);

    const byRole = await flagThroughDialog(h, 'mod', world.channels.community.id, target);
    expect(String(byRole.data['content'])).toContain('Moved to a private thread');
    // The dialog is asked of the core first: it refuses a non-moderator before anything opens.
    expect(
      h.desk.calls
        .filter((c) => c.method === 'flagForm')
        .map(
          (c) => (c.args[0] as { actor: { platformModerator: boolean } }).actor.platformModerator,
        ),
    ).toEqual([false, true]);
    // Manage Messages (8192) makes someone a moderator without the role.
    await flagThroughDialog(h, 'lee', world.channels.community.id, target, {
      permissions: '8192',
    });
    expect(
      (h.desk.calls.at(-1)!.args[0] as { actor: { platformModerator: boolean } }).actor
        .platformModerator,
    ).toBe(true);
    const note = h.postsTo(world.channels.community.id)[0]!.body as { content: string };
    expect(note.content).toContain('moved to private support');
    expect(note.content).not.toContain('hunter2');
  });

  test('/queue for engineers and /case list for customers are ephemeral lists', async () => {
    const queue = await h.interact(slashCommand({ ...base('sam'), name: 'queue' }));
    expect(queue.ephemeral).toBe(true);
    expect((queue.data['embeds'] as { title: string }[])[0]!.title).toBe('Team queue');
    const refused = await h.interact(slashCommand({ ...base('alice'), name: 'queue' }));
    expect(String(refused.data['content'])).toContain('for engineers');
    const list = await h.interact(
      slashCommand({
        ...base('alice'),
        name: 'case',
        options: [{ name: 'list', type: 1, options: [] }],
      }),
    );
    expect((list.data['embeds'] as { description: string }[])[0]!.description).toBe(
      'No open cases.',
    );
  });

  test('an error in the core is answered with a reference id that the log records', async () => {
    h.desk.queue = async () => {
      throw new Error('database is on fire');
    };
    const answer = await h.interact(slashCommand({ ...base('sam'), name: 'queue' }));
    const reference = /ERR-[0-9A-HJKMNP-TV-Z]{8}/.exec(String(answer.data['content']))?.[0];
    expect(reference).toBeDefined();
    expect(answer.ephemeral).toBe(true);
    await waitFor(() =>
      h.logs.find((l) => l.level === 'error' && l.fields?.['errorReference'] === reference),
    );
  });

  test('/case status with a reference shows only that case of the org', async () => {
    h.desk.status = async () => ({
      kind: 'case-list',
      audience: 'customer',
      heading: 'Your open cases',
      cases: ['CASE-1', 'CASE-2'].map((reference) => ({
        caseId: reference,
        caseReference: reference,
        title: `title of ${reference}`,
        severityLabel: 'High (2)',
        status: 'open',
        orgName: 'Acme',
        assigneeName: null,
        dueAt: null,
        msLeft: null,
      })),
    });
    const answer = await h.interact(
      slashCommand({
        ...base('alice'),
        name: 'case',
        options: [
          { name: 'status', type: 1, options: [{ name: 'reference', type: 3, value: 'case-2' }] },
        ],
      }),
    );
    const description = (answer.data['embeds'] as { description: string }[])[0]!.description;
    expect(description).toContain('CASE-2');
    expect(description).not.toContain('CASE-1');
  });
});
