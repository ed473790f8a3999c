// Issue 14, the conversation in French: a French customer asks, opens a case (a bad form first),
// is confirmed and marks a question solved, all in French; the English team sees the same case in
// English (one case, two languages); a refusal reaches the French reader in French. No French
// output may carry an English catalogue sentence.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/core/kb/index.js';
import type { NoticeView, View } from '../../src/core/views.js';
import { englishIn } from '../helpers/english-leaks.js';
import { deskFixtureForEachTest, supportPlace, type Recorded } from './desk-fixture.js';

const f = deskFixtureForEachTest();

/** The one English-leak check (test/helpers/english-leaks.ts): every catalogue, not one section. */
function expectNoEnglish(text: string): void {
  expect(englishIn(text), `English in: ${text}`).toEqual([]);
}

/** Alice reads French: her platform says fr-FR (no setting of her own). */
const french = () => ({ ...f.actor(f.world.alice), locale: 'fr-FR' });

const noticesTo = (log: Recorded[], channelId: string): NoticeView[] =>
  log
    .filter((r) => r.op === 'post' && r.place?.channelId === channelId)
    .map((r) => r.view)
    .filter((view): view is NoticeView => view?.kind === 'notice');

const textsOf = (view: View): string[] => {
  if (view.kind === 'notice') return [view.text];
  if (view.kind === 'case-form-errors') return Object.values(view.errors);
  if (view.kind === 'case-confirmation') return [view.dueLocalText ?? ''];
  return [];
};

