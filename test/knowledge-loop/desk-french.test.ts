// The knowledge loop in the reader's language (issue 14): /learned and drafting an article answer
// a French engineer in French (refusals, lists, results, a drafts folder that cannot be written)
// and an English one exactly as before; a draft's own headings follow the language of the case.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { teachArticle } from '../../src/core/knowledge-loop/teach.js';
import { composeDraft } from '../../src/core/knowledge-loop/draft-article.js';
import { englishIn } from '../helpers/english-leaks.js';
import { alertThreadOf, deskFixtureForEachTest, openThroughDesk } from '../core/desk-fixture.js';

const f = deskFixtureForEachTest();
const ARTICLE = 'troubleshooting/econnreset';

/** Sam reads French (his own setting); Kim, his teammate, English. */
beforeEach(async () => {
  await f.db.store.directory.setLanguage(f.world.sam.id, 'fr');
});

const sam = () => f.actor(f.world.sam);
const kim = () => f.actor(f.world.kim);

async function teach(question: string) {
  await teachArticle(
    { learned: f.db.store.learned, kb: f.kb, logger: f.logger },
    { articleId: ARTICLE, question, source: 'solved', teacherId: null, at: f.clock.now() },
  );
}

describe('/learned in French', () => {
  it('lists, removes and refuses in French; English readers keep the English', async () => {
    const empty = await f.desk.learnedPhrasings(sam(), { articleId: null });
    expect(empty).toMatchObject({ language: 'fr', tone: 'info' });
    expect(empty.text).toBe(
      'Rien n’a encore été appris : casebot apprend des questions marquées comme résolues et des dossiers auxquels on a répondu par un lien vers un article.',
    );
    expect(
      (await f.desk.learnedPhrasings(sam(), { articleId: 'support/severity-levels' })).text,
    ).toBe('Rien n’a été appris pour support/severity-levels.');

    await teach('checkout ECONNRESET since the upgrade');
    const listed = await f.desk.learnedPhrasings(sam(), { articleId: null });
    expect(listed.text.split('\n')).toEqual([
      'Formulations apprises (pour en supprimer une : /learned remove <id>) :',
      `#1 ${ARTICLE} ×1 (question résolue) : « checkout ECONNRESET since the upgrade »`,
    ]);
    const english = await f.desk.learnedPhrasings(kim(), { articleId: null });
    expect(english).toMatchObject({ language: 'en' });
    expect(english.text).toBe(
      `Learned phrasings (remove one with /learned remove <id>):\n#1 ${ARTICLE} ×1 (solved): "checkout ECONNRESET since the upgrade"`,
    );

    const unknown = await f.desk.learnedPhrasings(sam(), { remove: 42 });
    expect(unknown).toMatchObject({ language: 'fr', tone: 'warning' });
    expect(unknown.text).toBe('Il n’y a pas de formulation apprise #42 : /learned les liste.');
    const removed = await f.desk.learnedPhrasings(sam(), { remove: 1 });
    expect(removed).toMatchObject({ language: 'fr', tone: 'success' });
    expect(removed.text).toBe(
      `#1 supprimée : « checkout ECONNRESET since the upgrade » ne renvoie plus à ${ARTICLE} et ne sera plus apprise.`,
    );

    const customer = await f.desk.learnedPhrasings(
      { ...f.actor(f.world.alice), locale: 'fr-FR' },
      { articleId: null },
    );
    expect(customer.text).toBe(
      'Les formulations apprises sont réservées au support (ingénieurs et administrateurs).',
    );
    for (const notice of [empty, listed, unknown, removed, customer])
      expect(englishIn(notice.text)).toEqual([]);
  });

  it('says how many older phrasings the chat leaves out', async () => {
    for (let n = 1; n <= 23; n += 1) await teach(`question number ${n} about checkout resets`);
    const french = (await f.desk.learnedPhrasings(sam(), { articleId: null })).text.split('\n');
    expect(french).toHaveLength(22);
    expect(french.at(-1)).toBe('… et 3 plus anciennes : casebot kb learned les liste toutes.');
    const english = (await f.desk.learnedPhrasings(kim(), { articleId: null })).text.split('\n');
    expect(english.at(-1)).toBe('…and 3 older: casebot kb learned lists them all.');
  });
});

