// Who the shell user is playing, and what that persona was last doing (its last question, form
// draft and case), so commands can omit the case reference the way a thread omits it on a platform.
import type { Actor } from '../../core/conversation/desk.js';
import type { Place, Role } from '../../core/model.js';
import type { CaseFormInput } from '../../core/views.js';

export interface PersonaInfo {
  handle: string;
  displayName: string;
  roles: Role[];
  /** The language the shell speaks to them (the directory's choice; `/lang` changes it). */
  language?: string;
}

export interface Persona extends PersonaInfo {
  lastDeflectionId: string | null;
  lastQuestion: string | null;
  askPlace: Place | null;
  draft: CaseFormInput | null;
  currentCase: string | null;
}

export function newPersona(info: PersonaInfo): Persona {
  return {
    ...info,
    lastDeflectionId: null,
    lastQuestion: null,
    askPlace: null,
    draft: null,
    currentCase: null,
  };
}

export function actorOf(persona: Persona): Actor {
  return { platform: 'shell', userId: persona.handle, displayName: persona.displayName };
}

export function isStaff(persona: Persona): boolean {
  return persona.roles.includes('engineer') || persona.roles.includes('admin');
}
