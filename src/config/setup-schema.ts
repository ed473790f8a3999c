// The setup file's shape (zod). Field names are what people type in casebot.yml; setup-loader.ts
// turns the parsed file into repository inputs and adds the checks that span entries.
import { z } from 'zod';
import { supportedLanguage, supportedLanguages } from '../core/i18n/index.js';

const clock = z
  .string()
  .regex(/^\d{2}:\d{2}$/, { message: 'write the time as "HH:MM", e.g. "09:00"' });
const weekdays = z
  .array(
    z
      .number()
      .int()
      .min(1, 'weekdays are 1 (Monday) to 7 (Sunday)')
      .max(7, 'weekdays are 1 (Monday) to 7 (Sunday)'),
  )
  .min(1, 'list at least one weekday, e.g. [1, 2, 3, 4, 5]');
// YAML reads an unquoted number past 2^53 inexactly: a Discord id (18–20 digits) written bare
// would silently name another channel or role.
const id = z
  .union([
    z.string().min(1),
    z.number().refine(Number.isSafeInteger, {
      message: 'quote long ids, e.g. "1100000000000000011": YAML reads numbers this long inexactly',
    }),
  ])
  .transform(String);
const ids = z.array(id).default([]);
/** A language casebot has a catalogue for (locales/<code>.yml); "fr-FR" is read as "fr". */
const language = z
  .string()
  .refine((value) => supportedLanguage(value) !== null, {
    error: (issue) =>
      `casebot has no catalogue for language "${String(issue.input)}" (locales/<code>.yml); available: ${supportedLanguages().join(', ')}`,
  })
  .transform((value) => supportedLanguage(value) ?? value);
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, {
  message: 'use lower-case letters, digits and dashes, e.g. "acme-corp"',
});
const platform = z.enum(['slack', 'discord', 'shell'], {
  message: 'platform must be slack, discord or shell',
});

/** `{ slack: C0123, discord: "1234" }`: one id per platform. */
const perPlatform = z.strictObject({
  slack: id.optional(),
  discord: id.optional(),
  shell: id.optional(),
});

const calendar = z.strictObject({
  days: weekdays.optional(),
  start: clock.optional(),
  end: clock.optional(),
  /** Extra closed dates "YYYY-MM-DD". */
  closed: z
    .array(
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'write dates as YYYY-MM-DD, e.g. "2026-12-24"' }),
    )
    .default([]),
});

export const teamSchema = z.strictObject({
  slug,
  name: z.string().min(1),
  products: z
    .array(z.string().min(1))
    .min(1, 'list the products this team owns (the routing key), e.g. [Elasticsearch]'),
  channels: perPlatform.default({}),
  onCall: perPlatform.default({}),
  language: language.optional(),
});

export const orgSchema = z.strictObject({
  slug,
  name: z.string().min(1),
  tier: z.string().min(1),
  deployment: z
    .enum(['cloud', 'self-managed'], { message: 'deployment must be cloud or self-managed' })
    .default('cloud'),
  timeZone: z.string().min(1),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, { message: 'country is a two-letter ISO code, e.g. FR' })
    .optional(),
  region: z.string().min(1).optional(),
  calendar: calendar.optional(),
  slack: z.strictObject({ teams: ids, channels: ids }).optional(),
  discord: z.strictObject({ guilds: ids, roles: ids }).optional(),
  language: language.optional(),
});

export const personSchema = z.strictObject({
  handle: z.string().min(1),
  name: z.string().min(1),
  roles: z
    .array(
      z.enum(['customer', 'engineer', 'moderator', 'admin'], {
        message: 'roles are customer, engineer, moderator or admin',
      }),
    )
    .min(1)
    .default(['customer']),
  org: z.string().optional(),
  team: z.string().optional(),
  timeZone: z.string().optional(),
  shift: z
    .strictObject({ start: clock, end: clock, days: weekdays.default([1, 2, 3, 4, 5]) })
    .optional(),
  capacity: z.number().int().min(0, 'capacity is a number of open cases, 0 or more').optional(),
  availability: z
    .enum(['available', 'away', 'training'], {
      message: 'availability is available, away or training',
    })
    .optional(),
  language: language.optional(),
  slack: id.optional(),
  discord: id.optional(),
  shell: id.optional(),
});

const channelRef = z.strictObject({ platform, channel: id });

export const setupFileSchema = z.strictObject({
  /** A preset name (elastic, premier) or a policy file path, relative to the setup file. */
  policy: z.string().min(1).optional(),
  channels: z
    .strictObject({
      support: z.array(channelRef).default([]),
      community: z.array(channelRef).default([]),
    })
    .default({ support: [], community: [] }),
  teams: z.array(teamSchema).default([]),
  orgs: z.array(orgSchema).default([]),
  people: z.array(personSchema).default([]),
});

export type SetupFile = z.infer<typeof setupFileSchema>;
export type SetupTeam = z.infer<typeof teamSchema>;
export type SetupOrg = z.infer<typeof orgSchema>;
export type SetupPerson = z.infer<typeof personSchema>;
