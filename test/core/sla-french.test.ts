// One case, two languages (issue 14): the platform team reads French (its channel's setting) and
// Sam, its engineer, chose French; Alice, Acme's customer (Gold, Europe/Paris), reads English. The
// alert, the SLA warnings and breach, the team's notices and Sam's answers are French, with French
// dates and durations; Alice's notices stay exactly as before. Real SQLite store, fake clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlaAlertLoop } from '../../src/core/alerts/sla-alert-loop.js';
import { englishIn } from '../helpers/english-leaks.js';
import type { CaseAlertView, NoticeView, SlaEventView } from '../../src/core/views.js';
import {
  alertThreadOf,
  deskFixtureForEachTest,
  openThroughDesk,
  type Recorded,
} from './desk-fixture.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const f = deskFixtureForEachTest();
let loop: SlaAlertLoop;

beforeEach(async () => {
  const { directory } = f.db.store;
  const team = await directory.teamById(f.world.team.id);
  if (!team) throw new Error('the demo team is missing');
  await directory.upsertTeam({
    slug: team.slug,
    name: team.name,
    products: team.products,
    channels: team.channels,
    onCall: team.onCall,
    language: 'fr',
  });
  await directory.setLanguage(f.world.sam.id, 'fr');
  loop = new SlaAlertLoop(f.ctx);
});
afterEach(async () => {
  await loop.stop();
});

/** The one English-leak check (test/helpers/english-leaks.ts): no English catalogue literal. */
function expectNoEnglish(text: string): void {
  expect(englishIn(text), `English in: ${text}`).toEqual([]);
}

const views = <T>(log: Recorded[], kind: string, op?: Recorded['op']) =>
  log.filter((r) => r.view?.kind === kind && (!op || r.op === op)) as (Recorded & { view: T })[];

const noticesIn = (log: Recorded[], channelId: string) =>
  views<NoticeView>(log, 'notice', 'post').filter((r) => r.place?.channelId === channelId);

