// `/lang` through the Desk on a real SQLite store: the person's choice beats the platform's
// locale, which beats the org's language; `auto` goes back to the platform; an unknown code is
// refused with the available ones and changes nothing; the setup file's language is read.
import { describe, expect, it } from 'vitest';
import { resolveActor } from '../../src/core/conversation/identity.js';
import { deskFixtureForEachTest } from './desk-fixture.js';

const f = deskFixtureForEachTest();

describe('/lang', () => {
  it('shows English by default and where it comes from', async () => {
    const shown = await f.desk.language(f.actor(f.world.alice), '');
    expect(shown.language).toBe('en');
    expect(shown.text).toContain('Your language is English (the default)');
  });

  it('a platform locale is followed, remembered, and beaten by the person’s own choice', async () => {
    const actor = { ...f.actor(f.world.alice), locale: 'fr-FR' };
    const shown = await f.desk.language(actor, '');
    expect(shown.text).toContain('Votre langue : français (celle de votre plateforme)');
    // Remembered: a later event without a locale (an SLA notice's reader) still reads French.
    const later = await resolveActor(f.ctx, f.actor(f.world.alice));
    expect(later.person.locale).toBe('fr-FR');
    expect(later.language).toBe('fr');

    const set = await f.desk.language(actor, 'EN');
    expect(set.text).toBe('Language set to English.');
    expect((await resolveActor(f.ctx, actor)).language).toBe('en');

    const auto = await f.desk.language(actor, 'auto');
    expect(auto.text).toContain('casebot suit désormais la langue de votre plateforme (français');
    expect((await resolveActor(f.ctx, actor)).language).toBe('fr');
  });

  it('refuses a language without a catalogue and keeps the current one', async () => {
    const refused = await f.desk.language(f.actor(f.world.alice), 'klingon');
    expect(refused.tone).toBe('error');
    expect(refused.text).toBe('casebot has no catalogue for "klingon". Available: en, fr.');
    expect((await resolveActor(f.ctx, f.actor(f.world.alice))).language).toBe('en');
  });

  it('the org’s language is the last fallback before English', async () => {
    const { directory } = f.db.store;
    const org = (await directory.orgById(f.world.alice.orgId!))!;
    await directory.upsertOrg({ ...org, language: 'fr' });
    expect((await resolveActor(f.ctx, f.actor(f.world.alice))).language).toBe('fr');
    const withLocale = { ...f.actor(f.world.alice), locale: 'en-GB' };
    expect((await resolveActor(f.ctx, withLocale)).language).toBe('en');
  });
});
