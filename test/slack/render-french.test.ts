// The Slack views not driven end to end in French by french-real.test.ts, rendered in French: SLA
// events, the App Home (a lead's week with decimal commas, time left), case lists, the flag and
// rating modals, notices with a reference and a Reopen button, a paused alert. Each says real
// French and no English catalogue sentence.
import { describe, expect, it } from 'vitest';
import { formatTimeLeft } from '../../src/adapters/slack/escape.js';
import { renderFlagModal } from '../../src/adapters/slack/render-flag-form.js';
import { renderHomeView } from '../../src/adapters/slack/render-home.js';
import {
  parseRatingMetadata,
  ratingBlocks,
  renderRatingCommentModal,
} from '../../src/adapters/slack/render-rating.js';
import { renderView } from '../../src/adapters/slack/render-view.js';
import type { CaseAlertView, CaseSummary, HomeView } from '../../src/core/views.js';
import { englishIn } from '../helpers/english-leaks.js';
import { modalText } from './modal-text.js';
import { buttons, visibleText } from './slack-calls.js';

const dueAt = new Date('2026-12-07T11:30:00Z');

const summary: CaseSummary = {
  caseId: 'c1',
  caseReference: 'CASE-1001',
  title: 'Ingestion bloquée',
  severityLabel: 'Haute (2)',
  status: 'ouvert',
  orgName: 'Acme',
  assigneeName: null,
  dueAt,
  msLeft: 65 * 60_000,
  tierLabel: 'Platine',
};

