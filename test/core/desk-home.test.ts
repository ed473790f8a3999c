// The App Home (core/conversation/home.ts) shows each case's upcoming call, as /queue and /status
// do, said in the reader's language and time zone; the Slack home tab prints it under the case.
// Sam (Europe/Paris) reads English, then French; Kim English.
import { describe, expect, it } from 'vitest';
import { renderHomeView } from '../../src/adapters/slack/render-home.js';
import type { HomeView } from '../../src/core/views.js';
import { englishIn } from '../helpers/english-leaks.js';
import { modalText } from '../slack/modal-text.js';
import { deskFixtureForEachTest, openThroughDesk } from './desk-fixture.js';

const f = deskFixtureForEachTest();

async function homeOf(person: typeof f.world.sam): Promise<HomeView> {
  const view = await f.desk.home(f.actor(person));
  if (view.kind !== 'home') throw new Error(`no home: ${JSON.stringify(view)}`);
  return view;
}

describe('the App Home', () => {
  it('shows the upcoming call of each case, in the reader’s language and zone', async () => {
    const reference = await openThroughDesk(f, f.world.alice);
    const unclaimed = await openThroughDesk(f, f.world.alice, { title: 'Nobody holds it' });
    await f.desk.act(f.actor(f.world.sam), reference, 'claim');
    const call = (person: typeof f.world.sam, text: string) =>
      f.desk.callback({ actor: f.actor(person), caseIdOrReference: reference, text });
    await call(f.world.alice, 'book Tue 14:00 contact=+33612345678');
    await call(f.world.sam, 'confirm');
    // In Sam's own zone (Paris), not the server's UTC.
    const english = await homeOf(f.world.sam);
    expect(english.language).toBe('en');
    expect(english.mine[0]?.callText).toBe('call Tuesday 3 March 14:00 (Europe/Paris)');
    await f.db.store.directory.setLanguage(f.world.sam.id, 'fr');

    const sam = await homeOf(f.world.sam);
    expect(sam.language).toBe('fr');
    expect(sam.mine.map((c) => [c.caseReference, c.callText])).toEqual([
      [reference, 'appel mardi 3 mars à 14:00 (Europe/Paris)'],
    ]);
    expect(sam.unclaimed.map((c) => [c.caseReference, c.callText])).toEqual([[unclaimed, null]]);
    // The home tab prints it under the case, and nothing of the line is English.
    const tab = modalText(renderHomeView(sam));
    expect(tab).toContain('appel mardi 3 mars à 14:00 (Europe/Paris)');
    expect(englishIn(tab)).toEqual([]);

    // Kim, of the same team, still reads English; the case with the call is not hers.
    const kim = await homeOf(f.world.kim);
    expect(kim).toMatchObject({ language: 'en', mine: [] });
    expect(kim.unclaimed.map((c) => c.caseReference)).toEqual([unclaimed]);
  });

  it('tells a customer’s home its language, and lists no case', async () => {
    await openThroughDesk(f, f.world.alice);
    const alice = await f.desk.home({ ...f.actor(f.world.alice), locale: 'fr-FR' });
    expect(alice).toMatchObject({ kind: 'home', audience: 'customer', language: 'fr', mine: [] });
  });
});
