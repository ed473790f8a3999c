// Wires the shell adapter to the app: the directory lookups `/as` and `/reply` need, and `/clock`
// driving the SLA loop.
import { createShellChatPort, type ShellChatPort } from '../adapters/shell/shell-chat-port.js';
import type { ShellDeps } from '../adapters/shell/shell-session.js';
import {
  createShellAdapter,
  type ShellAdapter,
  type ShellAdapterOptions,
} from '../adapters/shell/shell-adapter.js';
import type { PersonaInfo } from '../adapters/shell/persona.js';
import type { CaseStore } from '../core/ports/storage.js';
import { languageOf } from '../core/conversation/identity.js';
import type { AppClock } from './app-clock.js';

export function createShellPort(write: (text: string) => void, clock: AppClock): ShellChatPort {
  return createShellChatPort({ write, clock });
}

export async function lookupShellPerson(
  store: CaseStore,
  handle: string,
): Promise<PersonaInfo | null> {
  const person =
    (await store.directory.personByIdentity({ platform: 'shell', userId: handle })) ??
    (await store.directory.personByHandle(handle));
  if (!person) return null;
  const org = person.orgId ? await store.directory.orgById(person.orgId) : null;
  return {
    handle,
    displayName: person.displayName,
    roles: person.roles,
    language: languageOf(person, org),
  };
}

/** The shell adapter on the app's store, clock and SLA loop; started with the Desk by the caller. */
export function createAppShellAdapter(options: {
  store: CaseStore;
  clock: AppClock;
  write: (text: string) => void;
  tick: () => Promise<void>;
  notePrefix: string;
  initial: PersonaInfo;
  /** Why `/clock` may not move time here (a real database), or null on the demo database. */
  clockRefusal: ((language: string) => string) | null;
  /** `/dashboard`: a signed link for a staff member (absent: no web pages). */
  dashboardLink?: ShellDeps['dashboardLink'];
  io: Pick<ShellAdapterOptions, 'input' | 'output' | 'interactive' | 'onReadline' | 'onBusy'>;
}): ShellAdapter {
  const { store, clock, clockRefusal } = options;
  return createShellAdapter({
    ...options.io,
    write: options.write,
    clock,
    initial: options.initial,
    session: {
      clock: {
        now: () => clock.now(),
        advance: (ms, language) => (clockRefusal ? clockRefusal(language) : clock.advance(ms)),
      },
      tick: options.tick,
      notePrefix: options.notePrefix,
      ...(options.dashboardLink ? { dashboardLink: options.dashboardLink } : {}),
      lookupPerson: (handle) => lookupShellPerson(store, handle),
      async casePlaces(reference) {
        const found = await store.cases.byReference(reference);
        return found
          ? {
              reference: found.reference,
              alertPlace: found.alertPlace,
              customerPlace: found.customerPlace,
            }
          : null;
      },
    },
  });
}
