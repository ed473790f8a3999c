// A post the message journal kept (Discord kept failing) whose sender died after Discord made it
// and before the journal marked it sent: the process that takes it over must not make it a second
// time, whether Discord still remembers the post's nonce (its journal key's) or not (the chat
// port's findSent reads the channel back). And a key that one process sent resolves on another
// (a replica, or the next process). Real chat port (discord.js REST) against the fake Discord,
// real store on SQLite.
import { REST } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordChatPort } from '../../src/adapters/discord/chat-port.js';
import { InteractionTokens } from '../../src/adapters/discord/interaction-tokens.js';
import { keyOfRef } from '../../src/core/delivery/message-ref.js';
import { withWork } from '../../src/core/delivery/work-scope.js';
import type { MessageJournal } from '../../src/core/ports/journal.js';
import type { Place } from '../../src/core/model.js';
import type { NoticeView } from '../../src/core/views.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/fake-discord.js';
import { snowflake } from '../fakes/discord/snowflake.js';
import { createTestDb, silentLogger, type TestDb } from '../helpers/db.js';
import { durable, later, MINUTE, worker } from '../delivery/durable-helpers.js';

const notice = (text: string): NoticeView => ({ kind: 'notice', tone: 'info', text });
/** discord.js's first request can take seconds on a loaded machine. */
const SLOW = { timeout: 15_000 };

/** The journal of a process that dies once Discord has made a post: nothing after is written. */
function diesAfterSend(real: MessageJournal): MessageJournal {
  return { ...real, sent: () => new Promise<void>(() => undefined) };
}

let db: TestDb;
let fake: FakeDiscord;
beforeEach(async () => {
  db = await createTestDb('sqlite');
  fake = await startFakeDiscord();
});
afterEach(async () => {
  await fake.close();
  await db.cleanup();
});

/** One process's chat port; `nonceTrustMs` 0: Discord is assumed to have forgotten nonces. */
function chatPort(nonceTrustMs?: number) {
  const rest = new REST({ api: fake.apiUrl, retries: 0, timeout: 5_000 }).setToken(fake.token);
  return createDiscordChatPort({
    rest,
    applicationId: fake.applicationId,
    tokens: new InteractionTokens(),
    logger: silentLogger,
    privateParentFor: (channelId) => channelId,
    ...(nonceTrustMs === undefined ? {} : { nonceTrustMs }),
  });
}

const team = (): Place => ({
  platform: 'discord',
  channelId: fake.world.channels.team.id,
  threadId: null,
});
const failNextPost = () =>
  fake.rest.failNext({
    method: 'POST',
    path: /^\/channels\/\d+\/messages$/,
    status: 503,
    times: 1,
  });
const creates = () =>
  fake.rest.find('POST', /^\/channels\/\d+\/messages$/).filter((r) => r.status === 200);

