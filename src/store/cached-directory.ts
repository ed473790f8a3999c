// A short-lived cache in front of the Directory's reads (issue 15, intake that keeps up): every
// question resolves its asker's org from the same few identities (workspace, channel), and each
// read is several SQL statements (the org, then its identities). Orgs and teams change only
// through the setup sync, people through a few writes; so:
// - orgs and teams are kept for `setupTtlMs` (default 30 s); an identity's org is answered from
//   one snapshot of every org and its identities, kept as long; people found by a platform
//   identity are kept for `personTtlMs` (default 5 s);
// - a setup write (upserts) empties everything, a person's write (setAvailability, setShift,
//   setLanguage, noteLocale) the people, and ensurePerson forgets that one person: this process
//   always reads its own writes;
// - a write by another process (a replica, `casebot setup`) is seen once the entry expires.
// Only the store's top-level repositories are cached: reads inside a transaction go to the
// database, and lists (listOrgs, listTeams, engineersOfTeam) are never cached.
import type { Directory } from '../core/ports/storage.js';
import type { Org, OrgIdentity, Person, PlatformIdentity, Team } from '../core/model.js';

export interface DirectoryCacheOptions {
  setupTtlMs?: number;
  personTtlMs?: number;
  /** Entries per kind before the oldest are dropped (default 10,000). */
  capacity?: number;
  /** Monotonic milliseconds (tests). */
  now?: () => number;
}

class Expiring<T> {
  private readonly entries = new Map<string, { value: Promise<T>; until: number }>();
  /** Bumped by clear(): a read that started before a write is not kept after it. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly capacity: number,
    private readonly now: () => number,
    /** The caller copies what it hands out (an index it only reads from): no copy per get. */
    private readonly options: { shareResult?: boolean } = {},
  ) {}

  /**
   * The cached read, or `load()` (shared by concurrent callers; a failure is not kept). Callers
   * get their own copy: a cached object is never shared with code that might change it.
   */
  async get(key: string, load: () => Promise<T>): Promise<T> {
    const value = await this.shared(key, load);
    return this.options.shareResult ? value : copyOf(value);
  }

  private shared(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const started = this.generation;
    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { value, until: now + this.ttlMs });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    const forget = () => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    };
    value.then(() => {
      if (this.generation !== started) forget();
    }, forget);
    return value;
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  forget(key: string): void {
    this.generation += 1;
    this.entries.delete(key);
  }
}

/**
 * A deep copy of what the directory returns (plain objects, arrays, dates, primitives): several
 * times cheaper than structuredClone, which serialises and reads back (two copies of an org on
 * every question).
 */
function copyOf<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(copyOf) as T;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) copy[key] = copyOf(field);
  return copy as T;
}

const identityKey = (i: OrgIdentity) => `${i.platform}\u0000${i.kind}\u0000${i.value}`;

const personKey = (identity: PlatformIdentity) => `${identity.platform}\u0000${identity.userId}`;

/** Each identity to the org that declares it; the first org listed keeps a shared identity. */
function indexByIdentity(orgList: Org[]): Map<string, Org> {
  const index = new Map<string, Org>();
  for (const org of orgList)
    for (const identity of org.identities) {
      const key = identityKey(identity);
      if (!index.has(key)) index.set(key, org);
    }
  return index;
}

export function cachedDirectory(inner: Directory, options: DirectoryCacheOptions = {}): Directory {
  const now = options.now ?? (() => performance.now());
  const capacity = options.capacity ?? 10_000;
  const setupTtl = options.setupTtlMs ?? 30_000;
  const orgs = new Expiring<Org | null>(setupTtl, capacity, now);
  const teams = new Expiring<Team | null>(setupTtl, capacity, now);
  const people = new Expiring<Person | null>(options.personTtlMs ?? 5_000, capacity, now);
  /** Empties `caches` before the write and again once it is done (reads meanwhile see it). */
  async function writing<T>(caches: Expiring<unknown>[], write: () => Promise<T>): Promise<T> {
    const clear = () => caches.forEach((cache) => cache.clear());
    clear();
    try {
      return await write();
    } finally {
      clear();
    }
  }
  const identityIndex = new Expiring<Map<string, Org>>(setupTtl, 1, now, { shareResult: true });
  const everything = () => [orgs, identityIndex, teams, people] as Expiring<unknown>[];

  return {
    ...inner,
    orgById: (id) => orgs.get(`id:${id}`, () => inner.orgById(id)),
    orgBySlug: (slug) => orgs.get(`slug:${slug}`, () => inner.orgBySlug(slug)),
    // Answered from one snapshot of every org and its identities (setup data, a few rows per
    // org): a question from a user never seen before asks about their own identity first, and
    // with one read per identity every new asker cost a query that found nothing.
    orgForIdentities: async (identities) => {
      const index = await identityIndex.get('all', async () =>
        indexByIdentity(await inner.listOrgs()),
      );
      for (const identity of identities) {
        const org = index.get(identityKey(identity));
        if (org) return copyOf(org);
      }
      return null;
    },
    personByIdentity: (identity) =>
      people.get(personKey(identity), () => inner.personByIdentity(identity)),
    teamById: (id) => teams.get(`id:${id}`, () => inner.teamById(id)),
    teamBySlug: (slug) => teams.get(`slug:${slug}`, () => inner.teamBySlug(slug)),
    teamForProduct: (product) =>
      teams.get(`product:${product.trim().toLowerCase()}`, () => inner.teamForProduct(product)),
    teamForChannel: (platform, channelId) =>
      teams.get(`channel:${platform}\u0000${channelId}`, () =>
        inner.teamForChannel(platform, channelId),
      ),
    // A new customer (or one given an org) changes people only: the orgs stay cached.
    ensurePerson: async (input) => {
      const key = personKey(input.identity);
      people.forget(key);
      try {
        return await inner.ensurePerson(input);
      } finally {
        people.forget(key);
      }
    },
    setAvailability: (personId, availability, awayUntil) =>
      writing([people], () => inner.setAvailability(personId, availability, awayUntil)),
    setShift: (personId, shift, timeZone) =>
      writing([people], () => inner.setShift(personId, shift, timeZone)),
    setLanguage: (personId, language) =>
      writing([people], () => inner.setLanguage(personId, language)),
    noteLocale: (personId, locale) => writing([people], () => inner.noteLocale(personId, locale)),
    upsertOrg: (input) => writing(everything(), () => inner.upsertOrg(input)),
    upsertTeam: (input) => writing(everything(), () => inner.upsertTeam(input)),
    upsertPerson: (input) => writing(everything(), () => inner.upsertPerson(input)),
  };
}
