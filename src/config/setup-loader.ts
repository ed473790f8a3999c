// Loads and validates the setup file (CASEBOT_CONFIG, default ./casebot.yml): YAML syntax, field
// shapes (zod), then the checks that span entries (references, duplicates, time zones, tiers of
// the policy). Every problem is reported at once, each with its line and the fix.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { OrgIdentity, Platform, PlatformIdentity, TeamChannel } from '../core/model.js';
import type { OrgInput, PersonInput, TeamInput } from '../core/ports/storage.js';
import { loadPolicy, type Policy } from '../core/sla/index.js';
import { crossCheck, toCalendar } from './setup-checks.js';
import { SetupError, lineOf, type SetupIssue } from './setup-errors.js';
import { setupFileSchema, type SetupFile, type SetupTeam } from './setup-schema.js';

export const DEFAULT_SETUP_FILE = 'casebot.yml';

/** A person as declared: org and team by slug (resolved to ids at sync). */
export type SetupPersonInput = Omit<PersonInput, 'orgId' | 'teamId'> & {
  org: string | null;
  team: string | null;
};

export interface Setup {
  source: string;
  /** Preset name or absolute policy path; null when the file names none (the default applies). */
  policy: string | null;
  channels: { support: TeamChannel[]; community: TeamChannel[] };
  teams: TeamInput[];
  orgs: OrgInput[];
  people: SetupPersonInput[];
}

export interface LoadSetupOptions {
  /** Policy used to check tiers when the file names none (default `elastic`). */
  defaultPolicy?: string;
  /**
   * SLA_POLICY: the policy the bot will use whatever the file names (it wins over `policy:`), so
   * the orgs' tiers are checked against it.
   */
  policyOverride?: string;
}

export function loadSetup(path: string, options: LoadSetupOptions = {}): Setup {
  if (!existsSync(path)) {
    throw new SetupError(path, [
      {
        path: [],
        message:
          'file not found: copy casebot.example.yml to casebot.yml, or point CASEBOT_CONFIG at your setup file',
      },
    ]);
  }
  return parseSetup(readFileSync(path, 'utf8'), path, options);
}

export function parseSetup(text: string, source: string, options: LoadSetupOptions = {}): Setup {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new SetupError(
      source,
      doc.errors.map((error) => ({
        path: [],
        line: error.linePos?.[0].line,
        message: `not valid YAML (${error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}): fix the indentation or quoting`,
      })),
    );
  }
  const withLines = (issues: SetupIssue[]) =>
    issues
      .map((issue) => ({ ...issue, line: issue.line ?? lineOf(doc, lines, issue.path) }))
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const raw: unknown = doc.toJS() ?? {};
  const parsed = setupFileSchema.safeParse(raw);
  if (!parsed.success)
    throw new SetupError(
      source,
      withLines(parsed.error.issues.map((issue) => zodIssue(issue, raw))),
    );
  const issues: SetupIssue[] = [];
  const policy = resolvePolicy(parsed.data, source, options, issues);
  const policyLabel = options.policyOverride
    ? `${policy?.name ?? options.policyOverride} (SLA_POLICY=${options.policyOverride}, which wins over policy: here)`
    : (policy?.name ?? '');
  crossCheck(parsed.data, policy, issues, policyLabel);
  if (issues.length > 0) throw new SetupError(source, withLines(issues));
  return toSetup(parsed.data, source);
}

interface ZodIssueLike {
  code: string;
  message: string;
  path: PropertyKey[];
  keys?: string[];
  input?: unknown;
}

/** The syntax of a field that takes a mapping, for when a list or a scalar was written. */
const SHAPES: Record<string, string> = {
  'orgs.slack': 'slack: { teams: [T0ACME], channels: [C0ACMESHARED] }',
  'orgs.discord': "discord: { guilds: ['<server id>'], roles: ['<role id>'] }",
  'teams.channels': "channels: { slack: C0TEAM, discord: '<channel id>' }",
  'teams.onCall': "onCall: { slack: S0ONCALL, discord: '<role id>' }",
  'orgs.calendar': "calendar: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }",
  'people.shift': "shift: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] }",
};

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