describe('drafting an article in French', () => {
  let kbDir: string;
  beforeEach(async () => {
    kbDir = await mkdtemp(path.join(tmpdir(), 'casebot-drafts-fr-'));
    f.ctx.options.draftsDir = path.join(kbDir, 'drafts');
  });
  afterEach(async () => {
    await rm(kbDir, { recursive: true, force: true });
  });

  it('refuses, writes and reports a drafts folder that cannot be written, in French', async () => {
    const reference = await openThroughDesk(f, f.world.alice, {
      title: 'Le paiement échoue avec ECONNRESET',
      situation: 'Depuis la mise à jour, le paiement échoue avec ECONNRESET une fois sur trois.',
    });
    await f.desk.act(sam(), reference, 'claim');
    const open = await f.desk.draftArticle(sam(), reference);
    expect(open).toMatchObject({ language: 'fr', tone: 'warning' });
    expect(open.text).toBe(
      `${reference} est pris en charge : rédigez le brouillon d’article une fois le dossier résolu.`,
    );
    const notOwner = await f.desk.draftArticle(kim(), reference);
    expect(notOwner.text).toBe(
      `Only the engineer who owns ${reference} can draft an article from it.`,
    );
    await f.desk.message({
      actor: sam(),
      place: await alertThreadOf(f, reference),
      text: '// Délai keep-alive porté à 75 s sur le répartiteur de charge.',
    });
    await f.desk.act(sam(), reference, 'resolve');

    const done = await f.desk.draftArticle(sam(), reference);
    expect(done).toMatchObject({ language: 'fr', tone: 'success' });
    const [file] = await readdir(path.join(kbDir, 'drafts'));
    expect(done.text).toBe(
      `Brouillon d’article écrit : ${path.join(kbDir, 'drafts', file ?? '')} (interne et marqué comme brouillon : les clients ne le voient jamais). Relisez-le, puis retirez « draft: true » pour le publier (et indiquez « audience: public » pour les clients).`,
    );
    const markdown = await readFile(path.join(kbDir, 'drafts', file ?? ''), 'utf8');
    expect(markdown).toContain('lang: fr');
    expect(markdown).toContain('## Situation\n\nDepuis la mise à jour');
    expect(markdown).toContain('## Résolution\n\nDélai keep-alive porté à 75 s');

    const blocker = path.join(kbDir, 'not-a-folder');
    await writeFile(blocker, 'a file where the folder should be');
    f.ctx.options.draftsDir = path.join(blocker, 'drafts');
    const refused = await f.desk.draftArticle(sam(), reference);
    expect(refused).toMatchObject({ language: 'fr', tone: 'warning' });
    expect(refused.text).toMatch(
      /^Le dossier de brouillons .*not-a-folder.* n’est pas accessible en écriture \(\w+\) : indiquez dans KB_DRAFTS_DIR /,
    );
    const inEnglish = await f.desk.draftArticle(kim(), reference);
    expect(inEnglish.text).toMatch(/^Only the engineer who owns/);

    f.ctx.drafts = undefined;
    const notSetUp = await f.desk.draftArticle(sam(), reference);
    expect(notSetUp.text).toBe(
      'La rédaction de brouillons d’articles n’est pas configurée sur ce casebot (aucun stockage de brouillons).',
    );
    for (const notice of [open, done, refused, notSetUp])
      expect(englishIn(notice.text)).toEqual([]);
  });

  it('writes a draft’s headings and placeholders in the language of the case', () => {
    const base = { reference: 'CASE-1001', product: 'beacon', resolution: [] };
    const french = composeDraft({
      ...base,
      title: 'Les tableaux de bord sont lents',
      situation: 'Les tableaux de bord mettent une minute à charger depuis la mise à jour.',
    }).markdown;
    expect(french).toContain(
      '## Résolution\n\n_Comment le problème a été résolu : écrivez les étapes qui l’ont corrigé._',
    );
    const english = composeDraft({ ...base, title: 'Dashboards are slow', situation: '' }).markdown;
    expect(english).toContain('## Situation\n\n_Not described._\n\n## Resolution\n\n_How it was');
  });
});
