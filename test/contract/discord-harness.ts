// The contract harness for Discord: the real adapter's ChatPort (discord.js REST) against the
// loopback fake, read back from the REST requests the fake recorded.
import { createDiscordAdapter } from '../../src/adapters/discord/adapter.js';
import type { Place } from '../../src/core/model.js';
import { startFakeDiscord } from '../fakes/discord/fake-discord.js';
import type { RecordedRequest } from '../fakes/discord/fake-rest.js';
import { silentLogger } from '../helpers/db.js';
import type { ContractHarness, PlatformRecord } from './contract-harness.js';
import { fakeDiscordConfig } from '../discord/fake-config.js';

interface Embed {
  title?: string;
  description?: string;
  author?: { name?: string };
  footer?: { text?: string };
  fields?: { name: string; value: string }[];
}
interface MessageBody {
  content?: string;
  embeds?: Embed[];
  components?: { components?: { label?: string }[] }[];
  allowed_mentions?: { parse?: string[]; users?: string[]; roles?: string[] };
  flags?: number;
}

/** Discord's escapes undone: what a reader sees. */
const visible = (text: string) => text.replace(/\u200b/g, '').replace(/\\([[\]()*_`~>#|])/g, '$1');

/** Only `content` pings, and only what allowed_mentions permits (no allowed_mentions: all of it). */
export function discordPings(body: MessageBody): string[] {
  const content = body.content ?? '';
  const allowed = body.allowed_mentions;
  const parse = allowed?.parse ?? (allowed ? [] : ['users', 'roles', 'everyone']);
  const pings: string[] = [];
  if (/@(everyone|here)/.test(content) && parse.includes('everyone')) pings.push('everyone');
  for (const [, id] of content.matchAll(/<@!?(\d+)>/g))
    if (parse.includes('users') || allowed?.users?.includes(id!)) pings.push(`user:${id}`);
  for (const [, id] of content.matchAll(/<@&(\d+)>/g))
    if (parse.includes('roles') || allowed?.roles?.includes(id!)) pings.push(`role:${id}`);
  return [...new Set(pings)];
}

/** `[text](url)` renders as a link in content, embed descriptions and field values. */
export function discordMaskedLinks(body: MessageBody): string[] {
  const texts = [
    body.content ?? '',
    ...(body.embeds ?? []).flatMap((e) => [
      e.description ?? '',
      ...(e.fields ?? []).map((f) => f.value),
    ]),
  ];
  return texts.flatMap((text) =>
    [...text.matchAll(/(?<!\\)\[[^\]]*(?<!\\)\]\((https?:[^)\s]+)\)/g)].map((m) => m[1]!),
  );
}

function allText(body: MessageBody): string {
  const parts = [body.content ?? ''];
  for (const embed of body.embeds ?? [])
    parts.push(
      embed.author?.name ?? '',
      embed.title ?? '',
      embed.description ?? '',
      ...(embed.fields ?? []).flatMap((f) => [f.name, f.value]),
      embed.footer?.text ?? '',
    );
  for (const row of body.components ?? [])
    for (const component of row.components ?? []) parts.push(component.label ?? '');
  return visible(parts.join('\n'));
}

export async function startDiscordContractHarness(): Promise<ContractHarness> {
  const fake = await startFakeDiscord();
  const { world } = fake;
  const adapter = createDiscordAdapter({
    config: fakeDiscordConfig(fake, {
      // discord.js retries a 5xx within the call (a post still failing after that is the
      // durable port's to keep) and waits out a 429.
      rest: { retries: 3, timeout: 2000 },
      supportChannelIds: [world.channels.support.id],
    }),
    logger: silentLogger,
  });
  const ok = (r: RecordedRequest) => r.status >= 200 && r.status < 300;
  const dmRecipients = () =>
    new Map(
      fake.rest
        .find('POST', /^\/users\/@me\/channels$/)
        .filter(ok)
        .map((r) => [
          (r.response as { id: string }).id,
          (r.body as { recipient_id: string }).recipient_id,
        ]),
    );
  const where = (channelId: string) => {
    const thread = fake.rest.threads.find((t) => t['id'] === channelId);
    return thread
      ? { channel: String(thread['parent_id']), thread: channelId }
      : { channel: channelId, thread: null };
  };
  const toRecord = (request: RecordedRequest, dms: Map<string, string>): PlatformRecord | null => {
    const post = /^\/channels\/(\d+)\/messages$/.exec(request.path);
    const edit = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(request.path);
    const body = (request.body ?? {}) as MessageBody;
    const common = {
      text: allText(body),
      pings: discordPings(body),
      maskedLinks: discordMaskedLinks(body),
    };
    if (request.method === 'POST' && post) {
      const messageId = (request.response as { id: string }).id;
      return {
        op: 'post',
        ...where(post[1]!),
        messageId,
        onlyFor: dms.get(post[1]!) ?? null,
        ...common,
      };
    }
    if (request.method === 'PATCH' && edit)
      return {
        op: 'edit',
        ...where(edit[1]!),
        messageId: edit[2]!,
        onlyFor: dms.get(edit[1]!) ?? null,
        ...common,
      };
    return null;
  };

  return {
    port: adapter.transport,
    channel: { platform: 'discord', channelId: world.channels.team.id },
    customerUserId: world.people.alice.id,
    engineerUserId: world.people.sam.id,
    onCallRoleId: world.roles.onCall.id,
    editsInPlace: true,
    failures: true,
    pings: true,
    records() {
      const dms = dmRecipients();
      return fake.rest.requests
        .filter(ok)
        .map((r) => toRecord(r, dms))
        .filter((r): r is PlatformRecord => r !== null);
    },
    membersOf(place: Place) {
      const dm = dmRecipients().get(place.channelId);
      if (dm) return [dm];
      const thread = fake.rest.threads.find((t) => t['id'] === place.threadId);
      if (!thread || thread['type'] !== 12) return 'public';
      return fake.rest
        .find('PUT', new RegExp(`^/channels/${thread['id']}/thread-members/\\d+$`))
        .filter(ok)
        .map((r) => r.path.split('/').at(-1)!);
    },
    failPosts(status, times) {
      fake.rest.failNext({
        method: 'POST',
        path: /^\/channels\/\d+\/messages$/,
        status,
        times,
        retryAfter: 0.03,
      });
    },
    async settle() {},
    async close() {
      await adapter.client.destroy();
      await fake.close();
    },
  };
}