describe('a French team on an English customer’s case', () => {
  it('gets a French alert, French warnings at 50 %/75 %/90 % and a French breach', async () => {
    // Monday 10:00 Paris; Gold Urgent: 4 business hours → 14:00 Paris.
    const reference = await openThroughDesk(f, f.world.alice, { severity: '1' });
    const [alert] = views<CaseAlertView>(f.shell.log, 'case-alert', 'post');
    expect(alert?.view).toMatchObject({
      language: 'fr',
      severityLabel: 'Urgent (1)',
      tierLabel: 'Gold',
      targetText: 'sous 4 heures ouvrées',
      milestone: { name: 'première réponse', text: 'première réponse en cours' },
    });
    await f.desk.act(f.actor(f.world.sam), reference, 'claim');
    for (let minute = 10; minute <= 250; minute += 10) {
      f.clock.advance(10 * MIN);
      await loop.tick();
    }
    const events = views<SlaEventView>(f.shell.log, 'sla-event');
    expect(events.map((e) => [e.op, e.view.event, e.view.threshold])).toEqual([
      ['sendDirect', 'warning', 0.5],
      ['post', 'warning', 0.75],
      ['sendDirect', 'warning', 0.75],
      ['post', 'warning', 0.9],
      ['sendDirect', 'warning', 0.9],
      ['post', 'breach', 1],
      ['sendDirect', 'breach', 1],
    ]);
    // The channel in the team's language, the owner's direct messages in Sam's own.
    expect(events.every((e) => e.view.language === 'fr')).toBe(true);
    const updates = views<CaseAlertView>(f.shell.log, 'case-alert', 'update');
    expect(updates.every((u) => u.view.language === 'fr')).toBe(true);
    expect(updates.at(-1)?.view).toMatchObject({
      state: 'breached',
      milestone: { text: 'première réponse dépassée' },
      targetText: 'sous 4 heures ouvrées',
    });
    // None of it reached the customer's thread, and nothing French did.
    expect(events.some((e) => e.place?.channelId === 'support')).toBe(false);
    expect(noticesIn(f.shell.log, 'support').some((n) => n.view.language === 'fr')).toBe(false);
  });

  it('a severity change is French for the team and the French engineer, English for the customer', async () => {
    const reference = await openThroughDesk(f, f.world.alice, { severity: '3' });
    f.clock.advance(25 * HOUR); // Tuesday 11:00 Paris; Gold High: 1 business day → Wednesday 11:00
    const answer = await f.desk.changeSeverity({
      actor: f.actor(f.world.sam),
      caseIdOrReference: reference,
      severity: 2,
      reason: 'All EU shops fail now',
    });
    expect(answer).toEqual({
      kind: 'notice',
      tone: 'success',
      language: 'fr',
      text: `La sévérité de ${reference} est désormais Élevé (2). Première réponse attendue mercredi 11:00 (Europe/Paris).`,
    });
    expectNoEnglish(answer.text);
    const team = noticesIn(f.shell.log, 'team-platform');
    expect(team.map((n) => [n.view.language, n.view.text])).toEqual([
      ['fr', `Sam Rivera a passé ${reference} de Normal (3) à Élevé (2) : All EU shops fail now`],
    ]);
    // The customer's notice is the English one, byte for byte.
    expect(noticesIn(f.shell.log, 'support').map((n) => [n.view.language, n.view.text])).toEqual([
      [
        'en',
        `Sam Rivera from support changed ${reference} from Normal (3) to High (2). First response due Wednesday 11:00 (Europe/Paris). Reason: All EU shops fail now`,
      ],
    ]);
  });

  it('a waiting case’s reminder is French in the team thread, English for the customer', async () => {
    const reference = await openThroughDesk(f, f.world.alice, { severity: '3' }, 'q-alice');
    const thread = await alertThreadOf(f, reference);
    await f.desk.act(f.actor(f.world.sam), reference, 'claim');
    await f.desk.message({ actor: f.actor(f.world.sam), place: thread, text: 'Which version?' });
    await f.desk.act(f.actor(f.world.sam), reference, 'pending');
    // Monday 10:00 Paris + 3 business days: the reminder is due Thursday 10:00 Paris.
    f.clock.advance(3 * 24 * HOUR + 5 * MIN);
    await loop.tick();
    const customer = noticesIn(f.shell.log, 'support').filter((n) =>
      n.view.text.startsWith('Reminder'),
    );
    expect(customer.map((n) => [n.view.language, n.view.text])).toEqual([
      [
        'en',
        `Reminder: ${reference} is waiting for your reply (for 3 d now). Reply here to carry on. Without a reply it closes by itself Monday 10:05 (Europe/Paris).`,
      ],
    ]);
    const team = noticesIn(f.shell.log, 'team-platform').filter((n) =>
      n.view.text.startsWith('Client relancé'),
    );
    expect(team.map((n) => [n.view.language, n.view.text])).toEqual([
      [
        'fr',
        `Client relancé pour ${reference} (en attente depuis 3 j). Sans réponse, il sera clos automatiquement lundi 09:05 (UTC).`,
      ],
    ]);
    expectNoEnglish(team[0]?.view.text ?? '');
  });
});

describe('Why this time? in French (the Easter Monday case of docs/sla-transcript.md)', () => {
  it('explains the Friday-before-Easter severity 1 with French days, holiday and rule', async () => {
    f.clock.set(new Date('2026-04-03T14:36:00Z'));
    const reference = await openThroughDesk(f, f.world.alice, {
      severity: '1',
      title: 'Dashboards down',
    });
    const why = await f.desk.explain(f.actor(f.world.sam), reference);
    expect(why.language).toBe('fr');
    expect(why.text.split('\n')).toEqual([
      `Pourquoi cette échéance ? ${reference} : Première réponse attendue mardi 7 avril 2026 à 11:36 (Europe/Paris) = 2026-04-07T09:36:00.000Z`,
      'Règle : Gold × Urgent (1), cloud : première réponse sous 4 heures ouvrées, heures ouvrées lun.–ven. 09:00–18:00 Europe/Paris, jours fériés de FR (politique elastic)',
      'Décompté 4h : ven. 3 avr. 16:36–18:00 1h24, mar. 7 avr. 09:00–11:36 2h36',
      'Jours sautés : sam. 4 avr. : jour non ouvré ; dim. 5 avr. : jour non ouvré ; lun. 6 avr. : jour férié (Lundi de Pâques)',
      'En pause : jamais',
    ]);
    expectNoEnglish(why.text);
    // The English customer asking the same still reads the transcript's English.
    const english = await f.desk.explain(f.actor(f.world.alice), reference);
    expect(english.text).toContain(
      'Skipped: Sat 4 Apr: not a working day; Sun 5 Apr: not a working day; Mon 6 Apr: public holiday (Easter Monday)',
    );
  });
});