describe('Slack views in French', () => {
  it('says SLA events in French', () => {
    const warning = renderView({
      kind: 'sla-event',
      language: 'fr',
      caseReference: 'CASE-1001',
      caseId: 'c1',
      title: 'Ingestion bloquée',
      severityLabel: 'Haute (2)',
      isTopSeverity: false,
      event: 'warning',
      threshold: 0.75,
      dueAt,
      mentions: [],
    });
    expect(warning.text).toBe('Alerte SLA : CASE-1001');
    expect(visibleText(warning)).toContain('*75 % du délai de réponse écoulé*');
    expect(visibleText(warning)).toContain('Échéance <!date^');
    const due = renderView({
      kind: 'sla-event',
      language: 'fr',
      caseReference: 'CASE-1001',
      caseId: 'c1',
      title: 'Ingestion bloquée',
      severityLabel: 'Haute (2)',
      isTopSeverity: false,
      event: 'update-due',
      threshold: 1,
      dueAt,
      mentions: [],
    });
    expect(due.text).toBe('Point au client attendu : CASE-1001');
    expect(englishIn(visibleText(warning) + visibleText(due))).toEqual([]);
  });

  it('renders a lead’s App Home in French, figures written the French way', () => {
    const home: HomeView = {
      kind: 'home',
      language: 'fr',
      audience: 'engineer',
      displayName: 'Camille',
      mine: [],
      unclaimed: [summary],
      week: {
        from: new Date('2026-11-30T00:00:00Z'),
        to: new Date('2026-12-07T00:00:00Z'),
        deflectionRatePercent: 41.25,
        slaAttainmentPercent: 92.5,
        csatAverage: 4.2,
        csatRatings: 3,
        backlog: 7,
        unassigned: 2,
      },
      isLead: true,
    };
    const rendered = renderHomeView(home);
    const text = modalText(rendered);
    expect(text).toContain('Cette semaine');
    expect(text).toContain('*Respect des SLA* 92,5 %');
    expect(text).toContain('*Satisfaction* 4,2 / 5 (3 notes)');
    expect(text).toContain('*En cours* 7 ouverts, dont 2 non attribués');
    expect(text).toContain('Votre file, Camille');
    expect(text).toContain('*Vos dossiers ouverts (0)*');
    expect(text).toContain('Vous n’avez aucun dossier ouvert.');
    expect(text).toContain('Acme · Platine · ouvert · il reste 1 h 05');
    expect(buttons(rendered).map((button) => button.text)).toEqual(['Prendre']);
    expect(englishIn(text)).toEqual([]);
    // The same figures in English keep their old form.
    expect(modalText(renderHomeView({ ...home, language: 'en' }))).toContain(
      '*SLA attainment* 92.5 %',
    );
  });

  it('lists cases and time left in French', () => {
    const list = renderView({
      kind: 'case-list',
      language: 'fr',
      audience: 'engineer',
      heading: 'File de l’équipe',
      cases: [{ ...summary, assigneeName: 'Sam', msLeft: -10 * 60_000 }],
    });
    expect(list.text).toBe('File de l’équipe : 1 dossier');
    expect(visibleText(list)).toContain('Acme · ouvert · attribué à Sam · en retard de 10 min');
    expect(visibleText(list)).toContain('(échéance <!date^');
    const empty = renderView({
      kind: 'case-list',
      language: 'fr',
      audience: 'customer',
      heading: 'Vos dossiers',
      cases: [],
    });
    expect(visibleText(empty)).toContain('Aucun dossier ouvert.');
    expect(formatTimeLeft(3 * 3_600_000, 'fr')).toBe('il reste 3 h 00');
    expect(formatTimeLeft(3 * 3_600_000)).toBe('3h 00m left');
    expect(englishIn(visibleText(list) + visibleText(empty))).toEqual([]);
  });

  it('asks a French moderator the flag questions in French', () => {
    const modal = renderFlagModal(
      {
        kind: 'flag-form',
        language: 'fr',
        authorName: 'Dana',
        orgName: 'Acme',
        severityOptions: [{ value: 3, label: 'Normale (3)', description: 'Gêne limitée' }],
        defaultSeverity: 3,
        canRemove: true,
      },
      '{}',
    );
    const text = modalText(modal);
    expect((modal.title as { text: string }).text).toBe('Signaler au support');
    expect(text).toContain(
      'Le message de *Dana* passe en support privé et un dossier est ouvert pour *Acme*.',
    );
    expect(text).toContain('Supprimer le message public ?');
    expect(text).toContain('Non, le laisser');
    expect(text).toContain('Seuls les niveaux couverts par le contrat de l’auteur sont proposés.');
    expect(englishIn(text)).toEqual([]);
  });

  it('offers the rating and its comment form in French, the language travelling with the form', () => {
    const offer = { caseId: 'c1', caseReference: 'CASE-1001', resolution: 'r1' };
    const scores = ratingBlocks({ ...offer, ask: 'score' }, 'fr');
    expect(buttons({ blocks: scores }).map((button) => button.text)).toEqual([
      '1 · mauvais',
      '2',
      '3',
      '4',
      '5 · excellent',
    ]);
    const comment = ratingBlocks({ ...offer, ask: 'comment' }, 'fr');
    expect(buttons({ blocks: comment })[0]!.text).toBe('Ajouter un commentaire');
    const metadata = { value: 'c1|r1|CASE-1001', channelId: 'C1', threadTs: null };
    const modal = renderRatingCommentModal('CASE-1001', metadata, 'fr');
    expect(modalText(modal)).toContain(
      'Quelque chose à ajouter sur le déroulement de *CASE-1001* ? L’équipe le lira.',
    );
    expect(parseRatingMetadata(modal.private_metadata as string)?.language).toBe('fr');
    // English forms carry no language: their metadata is as before.
    const english = renderRatingCommentModal('CASE-1001', metadata);
    expect(JSON.parse(english.private_metadata as string)).not.toHaveProperty('language');
    expect(parseRatingMetadata(english.private_metadata as string)?.language).toBe('en');
    expect(englishIn(modalText(modal) + modalText({ scores, comment }))).toEqual([]);
  });

  it('renders a French notice’s reference and Reopen button, and a paused alert, in French', () => {
    const notice = renderView({
      kind: 'notice',
      language: 'fr',
      tone: 'success',
      text: 'Dossier résolu.',
      errorReference: 'E-42',
      offer: { action: 'reopen', caseId: 'c1', caseReference: 'CASE-1001' },
    });
    expect(visibleText(notice)).toContain('Référence : `E-42`');
    expect(buttons(notice)[0]!.text).toBe('Rouvrir CASE-1001');
    const alert: CaseAlertView = {
      kind: 'case-alert',
      language: 'fr',
      caseId: 'c1',
      caseReference: 'CASE-1001',
      severity: 2,
      severityLabel: 'Haute (2)',
      isTopSeverity: false,
      tier: 'gold',
      tierLabel: 'Or',
      orgName: 'Acme',
      title: 'Ingestion bloquée',
      situation: 'x'.repeat(3_000),
      seriousness: 'La paie',
      product: 'beacon',
      type: 'feature',
      dueAt: null,
      msLeft: null,
      targetText: 'sous 4 heures ouvrées',
      state: 'paused',
      milestone: {
        kind: 'first-response',
        name: 'première réponse',
        state: 'paused',
        text: 'première réponse suspendue',
        dueAt,
        metAt: null,
        pausedAt: dueAt,
        pausedMsLeft: 80 * 60_000,
      },
      elapsedFraction: null,
      suggestedAssignee: null,
      assignee: { personId: 'p1', displayName: 'Sam', platformUserId: 'UENG' },
    };
    const rendered = renderView(alert);
    const text = visibleText(rendered);
    expect(text).toContain(
      ':double_vertical_bar: En attente du client (SLA suspendu) · responsable *Sam*',
    );
    expect(text).toContain('(première réponse) : il restera 1 h 20 quand le client répondra');
    expect(text).toContain('caractères de plus sur le dossier)_');
    expect(text).toContain('*Type :* fonctionnalité');
    expect(buttons(rendered).map((button) => button.text)).toEqual([
      'Relâcher',
      'Résoudre',
      'Pourquoi cette heure ?',
    ]);
    expect(englishIn(text + visibleText(notice))).toEqual([]);
  });
});
