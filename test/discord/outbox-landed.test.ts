// A post the Discord outbox kept (Discord kept failing) whose sender died after Discord made it and
// before the outbox wrote down that it landed: the process that takes it over must not make it a
// second time, whether Discord still remembers the post's nonce or not. And a provisional id that
// one process delivered resolves on another (a replica, or the next process). Real chat port
// (discord.js REST) against the fake Discord, real store on SQLite.
import { REST } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordChatPort } from '../../src/adapters/discord/chat-port.js';
import { InteractionTokens } from '../../src/adapters/discord/interaction-tokens.js';
import type { OutboxRepository } from '../../src/core/ports/storage.js';
import { withMessageKey } from '../../src/core/delivery/work-scope.js';
import type { Place } from '../../src/core/model.js';
import type { NoticeView } from '../../src/core/views.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/fake-discord.js';
import { createTestDb, silentLogger, type TestDb } from '../helpers/db.js';

const notice = (text: string): NoticeView => ({ kind: 'notice', tone: 'info', text });
/** discord.js's first request can take seconds on a loaded machine. */
const SLOW = { timeout: 15_000 };

/** The store of a process that dies once Discord has made a kept post: nothing after is written. */
function diesAfterSend(real: OutboxRepository): OutboxRepository {
  return { ...real, recordLanded: () => new Promise<void>(() => undefined) };
}

describe('a kept Discord post whose sender died after Discord made it', () => {
  let db: TestDb;
  let fake: FakeDiscord;
  /** Live processes' ports (a dead one's outbox never finishes its pass: it is not stopped). */
  const ports: ReturnType<typeof createDiscordChatPort>[] = [];
  beforeEach(async () => {
    db = await createTestDb('sqlite');
    fake = await startFakeDiscord();
  });
  afterEach(async () => {
    for (const port of ports.splice(0)) await port.outbox.stop();
    await fake.close();
    await db.cleanup();
  });

  /** One process's chat port; `nonceTrustMs` 0: Discord is assumed to have forgotten nonces. */
  function process(repository: OutboxRepository, nonceTrustMs?: number, dies = false) {
    const rest = new REST({ api: fake.apiUrl, retries: 0, timeout: 5_000 }).setToken(fake.token);
    const port = createDiscordChatPort({
      rest,
      applicationId: fake.applicationId,
      tokens: new InteractionTokens(),
      logger: silentLogger,
      privateParentFor: (channelId) => channelId,
      // Long: the test flushes by hand.
      outboxRetryMs: 60_000,
      outboxRepository: repository,
      ...(nonceTrustMs === undefined ? {} : { outboxNonceTrustMs: nonceTrustMs }),
    });
    if (!dies) ports.push(port);
    return port;
  }

  const team = (): Place => ({
    platform: 'discord',
    channelId: fake.world.channels.team.id,
    threadId: null,
  });
  const creates = () =>
    fake.rest.find('POST', /^\/channels\/\d+\/messages$/).filter((r) => r.status === 200);
  const readBacks = () => fake.rest.find('GET', /^\/channels\/\d+\/messages$/);
  /** Distinct messages in Discord that show `text`. */
  const madeWith = (text: string) =>
    new Set(
      [...fake.rest.messages.values()]
        .filter((m) => `${m.content}${JSON.stringify(m.embeds)}`.includes(text))
        .map((m) => m.id),
    ).size;

  /** Process A keeps a post (Discord fails its first try), makes it from its outbox, and dies. */
  async function keptThenKilled(text: string, key: string | null) {
    const dead = process(diesAfterSend(db.store.outbox), undefined, true);
    fake.rest.failNext({
      method: 'POST',
      path: /^\/channels\/\d+\/messages$/,
      status: 503,
      times: 1,
    });
    const send = () => dead.post(team(), notice(text));
    const kept = key ? await withMessageKey(key, send) : await send();
    expect(kept.messageId).toMatch(/^pending-/);
    void dead.outbox.flush();
    await expect.poll(() => creates().length, SLOW).toBe(1);
    return { kept, made: (creates()[0]!.response as { id: string }).id };
  }

  it('is answered by Discord with the message it made while the nonce is remembered', async () => {
    const { kept, made } = await keptThenKilled('CASE-1001 opened', 'discord:interaction:1#1');
    const next = process(db.store.outbox);
    await next.outbox.load();
    expect(next.outbox.size).toBe(1);
    await next.outbox.flush();

    expect(next.outbox.size).toBe(0);
    expect(madeWith('CASE-1001 opened')).toBe(1);
    // The second try carried the first one's nonce, so Discord answered with the first message.
    const [first, second] = creates();
    expect((second!.body as { nonce?: string }).nonce).toBe(
      (first!.body as { nonce: string }).nonce,
    );
    expect(await db.store.outbox.landedAs(kept.messageId)).toMatchObject({ messageId: made });
    expect(await db.store.outbox.count('discord')).toBe(0);
  });

  it('carries a nonce of its own when no journal key was in force', async () => {
    await keptThenKilled('hello', null);
    const next = process(db.store.outbox);
    await next.outbox.load();
    await next.outbox.flush();
    expect(madeWith('hello')).toBe(1);
    expect((creates()[0]!.body as { enforce_nonce?: boolean }).enforce_nonce).toBe(true);
  });

  it('keeps its nonce when an edit rewrites it while it waits', async () => {
    const port = process(db.store.outbox);
    fake.rest.failNext({
      method: 'POST',
      path: /^\/channels\/\d+\/messages$/,
      status: 503,
      times: 1,
    });
    const kept = await withMessageKey('discord:interaction:6#1', () =>
      port.post(team(), notice('first words')),
    );
    await port.update(kept, notice('second words'));
    await port.outbox.flush();
    const tries = fake.rest.find('POST', /^\/channels\/\d+\/messages$/);
    const nonce = (i: number) => (tries[i]!.body as { nonce?: string }).nonce;
    expect(tries.map((r) => r.status)).toEqual([503, 200]);
    expect(nonce(1)).toBe(nonce(0));
    expect(JSON.stringify(tries[1]!.body)).toContain('second words');
  });

  it('is found by reading the channel back once Discord forgot the nonce, and not made again', async () => {
    const { kept, made } = await keptThenKilled('CASE-1002 opened', 'discord:interaction:2#1');
    fake.rest.forgetNonces();
    const next = process(db.store.outbox, 0);
    await next.outbox.load();
    await next.outbox.flush();

    expect(readBacks()).toHaveLength(1);
    expect(creates()).toHaveLength(1);
    expect(madeWith('CASE-1002 opened')).toBe(1);
    expect(next.outbox.foundLanded).toBe(1);
    expect(await db.store.outbox.landedAs(kept.messageId)).toMatchObject({ messageId: made });
    expect(await db.store.outbox.count('discord')).toBe(0);
  });

  it('is made once when it never reached Discord (an identical older message is not it)', async () => {
    const first = process(db.store.outbox, 0);
    // The same text made before, by other work: read back, but not taken for the kept post.
    await withMessageKey('discord:interaction:3#1', () => first.post(team(), notice('Ping')));
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // past the read-back's clock slack
    fake.rest.failNext({
      method: 'POST',
      path: /^\/channels\/\d+\/messages$/,
      status: 503,
      times: 1,
    });
    const kept = await withMessageKey('discord:interaction:4#1', () =>
      first.post(team(), notice('Ping')),
    );
    expect(kept.messageId).toMatch(/^pending-/);
    // Dead before its outbox ever tried: the row is all that is left.

    const next = process(db.store.outbox, 0);
    await next.outbox.load();
    await next.outbox.flush();
    expect(readBacks()).toHaveLength(1);
    expect(next.outbox.foundLanded).toBe(0);
    expect(madeWith('Ping')).toBe(2);
  });

  it('waits rather than doubling it while Discord cannot list the channel', async () => {
    await keptThenKilled('CASE-1003 opened', 'discord:interaction:5#1');
    fake.rest.forgetNonces();
    const next = process(db.store.outbox, 0);
    await next.outbox.load();
    fake.rest.failNext({
      method: 'GET',
      path: /^\/channels\/\d+\/messages$/,
      status: 503,
      times: 1,
    });
    await next.outbox.flush();
    expect(next.outbox.size).toBe(1);
    expect(creates()).toHaveLength(1);

    await next.outbox.flush();
    expect(next.outbox.size).toBe(0);
    expect(madeWith('CASE-1003 opened')).toBe(1);
  });
});

