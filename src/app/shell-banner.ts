// What the shell prints at start and whom the user plays first: on the demo database, the demo
// guide and alice@acme; with the operator's own setup, its people (the demo's do not exist there).
import type { PersonaInfo } from '../adapters/shell/persona.js';
import type { Setup, SetupPersonInput } from '../config/setup-loader.js';
import type { AppParts } from './create-app.js';
import { DEFAULT_LANGUAGE, t } from '../core/i18n/index.js';
import { kbProblemSummary } from './kb-notices.js';
import { lookupShellPerson } from './shell-wiring.js';

/** Why `/clock` is refused on the operator's own database, in the reader's language. */
export const clockRefusal = (language: string) => t(language, 'shell.session.clockRefused');

const DEMO_PERSONA = 'alice@acme';
const ROLE_ORDER = ['customer', 'engineer', 'moderator', 'admin'] as const;
const GUIDE_PEOPLE = 10;

/** The handle that plays a person in the shell: their `shell:` identity, else their handle. */
function shellHandle(person: SetupPersonInput): string {
  return (
    person.identities.find((identity) => identity.platform === 'shell')?.userId ?? person.handle
  );
}

function mainRole(person: SetupPersonInput): (typeof ROLE_ORDER)[number] {
  return ROLE_ORDER.find((role) => person.roles.includes(role)) ?? 'customer';
}

/** Demo: alice@acme. Own setup: its first customer (else its first person). Else a guest. */
export async function initialPersona(parts: AppParts): Promise<PersonaInfo> {
  const people = [...(parts.setup?.people ?? [])];
  const rank = (person: SetupPersonInput) => ROLE_ORDER.indexOf(mainRole(person));
  const first = people.sort((a, b) => rank(a) - rank(b))[0];
  const handle = parts.demo ? DEMO_PERSONA : first ? shellHandle(first) : 'guest';
  return (
    (await lookupShellPerson(parts.store, handle)) ?? {
      handle,
      displayName: handle,
      roles: ['customer'],
    }
  );
}

function peopleGuide(setup: Setup | null, language: string): string {
  const say = (key: string, values?: Record<string, string>) =>
    t(language, `shell.banner.${key}`, values);
  const people = setup?.people ?? [];
  if (people.length === 0) return say('noDemo');
  const lines = people.slice(0, GUIDE_PEOPLE).map((person) => {
    const command = `/as ${mainRole(person)} ${shellHandle(person)}`;
    const where = person.org ?? person.team;
    return `  ${command.padEnd(28)} ${person.displayName}${where ? ` (${where})` : ''}`;
  });
  if (people.length > GUIDE_PEOPLE)
    lines.push(say('more', { count: String(people.length - GUIDE_PEOPLE) }));
  return [say('people', { source: String(setup?.source) }), ...lines, say('help')].join('\n');
}

/** The start-up text, in the language of the person played first. */
export function shellBanner(
  parts: AppParts,
  handle: string,
  language: string = DEFAULT_LANGUAGE,
): string {
  const say = (key: string, values?: Record<string, string | number>) =>
    t(language, `shell.banner.${key}`, values);
  const kb = parts.kb.stats();
  const problems = parts.kb.problems();
  const clock = parts.clock.now().toISOString().slice(0, 16).replace('T', ' ');
  return [
    say('title', {
      articles: String(kb.articles),
      dir: parts.config.kbDir,
      provider: parts.store.provider,
      seeded: parts.seeded ? 'yes' : 'no',
      clock,
    }),
    ...(problems.length > 0
      ? [
          say('kbProblems', { count: problems.length }),
          ...kbProblemSummary(parts.config.kbDir, problems).map((line) => `    ${line}`),
        ]
      : []),
    parts.demo ? t(language, 'shell.demoGuide') : peopleGuide(parts.setup, language),
    say('you', { handle }),
  ].join('\n');
}