describe('a kept Discord post whose sender died after Discord made it', () => {
  const readBacks = () => fake.rest.find('GET', /^\/channels\/\d+\/messages$/);
  /** Distinct messages in Discord that show `text`. */
  const madeWith = (text: string) =>
    new Set(
      [...fake.rest.messages.values()]
        .filter((m) => `${m.content}${JSON.stringify(m.embeds)}`.includes(text))
        .map((m) => m.id),
    ).size;
  /** The worker of the next process (`ms` later), over a chat port trusting nonces that long. */
  const takeOver = (nonceTrustMs?: number, ms = 20 * MINUTE) =>
    worker(db, { discord: durable(db, chatPort(nonceTrustMs), 'B', later(ms)) }, later(ms)).pass();

  /**
   * Process A keeps a post (Discord fails its first try), makes it from the journal, and dies;
   * `meanwhile` runs between the two tries.
   */
  async function keptThenKilled(text: string, work: string | null, meanwhile?: () => void) {
    const dying = diesAfterSend(db.store.journal);
    const port = chatPort();
    failNextPost();
    const send = () => durable(db, port, 'A', undefined, dying).post(team(), notice(text));
    const kept = work ? await withWork(work, send) : await send();
    expect(kept.messageId).toMatch(/^key:/);
    meanwhile?.();
    const dead = durable(db, port, 'A', later(10 * MINUTE), dying);
    void worker(db, { discord: dead }, later(10 * MINUTE), dying).pass();
    await expect.poll(() => creates().length, SLOW).toBe(1);
    return { kept, made: (creates()[0]!.response as { id: string }).id };
  }

  it('is answered by Discord with the message it made while the nonce is remembered', async () => {
    const { kept, made } = await keptThenKilled('CASE-1001 opened', 'discord:interaction:1');
    expect((await takeOver()).messages).toBe(1);
    expect(madeWith('CASE-1001 opened')).toBe(1);
    // The second try carried the first one's nonce, so Discord answered with the first message.
    const [first, second] = creates();
    expect((second!.body as { nonce?: string }).nonce).toBe(
      (first!.body as { nonce: string }).nonce,
    );
    const outcome = await db.store.journal.outcome(keyOfRef(kept.messageId));
    expect(outcome?.state === 'sent' && outcome.result).toContain(made);
  });

  it('carries a nonce of its own key when no work was in force', async () => {
    await keptThenKilled('hello', null);
    await takeOver();
    expect(madeWith('hello')).toBe(1);
    expect((creates()[0]!.body as { enforce_nonce?: boolean }).enforce_nonce).toBe(true);
  });

  it('keeps its nonce when an edit rewrites it while it waits', async () => {
    const port = durable(db, chatPort(), 'A');
    failNextPost();
    const kept = await withWork('discord:interaction:6', () =>
      port.post(team(), notice('first words')),
    );
    await port.update(kept, notice('second words'));
    await takeOver();
    const tries = fake.rest.find('POST', /^\/channels\/\d+\/messages$/);
    const nonce = (i: number) => (tries[i]!.body as { nonce?: string }).nonce;
    expect(tries.map((r) => r.status)).toEqual([503, 200]);
    expect(nonce(1)).toBe(nonce(0));
    expect(JSON.stringify(tries[1]!.body)).toContain('second words');
  });

  it('is found by its earlier content when an edit folded into it after a try that landed', async () => {
    // Discord makes the post and still answers its try with a 500; an edit then folds into it.
    let down = true;
    let made = false;
    fake.rest.injectFaults((request) => {
      if (!down || request.method !== 'POST' || !/^\/channels\/\d+\/messages$/.test(request.path))
        return null;
      const applied = !made;
      made = true;
      return { status: 500, applied };
    });
    const a = durable(db, chatPort(), 'A');
    const kept = await withWork('discord:interaction:77', () =>
      a.post(team(), notice('CASE-77 opened')),
    );
    expect(kept.messageId).toMatch(/^key:/);
    await withWork('discord:interaction:78', () => a.update(kept, notice('CASE-77 claimed')));
    down = false;
    // Past the nonce window: the channel is read back, where the post shows its earlier content.
    fake.rest.forgetNonces();
    await takeOver(0);
    expect(madeWith('CASE-77')).toBe(1);
    // Found, and edited to show the update folded into it.
    expect(madeWith('CASE-77 claimed')).toBe(1);
    const outcome = await db.store.journal.outcome(keyOfRef(kept.messageId));
    expect(outcome?.state).toBe('sent');
  });

  it('is found by reading the channel back once Discord forgot the nonce, and not made again', async () => {
    const { kept, made } = await keptThenKilled('CASE-1002 opened', 'discord:interaction:2');
    fake.rest.forgetNonces();
    await takeOver(0);
    expect(readBacks()).toHaveLength(1);
    expect(creates()).toHaveLength(1);
    expect(madeWith('CASE-1002 opened')).toBe(1);
    const outcome = await db.store.journal.outcome(keyOfRef(kept.messageId));
    expect(outcome?.state === 'sent' && outcome.result).toContain(made);
  });

  it('is found past the first page of a busy channel, and not made again', async () => {
    // 150 messages of the bot land between the kept post's first try and the one that made it.
    const busy = () => {
      const channelId = team().channelId;
      for (let i = 0; i < 150; i++) {
        const id = snowflake();
        fake.rest.messages.set(`${channelId}/${id}`, {
          id,
          channel_id: channelId,
          content: `other ${i}`,
          embeds: [],
          components: [],
          flags: 0,
          attachments: [],
        });
      }
    };
    const { kept, made } = await keptThenKilled('CASE-1005 opened', 'discord:interaction:7', busy);
    fake.rest.forgetNonces();
    await takeOver(0);
    expect(creates()).toHaveLength(1);
    // Read forward from the send's start: the first page held only the other messages.
    expect(readBacks().map((r) => r.query.get('limit'))).toEqual(['100', '100']);
    expect(madeWith('CASE-1005 opened')).toBe(1);
    const outcome = await db.store.journal.outcome(keyOfRef(kept.messageId));
    expect(outcome?.state === 'sent' && outcome.result).toContain(made);
  });

  it('is made once when it never reached Discord (an identical older message is not it)', async () => {
    const port = durable(db, chatPort(0), 'A');
    // The same text made before, by other work: read back, but not taken for the kept post.
    await withWork('discord:interaction:3', () => port.post(team(), notice('Ping')));
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // past the read-back's clock slack
    failNextPost();
    const kept = await withWork('discord:interaction:4', () => port.post(team(), notice('Ping')));
    expect(kept.messageId).toMatch(/^key:/);
    // Dead before the journal's retry: the row is all that is left.
    await takeOver(0);
    expect(readBacks()).toHaveLength(1);
    expect(madeWith('Ping')).toBe(2);
  });

  it('waits rather than doubling it while Discord cannot list the channel', async () => {
    await keptThenKilled('CASE-1003 opened', 'discord:interaction:5');
    fake.rest.forgetNonces();
    fake.rest.failNext({
      method: 'GET',
      path: /^\/channels\/\d+\/messages$/,
      status: 503,
      times: 1,
    });
    await takeOver(0);
    expect(creates()).toHaveLength(1);
    expect((await db.store.journal.figures(later(20 * MINUTE)())).pending).toBe(1);

    await takeOver(0, 40 * MINUTE);
    expect(madeWith('CASE-1003 opened')).toBe(1);
    expect((await db.store.journal.figures(later(60 * MINUTE)())).pending).toBe(0);
  });
});

