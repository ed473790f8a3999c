// Writes the setup into the database. Idempotent: every write is an upsert keyed by slug or
// handle, so syncing the same file twice leaves the database as it was. Entries removed from the
// file are kept (cases still point at them); edit them in the file instead.
import type { Directory } from '../core/ports/storage.js';
import type { Setup } from './setup-loader.js';

export interface SyncReport {
  teams: number;
  orgs: number;
  people: number;
}

export async function syncSetup(
  store: { directory: Directory },
  setup: Setup,
): Promise<SyncReport> {
  const { directory } = store;
  const teamIds = new Map<string, string>();
  const orgIds = new Map<string, string>();
  for (const team of setup.teams) teamIds.set(team.slug, (await directory.upsertTeam(team)).id);
  for (const org of setup.orgs) orgIds.set(org.slug, (await directory.upsertOrg(org)).id);
  for (const { org, team, ...person } of setup.people) {
    await directory.upsertPerson({
      ...person,
      orgId: org ? (orgIds.get(org) ?? null) : null,
      teamId: team ? (teamIds.get(team) ?? null) : null,
    });
  }
  return { teams: setup.teams.length, orgs: setup.orgs.length, people: setup.people.length };
}
