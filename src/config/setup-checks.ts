// The setup checks that span entries: duplicates, references between entries, one owner per
// product, valid time zones and calendars, tiers known to the policy, engineers with a team.
import type { Org } from '../core/model.js';
import { findTier, validateCalendar, validateTimeZone, type Policy } from '../core/sla/index.js';
import type { SetupIssue } from './setup-errors.js';
import type { SetupFile, SetupOrg, SetupPerson } from './setup-schema.js';

export function crossCheck(
  file: SetupFile,
  policy: Policy | null,
  issues: SetupIssue[],
  /** How messages name the policy (its name, and where it came from when not the file). */
  policyLabel = policy?.name ?? '',
): void {
  duplicates(
    file.teams.map((team) => team.slug),
    ['teams'],
    'slug',
    'team',
    issues,
  );
  duplicates(
    file.orgs.map((org) => org.slug),
    ['orgs'],
    'slug',
    'org',
    issues,
  );
  duplicates(
    file.people.map((person) => person.handle),
    ['people'],
    'handle',
    'person',
    issues,
  );
  const owners = new Map<string, string>();
  file.teams.forEach((team, index) =>
    team.products.forEach((product, productIndex) => {
      const key = product.trim().toLowerCase();
      const owner = owners.get(key);
      if (owner)
        issues.push({
          path: ['teams', index, 'products', productIndex],
          message: `product "${product}" is already owned by team "${owner}": each product routes to one team`,
        });
      else owners.set(key, team.slug);
    }),
  );
  file.orgs.forEach((org, index) => checkOrg(org, index, policy, policyLabel, issues));
  const teamSlugs = new Set(file.teams.map((team) => team.slug));
  const orgSlugs = new Set(file.orgs.map((org) => org.slug));
  file.people.forEach((person, index) => checkPerson(person, index, teamSlugs, orgSlugs, issues));
}

function duplicates(
  values: string[],
  path: (string | number)[],
  field: string,
  what: string,
  issues: SetupIssue[],
): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value))
      issues.push({
        path: [...path, index, field],
        message: `${what} "${value}" is declared twice: merge the two entries`,
      });
    seen.add(value);
  });
}

function checkOrg(
  org: SetupOrg,
  index: number,
  policy: Policy | null,
  policyLabel: string,
  issues: SetupIssue[],
): void {
  const at = (field: string) => ['orgs', index, field];
  if (policy && !findTier(policy, org.tier)) {
    issues.push({
      path: at('tier'),
      message: `unknown tier "${org.tier}" in policy ${policyLabel || policy.name}: use one of ${policy.tiers.map((tier) => tier.id).join(', ')}`,
    });
  }
  try {
    validateTimeZone(org.timeZone);
  } catch (error) {
    issues.push({ path: at('timeZone'), message: message(error) });
    return;
  }
  try {
    validateCalendar(toCalendar(org));
  } catch (error) {
    issues.push({ path: org.calendar ? at('calendar') : at('country'), message: message(error) });
  }
}

function checkPerson(
  person: SetupPerson,
  index: number,
  teams: Set<string>,
  orgs: Set<string>,
  issues: SetupIssue[],
): void {
  const at = (field: string) => ['people', index, field];
  if (person.team && !teams.has(person.team))
    issues.push({
      path: at('team'),
      message: `no team "${person.team}" is declared: use one of ${[...teams].join(', ') || '(none: add a team under teams:)'}`,
    });
  if (person.org && !orgs.has(person.org))
    issues.push({
      path: at('org'),
      message: `no org "${person.org}" is declared: use one of ${[...orgs].join(', ') || '(none: add an org under orgs:)'}`,
    });
  if (person.roles.includes('engineer') && !person.team)
    issues.push({
      path: at('roles'),
      message: `engineer "${person.handle}" has no team: add team: <team slug>`,
    });
  if (person.timeZone) {
    try {
      validateTimeZone(person.timeZone);
    } catch (error) {
      issues.push({ path: at('timeZone'), message: message(error) });
    }
  }
  if (person.shift && !person.timeZone)
    issues.push({
      path: at('shift'),
      message: `a shift needs the engineer's time zone: add timeZone, e.g. Europe/Paris`,
    });
  if (!person.slack && !person.discord && !person.shell)
    issues.push({
      path: at('handle'),
      message: `"${person.handle}" has no platform account: add slack: <user id> and/or discord: <user id>`,
    });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function toCalendar(org: SetupOrg): Org['calendar'] {
  return {
    timeZone: org.timeZone,
    hours: {
      days: org.calendar?.days ?? [1, 2, 3, 4, 5],
      start: org.calendar?.start ?? '09:00',
      end: org.calendar?.end ?? '18:00',
    },
    ...(org.country ? { country: org.country.toUpperCase() } : {}),
    ...(org.region ? { region: org.region.toUpperCase() } : {}),
    extraClosedDates: org.calendar?.closed ?? [],
  };
}
