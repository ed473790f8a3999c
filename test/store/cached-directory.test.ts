// The directory read cache (issue 15): reads within the TTL are answered from memory, writes
// through it empty what they could change, expired entries are read again, and callers never
// share an object.
import { describe, expect, it } from 'vitest';
import type { Directory } from '../../src/core/ports/storage.js';
import type { Org, Person } from '../../src/core/model.js';
import { cachedDirectory } from '../../src/store/cached-directory.js';

const org = {
  id: 'o1',
  slug: 'acme',
  name: 'Acme',
  identities: [{ platform: 'slack', kind: 'team', value: 'T1' }],
} as unknown as Org;
const person = {
  id: 'p1',
  handle: 'slack:U1',
  orgId: 'o1',
  roles: ['customer'],
} as unknown as Person;

function fakeDirectory() {
  const calls: string[] = [];
  const inner = {
    orgById: async (id: string) => (calls.push(`orgById:${id}`), { ...org }),
    orgForIdentities: async (ids: { kind: string }[]) => (
      calls.push('orgForIdentities'),
      ids[0]?.kind === 'user' ? null : { ...org }
    ),
    personByIdentity: async () => (calls.push('personByIdentity'), { ...person }),
    ensurePerson: async () => (calls.push('ensurePerson'), { ...person }),
    upsertOrg: async () => (calls.push('upsertOrg'), { ...org }),
    listOrgs: async () => (calls.push('listOrgs'), [{ ...org }]),
  } as unknown as Directory;
  return { inner, calls };
}

describe('cachedDirectory', () => {
  it('answers repeated reads from memory until they expire', async () => {
    const { inner, calls } = fakeDirectory();
    let now = 0;
    const directory = cachedDirectory(inner, { setupTtlMs: 1_000, now: () => now });
    await directory.orgById('o1');
    await directory.orgById('o1');
    expect(calls).toEqual(['orgById:o1']);
    now = 1_001;
    await directory.orgById('o1');
    expect(calls.at(-1)).toBe('orgById:o1');
  });

  it('maps identities to orgs from one snapshot of the orgs: a new user costs no read', async () => {
    const { inner, calls } = fakeDirectory();
    let now = 0;
    const directory = cachedDirectory(inner, { setupTtlMs: 1_000, now: () => now });
    const team = { platform: 'slack', kind: 'team', value: 'T1' } as const;
    const users = ['U2', 'U3', 'U4'].map(
      (value) => ({ platform: 'slack', kind: 'user', value }) as const,
    );
    for (const user of users)
      expect((await directory.orgForIdentities([user, team]))?.id).toBe('o1');
    expect(
      await directory.orgForIdentities([{ platform: 'slack', kind: 'team', value: 'T9' }]),
    ).toBeNull();
    expect(calls).toEqual(['listOrgs']);
    // Callers cannot change the snapshot through what they were given.
    const given = await directory.orgForIdentities([team]);
    (given as { name: string }).name = 'changed';
    expect((await directory.orgForIdentities([team]))?.name).toBe('Acme');
    // Expired, or emptied by a setup write: read again.
    now = 1_001;
    await directory.orgForIdentities([team]);
    await directory.upsertOrg({} as never);
    await directory.orgForIdentities([team]);
    expect(calls).toEqual(['listOrgs', 'listOrgs', 'upsertOrg', 'listOrgs']);
    // Lists asked for directly are never cached.
    await directory.listOrgs();
    await directory.listOrgs();
    expect(calls.filter((c) => c === 'listOrgs')).toHaveLength(5);
  });

  it('empties the cache on a setup write, and forgets a person written by ensurePerson', async () => {
    const { inner, calls } = fakeDirectory();
    const directory = cachedDirectory(inner);
    const identity = { platform: 'slack', userId: 'U1' } as const;
    await directory.orgById('o1');
    await directory.personByIdentity(identity);
    await directory.ensurePerson({ identity, displayName: 'U1', orgId: 'o1' });
    await directory.orgById('o1');
    await directory.personByIdentity(identity);
    expect(calls).toEqual(['orgById:o1', 'personByIdentity', 'ensurePerson', 'personByIdentity']);
    await directory.upsertOrg({} as never);
    await directory.orgById('o1');
    expect(calls.at(-1)).toBe('orgById:o1');
  });

  it('gives every caller its own copy', async () => {
    const { inner } = fakeDirectory();
    const directory = cachedDirectory(inner);
    const first = await directory.orgById('o1');
    (first as { name: string }).name = 'changed';
    expect((await directory.orgById('o1'))?.name).toBe('Acme');
  });
});
