// `casebot discord register [--guild ID]` and `casebot discord invite`.
import { REST } from 'discord.js';
import { registerCommands } from '../adapters/discord/commands.js';
import { DiscordConfigError, parseDiscordEnv } from '../adapters/discord/config.js';
import { inviteUrl } from '../adapters/discord/invite.js';

const USAGE = `usage:
  casebot discord register [--guild ID]   register /ask, /case, /queue and "Flag for private support"
                                          (globally, or in one server: instant, for testing)
  casebot discord invite                  print the invite URL with the permissions casebot needs

Reads DISCORD_TOKEN, DISCORD_APPLICATION_ID and optionally DISCORD_API_URL.`;

export async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  let config;
  try {
    config = parseDiscordEnv(process.env);
  } catch (error) {
    if (error instanceof DiscordConfigError) {
      process.stderr.write(`casebot discord: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (!config) {
    process.stderr.write(
      'casebot discord: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (Developer Portal → your application) first.\n',
    );
    return 2;
  }
  if (command === 'invite') {
    process.stdout.write(`${inviteUrl(config.applicationId)}\n`);
    return 0;
  }
  if (command !== 'register') {
    process.stderr.write(`casebot discord: unknown command "${command}"\n${USAGE}\n`);
    return 2;
  }
  const guildId = parseGuild(rest);
  if (guildId === undefined) {
    process.stderr.write(
      'casebot discord register: --guild needs a server id (Developer Mode → right-click the server → Copy Server ID).\n',
    );
    return 2;
  }
  const client = new REST({
    ...config.rest,
    ...(config.apiUrl ? { api: config.apiUrl } : {}),
  }).setToken(config.token);
  const registered = await registerCommands(client, config.applicationId, guildId);
  const where = guildId ? `in server ${guildId}` : 'globally (may take up to an hour to appear)';
  process.stdout.write(`registered ${registered.length} commands ${where}\n`);
  return 0;
}

/** null: global; undefined: bad flag; otherwise the guild id. */
function parseGuild(args: string[]): string | null | undefined {
  const index = args.findIndex((arg) => arg === '--guild' || arg.startsWith('--guild='));
  if (index === -1) return args.length ? undefined : null;
  const value = args[index]!.includes('=') ? args[index]!.split('=')[1] : args[index + 1];
  return value && /^\d{17,20}$/.test(value) ? value : undefined;
}
