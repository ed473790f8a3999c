// The Directory port: orgs, people and teams (written by the setup sync, read by everything
// else). Part of the storage ports of storage.ts, which re-exports it.
import type {
  Availability,
  Org,
  OrgIdentity,
  Person,
  Platform,
  PlatformIdentity,
  Shift,
  Team,
} from '../model.js';

/** What the setup sync writes; ids and run-time state are the store's. */
export type OrgInput = Omit<Org, 'id'>;

export type TeamInput = Omit<Team, 'id'>;

export type PersonInput = Omit<
  Person,
  'id' | 'capacity' | 'availability' | 'awayUntil' | 'locale'
> & {
  /** Defaults to 15 open cases (DOMAIN.md §4). */
  capacity?: number;
  /** Absent: the file says nothing, i.e. the default (available). */
  availability?: Availability;
};

export interface Directory {
  orgById(id: string): Promise<Org | null>;
  orgBySlug(slug: string): Promise<Org | null>;
  /** The org that any of these identities maps to (Slack team/channel, Discord guild/role), first match wins. */
  orgForIdentities(identities: OrgIdentity[]): Promise<Org | null>;
  listOrgs(): Promise<Org[]>;

  personById(id: string): Promise<Person | null>;
  personByHandle(handle: string): Promise<Person | null>;
  personByIdentity(identity: PlatformIdentity): Promise<Person | null>;
  /**
   * Finds the person behind a platform account or creates a customer for it (people who talk to
   * the bot need not be declared in the setup file). An existing person's org is set only when it
   * had none.
   */
  ensurePerson(input: {
    identity: PlatformIdentity;
    displayName: string;
    orgId: string | null;
  }): Promise<Person>;
  /**
   * A change from chat (`/away [until …]`, `/back`): kept until the setup file changes the
   * person's `availability`. `awayUntil`: when they count as available again (null: no end).
   */
  setAvailability(
    personId: string,
    availability: Availability,
    awayUntil?: Date | null,
  ): Promise<void>;
  /** A shift set from chat (`/shift`): kept until the setup file changes the shift or time zone. */
  setShift(personId: string, shift: Shift, timeZone: string): Promise<void>;
  /** A language chosen in chat (`/lang`; null: follow the platform): kept until the setup file changes it. */
  setLanguage(personId: string, language: string | null): Promise<void>;
  /** Remembers the locale the platform reported, so messages not answering them use it too. */
  noteLocale(personId: string, locale: string): Promise<void>;

  teamById(id: string): Promise<Team | null>;
  teamBySlug(slug: string): Promise<Team | null>;
  /** The team owning a product (routing key, case-insensitive). */
  teamForProduct(product: string): Promise<Team | null>;
  /** The team whose channel this is on that platform. */
  teamForChannel(platform: Platform, channelId: string): Promise<Team | null>;
  listTeams(): Promise<Team[]>;
  /** Every product some team owns, sorted. */
  listProducts(): Promise<string[]>;
  /** People with the engineer role in a team. */
  engineersOfTeam(teamId: string): Promise<Person[]>;

  // Writes used by the setup sync; each is an idempotent upsert keyed by slug or handle. A
  // person's availability, shift and time zone are written only when the file's value changed
  // since the last sync (or on the first one), so a change made in chat outlives unchanged syncs
  // and a field removed from the file returns to its default.
  upsertOrg(input: OrgInput): Promise<Org>;
  upsertTeam(input: TeamInput): Promise<Team>;
  upsertPerson(input: PersonInput): Promise<Person>;
}
