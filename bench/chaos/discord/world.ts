// The Discord world of a chaos run: the fake Discord's guild (support and team channels, the
// acme-customers role) with as many customers as the run needs, every one of them in that role,
// and three engineers; the setup file maps it onto casebot's org, team and people. The policy is
// the Slack run's (bench/chaos/world.ts): the same targets, thresholds and escalation.
import type { FakeDiscord } from '../../../test/fakes/discord/fake-discord.js';
import { user, type FakeUser } from '../../../test/fakes/discord/world.js';
import { setupText } from '../world.js';

export interface DiscordCast {
  customers: FakeUser[];
  engineers: FakeUser[];
}

/** Adds `count` customers (role acme-customers) and a third engineer to the fake's world. */
export function castFor(fake: FakeDiscord, count: number): DiscordCast {
  const { world } = fake;
  const customers = Array.from({ length: count }, (_, i) => {
    const who = user(`customer${String(i + 1).padStart(3, '0')}`);
    world.memberRoles[who.id] = [world.roles.acme.id];
    return who;
  });
  const kim = user('kim');
  world.memberRoles[kim.id] = [world.roles.engineer.id];
  return { customers, engineers: [world.people.sam, world.people.lee, kim] };
}

export function discordSetupYaml(fake: FakeDiscord, cast: DiscordCast) {
  const { world } = fake;
  return (policyFileName: string): string => {
    const engineers = cast.engineers
      .map(
        (e) =>
          `  - { handle: ${e.username}, name: ${e.global_name}, roles: [engineer], team: core, capacity: 1000, discord: '${e.id}' }`,
      )
      .join('\n');
    // Customers are not listed: the acme-customers role places them in the org on first contact.
    return setupText({
      policyFileName,
      support: `{ platform: discord, channel: '${world.channels.support.id}' }`,
      teamChannels: `{ discord: '${world.channels.team.id}' }`,
      orgIdentity: `discord: { guilds: ['${world.guildId}'], roles: ['${world.roles.acme.id}'] }`,
      engineers,
    });
  };
}
