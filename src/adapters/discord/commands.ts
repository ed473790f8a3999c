// The application commands casebot registers, and their registration (bulk overwrite: running it
// twice leaves the same set, so it is idempotent).
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  Routes,
  type REST,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { DEFAULT_LANGUAGE, supportedLanguages, t } from '../../core/i18n/index.js';

export const FLAG_COMMAND_NAME = 'Flag for private support';

/**
 * Discord's own locale for a catalogue's language, when Discord has one (its locales are a fixed
 * list: most are the bare language code, a few name a country).
 */
const DISCORD_LOCALES = new Set([
  'id',
  'da',
  'de',
  'fr',
  'hr',
  'it',
  'lt',
  'hu',
  'nl',
  'no',
  'pl',
  'ro',
  'fi',
  'vi',
  'tr',
  'cs',
  'el',
  'bg',
  'ru',
  'uk',
  'hi',
  'th',
  'ja',
  'ko',
]);
const DISCORD_REGIONAL: Record<string, string> = {
  es: 'es-ES',
  pt: 'pt-BR',
  sv: 'sv-SE',
  zh: 'zh-CN',
};

function discordLocaleOf(language: string): string | null {
  return DISCORD_LOCALES.has(language) ? language : (DISCORD_REGIONAL[language] ?? null);
}

/**
 * A command's or option's description in English, with its translation for every other catalogue:
 * each Discord client shows the one of its language (`discord.commands.*`).
 */
function describe(key: string) {
  return {
    description: t(DEFAULT_LANGUAGE, `discord.commands.${key}`),
    description_localizations: localized(key),
  };
}

/** `discord.commands.<key>` in every other catalogue's language Discord has a locale for. */
function localized(key: string): Record<string, string> {
  const localizations: Record<string, string> = {};
  for (const language of supportedLanguages()) {
    const locale = discordLocaleOf(language);
    if (language !== DEFAULT_LANGUAGE && locale)
      localizations[locale] = t(language, `discord.commands.${key}`);
  }
  return localizations;
}

/** The case a subcommand acts on, by its reference. */
function caseReference(required: boolean) {
  return {
    type: ApplicationCommandOptionType.String as const,
    name: 'reference',
    ...describe('reference'),
    required,
    max_length: 40,
  };
}

export const commandDefinitions: RESTPutAPIApplicationCommandsJSONBody = [
  {
    name: 'ask',
    ...describe('ask'),
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'question',
        ...describe('askQuestion'),
        required: true,
        max_length: 1000,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'product',
        ...describe('askProduct'),
        required: false,
        max_length: 100,
      },
    ],
  },
  {
    name: 'case',
    ...describe('case'),
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'status',
        ...describe('status'),
        options: [caseReference(false)],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'list',
        ...describe('list'),
      },
      // Its requester or support: the core checks who, and which levels the customer's tier allows.
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'severity',
        ...describe('severity'),
        options: [
          caseReference(true),
          {
            type: ApplicationCommandOptionType.Integer,
            name: 'level',
            ...describe('severityLevel'),
            required: true,
            min_value: 1,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'reason',
            ...describe('severityReason'),
            required: true,
            max_length: 1000,
          },
        ],
      },
      // Support only (the core checks): the policy's SLA clocks pause until the customer replies.
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'pending',
        ...describe('pending'),
        options: [caseReference(true)],
      },
      // The customer's side or the case's owner (the core checks): a scheduled phone call.
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'callback',
        ...describe('callback'),
        options: [
          caseReference(true),
          {
            type: ApplicationCommandOptionType.String,
            name: 'what',
            ...describe('callbackWhat'),
            required: false,
            max_length: 200,
          },
        ],
      },
      // Anyone who may see the case (the core checks): the target's working windows and rule.
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'why',
        ...describe('why'),
        options: [caseReference(true)],
      },
      // The case's owner, once it is resolved (the core checks): a KB article drafted from it.
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'draft',
        ...describe('draft'),
        options: [caseReference(true)],
      },
      // Engineers only (the core checks): their own availability and shift, read by routing at once.
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'away',
        ...describe('away'),
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'until',
            ...describe('awayUntil'),
            required: false,
            max_length: 60,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'back',
        ...describe('back'),
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'shift',
        ...describe('shift'),
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'hours',
            ...describe('shiftHours'),
            required: true,
            max_length: 20,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'time_zone',
            ...describe('shiftTimeZone'),
            required: false,
            max_length: 60,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'days',
            ...describe('shiftDays'),
            required: false,
            max_length: 40,
          },
        ],
      },
      // Staff only (the core checks): the questions learned for articles, or removing one.
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'learned',
        ...describe('learned'),
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'article',
            ...describe('learnedArticle'),
            required: false,
            max_length: 200,
          },
          {
            type: ApplicationCommandOptionType.Integer,
            name: 'remove',
            ...describe('learnedRemove'),
            required: false,
            min_value: 1,
          },
        ],
      },
      // Anyone: the language casebot speaks to them (the core stores the choice).
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'lang',
        ...describe('lang'),
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'language',
            ...describe('langLanguage'),
            required: false,
            max_length: 20,
          },
        ],
      },
      // Staff only (the app checks): a signed link that expires, answered privately.
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'dashboard',
        ...describe('dashboard'),
      },
    ],
  },
  {
    name: 'queue',
    ...describe('queue'),
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
  },
  // Visible to everyone who can use apps; the core refuses non-moderators (a role from the setup
  // file may make someone a moderator without the Manage Messages permission).
  {
    // Interactions still name it FLAG_COMMAND_NAME; each client shows its language's name.
    name: FLAG_COMMAND_NAME,
    name_localizations: localized('flag'),
    type: ApplicationCommandType.Message,
    contexts: [InteractionContextType.Guild],
  },
];

export async function registerCommands(
  rest: REST,
  applicationId: string,
  guildId?: string | null,
): Promise<unknown[]> {
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  return (await rest.put(route, { body: commandDefinitions })) as unknown[];
}