describe('a French customer and an English team', () => {
  it('asks, opens a case after a bad form, is confirmed and told in French; the team reads English', async () => {
    const asked = await f.desk.ask({
      actor: french(),
      place: supportPlace('q1'),
      question: 'ECONNRESET au paiement depuis ce matin',
    });
    expect(asked.language).toBe('fr');

    const form = await f.desk.caseForm(french(), asked.deflectionId);
    expect(form).toMatchObject({ kind: 'case-form', language: 'fr' });

    const bad = await f.desk.submitCase(french(), supportPlace('q1'), {
      deflectionId: asked.deflectionId,
      title: 'x',
      situation: 'court',
      severity: '',
      seriousness: '',
      product: 'nothing',
      type: 'panne',
    });
    expect(bad).toMatchObject({ kind: 'case-form-errors', language: 'fr' });
    if (bad.kind !== 'case-form-errors') throw new Error('expected errors');
    expect(bad.errors).toMatchObject({
      title: 'Donnez un titre court au dossier (au moins 3 caractères).',
      product: 'Choisissez un produit : beacon, beacon-agent.',
      type: 'Choisissez un type de dossier : bug, question, feature, account, maintenance.',
    });
    expect(bad.errors.situation).toContain('Décrivez la situation');
    expect(bad.errors.seriousness).toContain('Indiquez l’impact');
    expect(bad.errors.severity).toMatch(/^Choisissez une sévérité : 1 /);
    for (const message of Object.values(bad.errors)) expectNoEnglish(message);

    const confirmed = await f.desk.submitCase(french(), supportPlace('q1'), {
      deflectionId: asked.deflectionId,
      title: 'Le paiement échoue',
      situation: 'Le paiement échoue avec ECONNRESET depuis ce matin',
      severity: '2',
      seriousness: 'La moitié de nos ventes est perdue',
      product: 'beacon',
      type: 'bug',
    });
    expect(confirmed).toMatchObject({ kind: 'case-confirmation', language: 'fr' });
    if (confirmed.kind !== 'case-confirmation') throw new Error('expected a confirmation');
    // Monday 9:00 UTC + High at Gold: in her zone, in French.
    expect(confirmed.dueLocalText).toMatch(
      /^(lundi|mardi|mercredi|jeudi|vendredi) \d\d:\d\d \(Europe\/Paris\)$/,
    );
    const reference = confirmed.caseReference;

    // The English team: Sam claims and resolves; he and the alert thread read English.
    const claimed = await f.desk.act(f.actor(f.world.sam), reference, 'claim');
    expect(claimed).toMatchObject({
      language: 'en',
      text: `You own ${reference} now. Reply in its alert thread to reach the customer.`,
    });
    await f.desk.act(f.actor(f.world.sam), reference, 'pending');
    const resolved = await f.desk.act(f.actor(f.world.sam), reference, 'resolve');
    expect(resolved.text).toBe(`${reference} is resolved.`);
    const team = noticesTo(f.shell.log, 'team-platform');
    expect(team.map((n) => n.language)).toEqual(team.map(() => 'en'));
    expect(team.map((n) => n.text)).toContainEqual(
      expect.stringContaining(`Sam Rivera set ${reference} to wait on the customer.`),
    );

    // The customer's thread got every one of those in French.
    const customer = noticesTo(f.shell.log, 'support');
    expect(customer.map((n) => n.text)).toEqual([
      `Sam Rivera, du support, s’occupe maintenant de ${reference}.`,
      expect.stringMatching(
        new RegExp(
          `^Sam Rivera, du support, attend votre réponse sur ${reference} : répondez ici pour continuer\\. Sans réponse, vous recevrez un rappel `,
        ),
      ),
      `${reference} a été résolu par Sam Rivera. Le problème persiste ? Rouvrez-le dans les 7 jours. Qu’avez-vous pensé de notre aide ? Notez-la de 1 (mauvais) à 5 (excellent).`,
    ]);
    for (const notice of customer) {
      expect(notice.language).toBe('fr');
      expectNoEnglish(notice.text);
    }
    for (const view of [bad, confirmed]) for (const text of textsOf(view)) expectNoEnglish(text);
  });

  it('marks a question solved in French, and is refused in French', async () => {
    const asked = await f.desk.ask({
      actor: french(),
      place: supportPlace('q2'),
      question: 'How do I choose a severity?',
    });
    expect(asked.articles.length).toBeGreaterThan(0);
    const solved = await f.desk.markSolved(french(), asked.deflectionId);
    expect(solved).toMatchObject({
      tone: 'success',
      language: 'fr',
      text: 'Ravis que cela vous ait aidé ! Question marquée comme résolue.',
    });

    // A DeskError (the bad suggestion number) and a CaseError (a customer claiming), in French.
    const noSuch = await f.desk.markSolved(french(), asked.deflectionId, 9);
    expect(noSuch).toMatchObject({ tone: 'warning', language: 'fr' });
    expect(noSuch.text).toMatch(/^Il n’y a pas de suggestion 9 : choisissez un numéro de 1 à \d/);
    const empty = await f.desk.markSolved(french(), 'no-such-question');
    expect(empty.text).toBe('Cette question n’est plus connue ; posez-la à nouveau.');
    const reference = (
      (await f.desk.submitCase(french(), supportPlace('q3'), {
        title: 'Tableaux de bord lents',
        situation: 'Les tableaux de bord mettent une minute à charger',
        severity: '3',
        seriousness: 'Gênant pour toute l’équipe',
        product: 'beacon',
        type: 'question',
      })) as { caseReference: string }
    ).caseReference;
    const refused = await f.desk.act(french(), reference, 'claim');
    expect(refused).toMatchObject({
      tone: 'warning',
      language: 'fr',
      text: 'Seuls les ingénieurs support peuvent prendre des dossiers en charge.',
    });
    const missing = await f.desk.act(french(), 'CASE-9999', 'close');
    expect(missing.text).toBe('Il n’existe pas de dossier CASE-9999.');
    for (const notice of [solved, noSuch, empty, refused, missing]) expectNoEnglish(notice.text);

    // The same refusal for an English reader is today's English sentence.
    const english = await f.desk.act(f.actor(f.world.sam), 'CASE-9999', 'close');
    expect(english).toMatchObject({ language: 'en', text: 'There is no case CASE-9999.' });
  });

  it('refuses a rating in French, and falls back to a French "no good match" when asking fails', async () => {
    const none = await f.desk.rate({ actor: french(), caseIdOrReference: null, score: '4' });
    expect(none).toMatchObject({ tone: 'warning', language: 'fr' });
    expect(none.text).toBe(
      'Vous n’avez aucun dossier résolu à noter. Pour en noter un, nommez-le : /rate CASE-1001 4.',
    );
    const reference = (
      (await f.desk.submitCase(french(), supportPlace('q5'), {
        title: 'Export lent',
        situation: 'L’export CSV prend dix minutes depuis lundi',
        severity: '3',
        seriousness: 'Gênant pour la comptabilité',
        product: 'beacon',
        type: 'question',
      })) as { caseReference: string }
    ).caseReference;
    await f.desk.act(f.actor(f.world.sam), reference, 'resolve');
    const forged = await f.desk.rate({
      actor: french(),
      caseIdOrReference: reference,
      resolution: 'forged',
      score: '5',
    });
    expect(forged.text).toBe('Cette demande de note ne vient pas de casebot.');
    for (const notice of [none, forged]) expectNoEnglish(notice.text);

    // The knowledge base fails: the asker still gets an answer they can read (no match, in French).
    const broken = Object.create(f.ctx.kb) as KnowledgeBase;
    broken.search = () => {
      throw new Error('the index is broken');
    };
    f.ctx.kb = broken;
    const fallback = await f.desk.ask({
      actor: french(),
      place: supportPlace('q6'),
      question: 'Export CSV lent',
    });
    expect(fallback).toMatchObject({
      kind: 'suggestions',
      noGoodMatch: true,
      canOpenCase: false,
      language: 'fr',
    });
    expect(f.logger.entries.some((entry) => entry.message === 'unexpected error')).toBe(true);
  });

  it('prefers articles in the asker’s language, English askers keep the question’s language', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'casebot-kb-fr-'));
    const write = (path: string, text: string) => {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    write(
      'en/econnreset.md',
      '---\ntitle: ECONNRESET at checkout\nproduct: beacon\nlang: en\n---\n# ECONNRESET\n\nECONNRESET at checkout after the v8.11 upgrade: raise the keep-alive timeout.\n',
    );
    write(
      'fr/econnreset.md',
      '---\ntitle: ECONNRESET au paiement\nproduct: beacon\nlang: fr\n---\n# ECONNRESET\n\nECONNRESET au paiement après la mise à jour v8.11 : augmentez le délai keep-alive.\n',
    );
    const kb = await openKnowledgeBase({ dir, cacheDir: null, watch: false });
    try {
      f.ctx.kb = kb;
      const place = supportPlace('q4');
      const fr = await f.desk.ask({ actor: french(), place, question: 'ECONNRESET v8.11' });
      // Alice's French locale is remembered: Bob, of another org, reads English.
      const en = await f.desk.ask({
        actor: f.actor(f.world.bob),
        place,
        question: 'ECONNRESET v8.11',
      });
      expect(fr.articles[0]?.title).toBe('ECONNRESET au paiement');
      expect(en.articles[0]?.title).toBe('ECONNRESET at checkout');
    } finally {
      await kb.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
