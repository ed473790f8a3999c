// Maps a platform actor to a Person (creating a customer on first contact) and its org. An org is
// found from the actor's workspace, channel, guild or roles (setup file identities) when the
// person has none.
import type { Actor } from './desk.js';
import type { Org, OrgIdentity, Person, Team } from '../model.js';
import { chooseLanguage, languageFor } from '../i18n/index.js';
import { DeskError } from '../errors.js';
import type { DeskContext } from './desk-context.js';

export interface ResolvedActor {
  person: Person;
  org: Org | null;
  /** The language this person reads (their setting, their platform's locale, their org's, English). */
  language: string;
}

/**
 * Most specific first (the directory returns the first match): the user, then their own workspace,
 * then the channel they acted in. A Slack Connect customer whose workspace is not mapped (or a
 * guest of the vendor's workspace) is recognised by the org's shared channel; a user whose own
 * workspace belongs to another org stays with that org wherever they post.
 */
function orgIdentitiesOf(actor: Actor): OrgIdentity[] {
  const ids: OrgIdentity[] = [{ platform: actor.platform, kind: 'user', value: actor.userId }];
  if (actor.workspaceId)
    ids.push({ platform: actor.platform, kind: 'team', value: actor.workspaceId });
  if (actor.channelId)
    ids.push({ platform: actor.platform, kind: 'channel', value: actor.channelId });
  if (actor.guildId) ids.push({ platform: actor.platform, kind: 'guild', value: actor.guildId });
  for (const roleId of actor.roleIds ?? [])
    ids.push({ platform: actor.platform, kind: 'role', value: roleId });
  return ids;
}

export async function resolveActor(ctx: DeskContext, actor: Actor): Promise<ResolvedActor> {
  const { directory } = ctx.store;
  const identity = { platform: actor.platform, userId: actor.userId };
  // In the shell a person's handle is their identity, so people declared in the setup file for
  // Slack or Discord can be played in the terminal too.
  let person =
    (await directory.personByIdentity(identity)) ??
    (actor.platform === 'shell' ? await directory.personByHandle(actor.userId) : null);
  if (!person || person.orgId === null) {
    const isStaff = person ? person.roles.some((role) => role !== 'customer') : false;
    const org = isStaff ? null : await directory.orgForIdentities(orgIdentitiesOf(actor));
    if (!person || org)
      person = await directory.ensurePerson({
        identity,
        displayName: actor.displayName,
        orgId: org?.id ?? null,
      });
  }
  const org = person.orgId ? await directory.orgById(person.orgId) : null;
  // The platform's locale is remembered, so messages that answer no event of theirs (an SLA
  // notice, a resolution) are written in it too. Written only when it changed.
  if (actor.locale && actor.locale !== person.locale) {
    await directory.noteLocale(person.id, actor.locale);
    person = { ...person, locale: actor.locale };
  }
  return { person, org, language: languageOf(person, org, actor.locale) };
}

/**
 * The actor's language without creating or changing anything (unlike resolveActor): for a
 * refusal raised before, or instead of, the flow's own lookup. An actor casebot has never met
 * reads their platform's locale, else English.
 */
export async function actorLanguage(ctx: DeskContext, actor: Actor): Promise<string> {
  const { directory } = ctx.store;
  const identity = { platform: actor.platform, userId: actor.userId };
  const person =
    (await directory.personByIdentity(identity)) ??
    (actor.platform === 'shell' ? await directory.personByHandle(actor.userId) : null);
  if (!person) return chooseLanguage(actor.locale);
  const org = person.orgId ? await directory.orgById(person.orgId) : null;
  return languageOf(person, org, actor.locale);
}

/** The language a person reads: their own choice, their platform's locale, their org's, English. */
export function languageOf(person: Person, org: Org | null, locale?: string | null): string {
  return languageFor({
    personLanguage: person.language,
    platformLocale: locale ?? person.locale,
    orgLanguage: org?.language,
  });
}

/** The language of a team's channel: its setting, else English. */
export function teamLanguage(team: Team | null): string {
  return chooseLanguage(team?.language);
}

export function isEngineer(person: Person): boolean {
  return person.roles.includes('engineer') || person.roles.includes('admin');
}

export function isModerator(person: Person, actor: Actor): boolean {
  return (
    person.roles.includes('moderator') ||
    person.roles.includes('admin') ||
    actor.platformModerator === true
  );
}

export function requireEngineer(person: Person): void {
  if (!isEngineer(person))
    throw new DeskError('NOT_AN_ENGINEER', { key: 'conversation.identity.notAnEngineer' });
}

/** The person's user id on a platform (for mentions and DMs), or null when they have none there. */
export function platformUserId(person: Person, platform: Actor['platform']): string | null {
  return person.identities.find((identity) => identity.platform === platform)?.userId ?? null;
}