describe('/away, /back and /shift in French', () => {
  it('answers a French engineer in French, with French weekdays and dates, refusals included', async () => {
    const sam = f.actor(f.world.sam);
    // Monday 2 March 2026, 09:00 UTC.
    const shift = await f.desk.availability(sam, {
      kind: 'shift',
      text: '22:00-06:00 Europe/Paris mon-fri',
    });
    expect(shift).toMatchObject({ language: 'fr', tone: 'success' });
    expect(shift.text).toBe(
      'Votre service est désormais 22:00–06:00 Europe/Paris (de nuit : il se termine le lendemain matin) (lun., mar., mer., jeu., ven.) : vous êtes hors service en ce moment.',
    );
    const away = await f.desk.availability(sam, { kind: 'away', text: 'until 2026-03-04 09:00' });
    expect(away.text).toMatch(
      /^Vous êtes absent jusqu’à mercredi 4 mars 2026 à 09:00 \(Europe\/Paris\) : aucun dossier/,
    );
    const back = await f.desk.availability(sam, { kind: 'back' });
    expect(back.text).toBe(
      'Vous êtes de nouveau disponible (vous étiez absent) : de nouveaux dossiers peuvent vous être suggérés dès le début de votre service.',
    );
    for (const text of [shift.text, away.text, back.text]) expectNoEnglish(text);
    const past = await f.desk.availability(sam, { kind: 'away', text: 'until 2026-03-01 09:00' });
    expect(past.text).toBe(
      'dimanche 1 mars 2026 à 09:00 (Europe/Paris) est déjà passé : indiquez une heure de retour encore à venir.',
    );
    const zone = await f.desk.availability(sam, { kind: 'shift', text: '08:00-17:00 Europe/Pari' });
    expect(zone.text).toBe(
      'fuseau horaire « Europe/Pari » inconnu : utilisez un nom IANA comme « Europe/Paris »',
    );
    // Kim, who chose no language, still reads English.
    const kim = await f.desk.availability(f.actor(f.world.kim), { kind: 'back' });
    expect(kim).toMatchObject({ language: 'en' });
  });

  it('reads /shift and /away typed in French, stores them, and refuses bad French input', async () => {
    const sam = f.actor(f.world.sam);
    const stored = async () => (await f.db.store.directory.personById(f.world.sam.id))!;
    // Monday 2 March 2026, 10:00 in Paris.
    const shift = await f.desk.availability(sam, {
      kind: 'shift',
      text: '8h-17h Europe/Paris lun-ven',
    });
    expect(shift.text).toBe(
      'Votre service est désormais 08:00–17:00 Europe/Paris (lun., mar., mer., jeu., ven.) : vous êtes en service en ce moment.',
    );
    expect(await stored()).toMatchObject({
      timeZone: 'Europe/Paris',
      shift: { start: '08:00', end: '17:00', days: [1, 2, 3, 4, 5] },
    });

    const away = await f.desk.availability(sam, { kind: 'away', text: 'jusqu’à lundi 9h' });
    expect(away).toMatchObject({ language: 'fr', tone: 'success' });
    expect(away.text).toMatch(
      /^Vous êtes absent jusqu’à lundi 9 mars 2026 à 09:00 \(Europe\/Paris\) : aucun dossier/,
    );
    expect(await stored()).toMatchObject({
      availability: 'away',
      awayUntil: new Date('2026-03-09T08:00:00Z'),
    });
    const short = await f.desk.availability(sam, { kind: 'away', text: 'pendant 2 h 30' });
    expect(short.text).toMatch(
      /^Vous êtes absent jusqu’à lundi 2 mars 2026 à 12:30 \(Europe\/Paris\)/,
    );

    // Bad French input is refused in French and changes nothing.
    const past = await f.desk.availability(sam, { kind: 'away', text: 'jusqu’à hier' });
    expect(past.text).toBe(
      'dimanche 1 mars 2026 à 00:00 (Europe/Paris) est déjà passé : indiquez une heure de retour encore à venir.',
    );
    const days = await f.desk.availability(sam, {
      kind: 'shift',
      text: '9h-18h Europe/Paris semaine',
    });
    expect(days.text).toBe(
      'Je ne comprends pas les jours « semaine » : écrivez-les sous la forme lun-ven, sam,dim ou lun-dim.',
    );
    expect(await stored()).toMatchObject({
      awayUntil: new Date('2026-03-02T11:30:00Z'),
      shift: { start: '08:00', end: '17:00', days: [1, 2, 3, 4, 5] },
    });
    for (const text of [shift.text, away.text, short.text, past.text, days.text])
      expectNoEnglish(text);
  });
});
