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

export const FLAG_COMMAND_NAME = 'Flag for private support';

/** The case a subcommand acts on, by its reference. */
function caseReference(required: boolean) {
  return {
    type: ApplicationCommandOptionType.String as const,
    name: 'reference',
    description: 'A case reference such as CASE-1042',
    required,
    max_length: 40,
  };
}

export const commandDefinitions: RESTPutAPIApplicationCommandsJSONBody = [
  {
    name: 'ask',
    description: 'Ask support: get knowledge-base articles, or open a case',
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'question',
        description: 'What do you need help with?',
        required: true,
        max_length: 1000,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'product',
        description: 'Which product (optional)',
        required: false,
        max_length: 100,
      },
    ],
  },
  {
    name: 'case',
    description: "Your organisation's support cases",
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'status',
        description: 'Status of your open cases (or one case)',
        options: [caseReference(false)],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'list',
        description: "Your organisation's open cases",
      },
      // Its requester or support: the core checks who, and which levels the customer's tier allows.
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'severity',
        description: "Change a case's severity, saying why (its requester or support)",
        options: [
          caseReference(true),
          {
            type: ApplicationCommandOptionType.Integer,
            name: 'level',
            description: 'The new severity: 1 is the most severe',
            required: true,
            min_value: 1,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'reason',
            description: 'Why it changes (the business impact): both sides see it',
            required: true,
            max_length: 1000,
          },
        ],
      },
      // Support only (the core checks): the policy's SLA clocks pause until the customer replies.
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'pending',
        description: "Set a case to wait on the customer's reply (support)",
        options: [caseReference(true)],
      },
      // The customer's side or the case's owner (the core checks): a scheduled phone call.
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'callback',
        description: 'A phone call on a case: times offered, book, confirm, held, missed, cancel',
        options: [
          caseReference(true),
          {
            type: ApplicationCommandOptionType.String,
            name: 'what',
            description:
              'Empty: offer times; or book Tue 14:00 contact=+33612345678, windows …, confirm, held, now…',
            required: false,
            max_length: 200,
          },
        ],
      },
      // Anyone who may see the case (the core checks): the target's working windows and rule.
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'why',
        description: "Why a case's SLA target falls when it does",
        options: [caseReference(true)],
      },
      // The case's owner, once it is resolved (the core checks): a KB article drafted from it.
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'draft',
        description: 'Draft a knowledge base article from a resolved case you own (support)',
        options: [caseReference(true)],
      },
      // Engineers only (the core checks): their own availability and shift, read by routing at once.
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'away',
        description: 'No new case for you until you are back (support)',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'until',
            description: 'e.g. 14:00, tomorrow, Monday 09:00, 2026-12-07 09:00 (your time zone)',
            required: false,
            max_length: 60,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'back',
        description: 'Available again for new cases (support)',
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'shift',
        description: 'Your shift, e.g. 08:00-17:00 Europe/Paris (support)',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'hours',
            description: 'Start-end as HH:MM-HH:MM; the end may be before the start (overnight)',
            required: true,
            max_length: 20,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'time_zone',
            description: 'An IANA time zone such as Europe/Paris (default: yours)',
            required: false,
            max_length: 60,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'days',
            description: 'mon-fri, sat,sun or daily (default: your current days)',
            required: false,
            max_length: 40,
          },
        ],
      },
      // Staff only (the core checks): the questions learned for articles, or removing one.
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'learned',
        description: 'Questions learned for knowledge base articles; remove one (support)',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'article',
            description: 'Only this article (its id, e.g. troubleshooting/slow-dashboards)',
            required: false,
            max_length: 200,
          },
          {
            type: ApplicationCommandOptionType.Integer,
            name: 'remove',
            description: 'Remove the learned phrasing with this number',
            required: false,
            min_value: 1,
          },
        ],
      },
      // Staff only (the app checks): a signed link that expires, answered privately.
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'dashboard',
        description: 'A private link to the support dashboard (staff)',
      },
    ],
  },
  {
    name: 'queue',
    description: "Your team's open cases by time left (engineers)",
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
  },
  // Visible to everyone who can use apps; the core refuses non-moderators (a role from the setup
  // file may make someone a moderator without the Manage Messages permission).
  {
    name: FLAG_COMMAND_NAME,
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
