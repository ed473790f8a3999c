// Raw gateway payloads shaped as Discord sends them (API v10), for the fake to dispatch.
import { snowflake } from './snowflake.js';
import { member, type FakeUser, type World } from './world.js';

export * from './world.js';

interface InteractionBase {
  world: World;
  applicationId: string;
  who: FakeUser;
  channelId: string;
  /** Member permissions bitfield as a decimal string (Manage Messages is 8192). */
  permissions?: string;
  /** The user's client language, as Discord sends it (`fr`, `en-US`); default `en-US`. */
  locale?: string;
  /** The server's language (`guild_locale`); default `en-US`. */
  guildLocale?: string;
}

function base(
  options: InteractionBase,
  type: number,
  data: unknown,
  extra: Record<string, unknown> = {},
) {
  const { world } = options;
  const channel = Object.values(world.channels).find((c) => c.id === options.channelId) ?? {
    id: options.channelId,
    type: 11,
    guild_id: world.guildId,
    name: 'thread',
    parent_id: world.channels.support.id,
  };
  return {
    id: snowflake(),
    application_id: options.applicationId,
    type,
    data,
    guild_id: world.guildId,
    guild: { id: world.guildId, locale: options.guildLocale ?? 'en-US', features: [] },
    channel_id: options.channelId,
    channel,
    member: member(world, options.who, options.permissions ?? '0'),
    token: `tok-${snowflake()}-${Math.random().toString(36).slice(2)}`,
    version: 1,
    app_permissions: '8',
    locale: options.locale ?? 'en-US',
    guild_locale: options.guildLocale ?? 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': world.guildId },
    context: 0,
    attachment_size_limit: 8_388_608,
    ...extra,
  };
}

type Option = { name: string; type: number; value?: string | number; options?: Option[] };

export function slashCommand(options: InteractionBase & { name: string; options?: Option[] }) {
  return base(options, 2, {
    id: snowflake(),
    name: options.name,
    type: 1,
    options: options.options ?? [],
  });
}

export function buttonPress(
  options: InteractionBase & { customId: string; message: Record<string, unknown> },
) {
  return base(
    options,
    3,
    { custom_id: options.customId, component_type: 2 },
    { message: options.message },
  );
}

export function selectPick(
  options: InteractionBase & {
    customId: string;
    values: string[];
    message: Record<string, unknown>;
  },
) {
  return base(
    options,
    3,
    { custom_id: options.customId, component_type: 3, values: options.values },
    { message: options.message },
  );
}

/** A modal submit: `fields` maps custom ids to a text value or to the values picked in a select. */
export function modalSubmit(
  options: InteractionBase & { customId: string; fields: Record<string, string | string[]> },
) {
  const components = Object.entries(options.fields).map(([customId, value]) => ({
    type: 18,
    id: Number(snowflake().slice(-6)),
    component: Array.isArray(value)
      ? { type: 3, custom_id: customId, values: value }
      : { type: 4, custom_id: customId, value },
  }));
  return base(options, 5, { custom_id: options.customId, components });
}

export function messageContextMenu(
  options: InteractionBase & { name: string; target: Record<string, unknown> },
) {
  const targetId = options.target['id'] as string;
  return base(options, 2, {
    id: snowflake(),
    name: options.name,
    type: 3,
    target_id: targetId,
    resolved: { messages: { [targetId]: options.target } },
  });
}

export function message(options: {
  world: World;
  author: FakeUser;
  channelId: string;
  content: string;
  id?: string;
}) {
  return {
    id: options.id ?? snowflake(),
    channel_id: options.channelId,
    guild_id: options.world.guildId,
    author: options.author,
    member: {
      roles: options.world.memberRoles[options.author.id] ?? [],
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
    },
    content: options.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    flags: 0,
    components: [],
  };
}

export function thread(options: {
  world: World;
  parentId: string;
  name: string;
  ownerId: string;
  id?: string;
  type?: number;
}) {
  return {
    id: options.id ?? snowflake(),
    type: options.type ?? 11,
    guild_id: options.world.guildId,
    parent_id: options.parentId,
    owner_id: options.ownerId,
    name: options.name,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    thread_metadata: {
      archived: false,
      auto_archive_duration: 1440,
      archive_timestamp: new Date().toISOString(),
      locked: false,
    },
    flags: 0,
    total_message_sent: 0,
    newly_created: true,
  };
}
