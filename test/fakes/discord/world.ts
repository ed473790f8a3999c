// The fake Discord's world: one guild with support, team, forum and community channels, roles
// and people (snowflake ids, as discord.js requires), and its GUILD_CREATE payload.
import { snowflake } from './snowflake.js';

export interface FakeUser {
  id: string;
  username: string;
  global_name: string;
  discriminator: '0';
  avatar: null;
  bot?: boolean;
}

export function user(username: string, bot = false): FakeUser {
  return {
    id: snowflake(),
    username,
    global_name: username[0]!.toUpperCase() + username.slice(1),
    discriminator: '0',
    avatar: null,
    ...(bot ? { bot } : {}),
  };
}

/** The world a test runs in: one guild with support, team and forum channels, roles and people. */
export function createWorld() {
  const guildId = snowflake();
  const role = (name: string, permissions = '0') => ({
    id: snowflake(),
    name,
    permissions,
    position: 1,
    color: 0,
    hoist: false,
    managed: false,
    mentionable: true,
    flags: 0,
  });
  const roles = {
    everyone: { ...role('@everyone'), id: guildId },
    moderator: role('moderators'),
    engineer: role('support-engineers'),
    onCall: role('on-call'),
    acme: role('acme-customers'),
  };
  const channel = (name: string, type: number, extra: Record<string, unknown> = {}) => ({
    id: snowflake(),
    type,
    guild_id: guildId,
    name,
    position: 0,
    permission_overwrites: [],
    ...extra,
  });
  const channels = {
    support: channel('support', 0),
    team: channel('team-platform', 0),
    forum: channel('help-forum', 15, { available_tags: [] }),
    community: channel('community', 0),
  };
  const people = {
    bot: user('casebot', true),
    alice: user('alice'),
    bob: user('bob'),
    mod: user('mona'),
    sam: user('sam'),
    lee: user('lee'),
  };
  const memberRoles: Record<string, string[]> = {
    [people.alice.id]: [roles.acme.id],
    [people.bob.id]: [],
    [people.mod.id]: [roles.moderator.id],
    [people.sam.id]: [roles.engineer.id],
    [people.lee.id]: [roles.engineer.id],
  };
  return { guildId, roles, channels, people, memberRoles };
}

export type World = ReturnType<typeof createWorld>;

export function guildCreate(
  world: World,
  threads: Record<string, unknown>[] = [],
): Record<string, unknown> {
  return {
    id: world.guildId,
    name: 'Acme Community',
    icon: null,
    owner_id: world.people.mod.id,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    features: [],
    mfa_level: 0,
    system_channel_flags: 0,
    premium_tier: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: 6,
    roles: Object.values(world.roles),
    emojis: [],
    stickers: [],
    channels: Object.values(world.channels),
    threads,
    members: [
      {
        user: world.people.bot,
        roles: [],
        joined_at: new Date().toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
      },
    ],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function member(world: World, who: FakeUser, permissions = '0') {
  return {
    user: who,
    roles: world.memberRoles[who.id] ?? [],
    permissions,
    joined_at: new Date().toISOString(),
    deaf: false,
    mute: false,
    flags: 0,
    nick: null,
    avatar: null,
  };
}