function zodIssue(issue: ZodIssueLike, raw: unknown): SetupIssue {
  const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
  const value = valueAt(raw, path);
  if (issue.code === 'invalid_type' && value !== undefined) {
    // Present but of the wrong kind: say so (zod does not say "missing" apart from "wrong type").
    const field = path.filter((key) => typeof key === 'string').join('.');
    const kinds: Record<string, string> = {
      object: 'a mapping',
      array: 'a list',
      string: 'text',
      number: 'a number',
      boolean: 'true or false',
    };
    const kindOf = (type: string | undefined) => (type ? (kinds[type] ?? type) : 'something else');
    const written =
      value === null ? 'empty' : kindOf(Array.isArray(value) ? 'array' : typeof value);
    const expected = kindOf(/expected (\w+)/.exec(issue.message)?.[1]);
    const shape = SHAPES[field];
    return {
      path,
      message: `"${String(path.at(-1))}" is ${written}, not ${expected}${shape ? `: write ${shape}` : ''}`,
    };
  }
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    const keyPath = issue.keys.length === 1 ? [...path, issue.keys[0]!] : path;
    return {
      path: keyPath,
      message: `unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}: check the spelling (see casebot.example.yml) or remove it`,
    };
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return {
      path,
      message: `"${String(path.at(-1))}" is missing: add it (${issue.message.replace(/^Invalid input: /, '').replace(/, received undefined$/, '')})`,
    };
  }
  return { path, message: issue.message.replace(/^Invalid input: /, '') };
}

function resolvePolicy(
  file: SetupFile,
  source: string,
  options: LoadSetupOptions,
  issues: SetupIssue[],
): Policy | null {
  const name =
    options.policyOverride ??
    policyReference(file.policy, source) ??
    options.defaultPolicy ??
    'elastic';
  try {
    return loadPolicy(name);
  } catch (error) {
    issues.push({
      path: options.policyOverride ? [] : ['policy'],
      message: error instanceof Error ? error.message : String(error),
    });
    return null;
  }
}

/** Preset names stay names; file paths are relative to the setup file. */
function policyReference(policy: string | undefined, source: string): string | null {
  if (!policy) return null;
  if (/^[a-z0-9-]+$/.test(policy)) return policy;
  return isAbsolute(policy) ? policy : resolve(dirname(source), policy);
}

function perPlatform<T>(
  value: Partial<Record<Platform, string>>,
  make: (platform: Platform, id: string) => T,
): T[] {
  return (Object.entries(value) as [Platform, string | undefined][]).flatMap(([platform, id]) =>
    id ? [make(platform, id)] : [],
  );
}

function toSetup(file: SetupFile, source: string): Setup {
  return {
    source,
    policy: policyReference(file.policy, source),
    channels: {
      support: file.channels.support.map((ref) => ({
        platform: ref.platform,
        channelId: ref.channel,
      })),
      community: file.channels.community.map((ref) => ({
        platform: ref.platform,
        channelId: ref.channel,
      })),
    },
    teams: file.teams.map((team: SetupTeam) => ({
      slug: team.slug,
      name: team.name,
      products: team.products,
      channels: perPlatform(team.channels, (platform, channelId) => ({ platform, channelId })),
      onCall: perPlatform(team.onCall, (platform, roleId) => ({ platform, roleId })),
      language: team.language ?? null,
    })),
    orgs: file.orgs.map((org) => ({
      slug: org.slug,
      name: org.name,
      tier: org.tier.trim().toLowerCase(),
      deployment: org.deployment,
      calendar: toCalendar(org),
      language: org.language ?? null,
      identities: [
        ...(org.slack?.teams ?? []).map((value): OrgIdentity => ({
          platform: 'slack',
          kind: 'team',
          value,
        })),
        ...(org.slack?.channels ?? []).map((value): OrgIdentity => ({
          platform: 'slack',
          kind: 'channel',
          value,
        })),
        ...(org.discord?.guilds ?? []).map((value): OrgIdentity => ({
          platform: 'discord',
          kind: 'guild',
          value,
        })),
        ...(org.discord?.roles ?? []).map((value): OrgIdentity => ({
          platform: 'discord',
          kind: 'role',
          value,
        })),
      ],
    })),
    people: file.people.map((person) => ({
      handle: person.handle,
      displayName: person.name,
      org: person.org ?? null,
      team: person.team ?? null,
      roles: person.roles,
      identities: perPlatform(
        { slack: person.slack, discord: person.discord, shell: person.shell },
        (platform, userId): PlatformIdentity => ({ platform, userId }),
      ),
      timeZone: person.timeZone ?? null,
      shift: person.shift ?? null,
      language: person.language ?? null,
      ...(person.capacity !== undefined ? { capacity: person.capacity } : {}),
      ...(person.availability !== undefined ? { availability: person.availability } : {}),
    })),
  };
}
