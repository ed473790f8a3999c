// `/lang [code|auto]`: anyone picks the language casebot speaks to them. The choice is stored on
// the person (the setup file may also set it; a later change in the file wins, as for `/away`).
import { supportedLanguage, supportedLanguages, t } from '../i18n/index.js';
import type { NoticeView } from '../views.js';
import type { Actor } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { languageOf, resolveActor } from './identity.js';

const notice = (language: string, text: string): NoticeView => ({
  kind: 'notice',
  tone: 'success',
  text,
  language,
});

const nameOf = (shownIn: string, code: string) => t(shownIn, 'language.name', { code });

export async function chooseOwnLanguage(
  ctx: DeskContext,
  actor: Actor,
  request: string,
): Promise<NoticeView> {
  const { person, org, language } = await resolveActor(ctx, actor);
  const requested = request.trim().toLowerCase();
  const available = supportedLanguages().join(', ');
  if (requested === '') {
    const source = person.language
      ? 'setting'
      : (actor.locale ?? person.locale) && supportedLanguage(actor.locale ?? person.locale)
        ? 'platform'
        : org?.language
          ? 'org'
          : 'default';
    return notice(
      language,
      t(language, 'language.current', {
        language: nameOf(language, language),
        source: t(language, 'language.source', { source }),
        available,
      }),
    );
  }
  if (requested === 'auto') {
    await ctx.store.directory.setLanguage(person.id, null);
    const followed = languageOf({ ...person, language: null }, org, actor.locale);
    return notice(followed, t(followed, 'language.auto', { language: nameOf(followed, followed) }));
  }
  const chosen = supportedLanguage(requested);
  if (!chosen)
    return {
      kind: 'notice',
      tone: 'error',
      language,
      text: t(language, 'language.unknown', { requested: request.trim(), available }),
    };
  await ctx.store.directory.setLanguage(person.id, chosen);
  return notice(chosen, t(chosen, 'language.set', { language: nameOf(chosen, chosen) }));
}