describe('a Discord key sent by another process', () => {
  it('is followed to the real message: a reply lands in its thread, an edit on it', async () => {
    const a = durable(db, chatPort(), 'A');
    const b = durable(db, chatPort(), 'B');
    failNextPost();
    const alert = await a.post(team(), notice('alert'));
    expect(alert.messageId).toMatch(/^key:/);
    await worker(
      db,
      { discord: durable(db, chatPort(), 'A', later(MINUTE)) },
      later(MINUTE),
    ).pass();
    const made = creates()[0]!.response as { id: string };

    // B never held the post: the journal says where it landed. (The core addresses an alert's
    // thread by the alert's id, as a Slack thread by its parent's ts.)
    await b.post({ ...team(), threadId: alert.messageId }, notice('warning'));
    const inThread = fake.rest
      .find('POST', new RegExp(`^/channels/${made.id}/messages$`))
      .filter((r) => r.status === 200);
    expect(inThread).toHaveLength(1);
    await b.update(alert, notice('alert, claimed'));
    const edits = fake.rest.find('PATCH', new RegExp(`/messages/${made.id}$`));
    expect(edits.filter((r) => r.status === 200)).toHaveLength(1);
    expect(fake.rest.requests.filter((r) => r.path.includes('key:'))).toEqual([]);
  });
});