describe('a provisional Discord id delivered by another process', () => {
  let db: TestDb;
  let fake: FakeDiscord;
  const ports: ReturnType<typeof createDiscordChatPort>[] = [];
  beforeEach(async () => {
    db = await createTestDb('sqlite');
    fake = await startFakeDiscord();
  });
  afterEach(async () => {
    for (const port of ports.splice(0)) await port.outbox.stop();
    await fake.close();
    await db.cleanup();
  });

  function replica() {
    const rest = new REST({ api: fake.apiUrl, retries: 0, timeout: 5_000 }).setToken(fake.token);
    const port = createDiscordChatPort({
      rest,
      applicationId: fake.applicationId,
      tokens: new InteractionTokens(),
      logger: silentLogger,
      privateParentFor: (channelId) => channelId,
      outboxRetryMs: 60_000,
      outboxRepository: db.store.outbox,
    });
    ports.push(port);
    return port;
  }

  it('is followed to the real message: a reply lands in its thread, an edit on it', async () => {
    const team: Place = { platform: 'discord', channelId: fake.world.channels.team.id };
    const a = replica();
    const b = replica();
    fake.rest.failNext({
      method: 'POST',
      path: /^\/channels\/\d+\/messages$/,
      status: 503,
      times: 1,
    });
    const alert = await a.post(team, notice('alert'));
    expect(alert.messageId).toMatch(/^pending-/);
    await a.outbox.flush();
    const made = fake.rest
      .find('POST', new RegExp(`^/channels/${team.channelId}/messages$`))
      .find((r) => r.status === 200)!.response as { id: string };

    // B never held the post: it asks the store where it landed. (The core addresses an alert's
    // thread by the alert's id, as a Slack thread by its parent's ts.)
    await b.post({ ...team, threadId: alert.messageId }, notice('warning'));
    const inThread = fake.rest
      .find('POST', new RegExp(`^/channels/${made.id}/messages$`))
      .filter((r) => r.status === 200);
    expect(inThread).toHaveLength(1);
    await b.update(alert, notice('alert, claimed'));
    const edits = fake.rest.find('PATCH', new RegExp(`/messages/${made.id}$`));
    expect(edits.filter((r) => r.status === 200)).toHaveLength(1);
    expect(fake.rest.requests.filter((r) => r.path.includes('pending-'))).toEqual([]);
  });
});
