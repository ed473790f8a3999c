// The demo world `npm start` seeds into an empty database, so the shell is playable at once: two
// customer orgs (the second proves isolation), one team owning the KB's products, two engineers,
// a moderator and two customers. Also used by tests as a factory.
import type { Directory } from '../core/ports/storage.js';
import type { Org, Person, Team } from '../core/model.js';

export interface DemoWorld {
  acme: Org;
  globex: Org;
  team: Team;
  sam: Person;
  kim: Person;
  mo: Person;
  alice: Person;
  bob: Person;
}

/** The demo's customer orgs and their tiers (of the shipped default policy). */
export const DEMO_ORGS = [
  { slug: 'acme', tier: 'gold' },
  { slug: 'globex', tier: 'enterprise' },
] as const;

const WEEKDAYS = [1, 2, 3, 4, 5];
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

function shellId(handle: string) {
  return [{ platform: 'shell' as const, userId: handle }];
}

const DEMO_TEAM = 'platform';

/**
 * A demo database holds the demo world and nothing else (a setup file synced into it adds its own
 * orgs and teams): only there do the demo guide, its personas and a movable clock make sense.
 */
export async function isDemoDirectory(directory: Directory): Promise<boolean> {
  const [orgs, teams] = await Promise.all([directory.listOrgs(), directory.listTeams()]);
  const demoSlugs = new Set<string>(DEMO_ORGS.map((org) => org.slug));
  return (
    orgs.length === DEMO_ORGS.length &&
    orgs.every((org) => demoSlugs.has(org.slug)) &&
    teams.length === 1 &&
    teams[0]?.slug === DEMO_TEAM
  );
}

export async function isDirectoryEmpty(directory: Directory): Promise<boolean> {
  const [orgs, teams] = await Promise.all([directory.listOrgs(), directory.listTeams()]);
  return orgs.length === 0 && teams.length === 0;
}

export async function seedDemo(
  directory: Directory,
  products: string[] = ['beacon', 'beacon-agent'],
): Promise<DemoWorld> {
  const acme = await directory.upsertOrg({
    slug: DEMO_ORGS[0].slug,
    name: 'Acme Corp',
    tier: DEMO_ORGS[0].tier,
    deployment: 'cloud',
    calendar: {
      timeZone: 'Europe/Paris',
      country: 'FR',
      hours: { days: WEEKDAYS, start: '09:00', end: '18:00' },
    },
    identities: [],
  });
  const globex = await directory.upsertOrg({
    slug: DEMO_ORGS[1].slug,
    name: 'Globex Inc',
    tier: DEMO_ORGS[1].tier,
    deployment: 'self-managed',
    calendar: {
      timeZone: 'America/New_York',
      country: 'US',
      hours: { days: WEEKDAYS, start: '09:00', end: '18:00' },
    },
    identities: [],
  });
  const team = await directory.upsertTeam({
    slug: DEMO_TEAM,
    name: 'Platform team',
    products,
    channels: [{ platform: 'shell', channelId: 'team-platform' }],
    onCall: [{ platform: 'shell', roleId: 'platform-oncall' }],
  });
  // Shifts cover the whole day so the demo suggests someone at any hour (follow the sun, compressed).
  const shift = { start: '00:00', end: '23:59', days: EVERY_DAY };
  const engineer = (handle: string, displayName: string, timeZone: string) =>
    directory.upsertPerson({
      handle,
      displayName,
      orgId: null,
      roles: ['engineer'],
      identities: shellId(handle),
      teamId: team.id,
      timeZone,
      shift,
      capacity: 15,
    });
  const sam = await engineer('sam', 'Sam Rivera', 'Europe/Paris');
  const kim = await engineer('kim', 'Kim Tanaka', 'Asia/Tokyo');
  const mo = await directory.upsertPerson({
    handle: 'mo',
    displayName: 'Mo (moderator)',
    orgId: null,
    roles: ['moderator'],
    identities: shellId('mo'),
    teamId: null,
    timeZone: null,
    shift: null,
  });
  const customer = (handle: string, displayName: string, org: Org) =>
    directory.upsertPerson({
      handle,
      displayName,
      orgId: org.id,
      roles: ['customer'],
      identities: shellId(handle),
      teamId: null,
      timeZone: org.calendar.timeZone,
      shift: null,
    });
  const alice = await customer('alice@acme', 'Alice Martin', acme);
  const bob = await customer('bob@globex', 'Bob Stone', globex);
  return { acme, globex, team, sam, kim, mo, alice, bob };
}
