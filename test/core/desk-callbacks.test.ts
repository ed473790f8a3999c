// Scheduled callbacks through the Desk over a real SQLite store: the times offered fit both the
// org's business hours and the owner's shift, a pick is confirmed by the owner with an .ics for
// both sides, the call counts as a response only once held, and every bad input is refused with
// a sentence that names the rule.
import { describe, expect, it } from 'vitest';
import type { Person } from '../../src/core/model.js';
import type { NoticeView, View } from '../../src/core/views.js';
import { englishIn } from '../helpers/english-leaks.js';
import { casebotReport } from '../reports/run-report.js';
import {
  addDevelopmentCustomer,
  deskFixtureForEachTest,
  openThroughDesk,
  type DeskFixture,
} from './desk-fixture.js';

const f = deskFixtureForEachTest();

async function callback(person: Person, reference: string, text = ''): Promise<NoticeView> {
  return f.desk.callback({ actor: f.actor(person), caseIdOrReference: reference, text });
}

async function claimedCase(fixture: DeskFixture, fields: Record<string, string> = {}) {
  const reference = await openThroughDesk(fixture, fixture.world.alice, fields);
  await fixture.desk.act(fixture.actor(fixture.world.sam), reference, 'claim');
  return reference;
}

const notices = (log: { view: View | null }[]) =>
  log.map((entry) => entry.view).filter((view): view is NoticeView => view?.kind === 'notice');

describe('scheduled callbacks', () => {
  it('offers times inside both business hours and the owner shift, in the customer zone', async () => {
    // Sam works 10:00-12:00 Paris time on weekdays; Acme is open 09:00-18:00 Paris.
    await f.desk.availability(f.actor(f.world.sam), {
      kind: 'shift',
      text: '10:00-12:00 Europe/Paris mon-fri',
    });
    const reference = await claimedCase(f);
    const offer = await callback(f.world.alice, reference);
    expect(offer.text).toContain(
      `Pick a time for a call on ${reference} with Sam Rivera (times in Europe/Paris`,
    );
    const labels = offer.callback?.slots.map((slot) => slot.label) ?? [];
    // Now is Monday 10:00 Paris: from 10:30 (15 minutes' lead, 30-minute grid), then Tuesday.
    expect(labels).toEqual([
      'Monday 2 March 10:30 (Europe/Paris)',
      'Monday 2 March 11:00 (Europe/Paris)',
      'Monday 2 March 11:30 (Europe/Paris)',
      'Tuesday 3 March 10:00 (Europe/Paris)',
      'Tuesday 3 March 10:30 (Europe/Paris)',
      'Tuesday 3 March 11:00 (Europe/Paris)',
    ]);
    const events = await f.db.store.events.forCase(
      (await f.db.store.cases.byReference(reference))!.id,
    );
    expect(events.map((e) => e.kind)).toContain('callback-requested');
  });

  it('books, confirms with an .ics for both sides, reminds the owner once, and counts only once held', async () => {
    const reference = await claimedCase(f);
    const stored = await f.db.store.cases.byReference(reference);
    const booked = await callback(f.world.alice, reference, 'book Tue 14:00 contact=+33612345678');
    expect(booked.tone).toBe('success');
    expect(booked.text).toContain('Tuesday 3 March 14:00 (Europe/Paris), at +33612345678');
    // The owner hears of it directly, in the owner's own zone, with a Confirm button.
    const toSam = f.shell.log.filter((e) => e.op === 'sendDirect' && e.userId === 'sam');
    const ask = notices(toSam).at(-1);
    expect(ask?.text).toContain('asks for a call on');
    expect(ask?.callback?.actions).toContain('confirm');
    const confirmed = await callback(f.world.sam, reference, 'confirm');
    expect(confirmed.text).toContain(
      `Call confirmed on ${reference}: Tuesday 3 March 14:00 (Europe/Paris)`,
    );
    expect(confirmed.attachment?.content).toContain('DTSTART:20260303T130000Z');
    expect(confirmed.attachment?.content).toContain('LOCATION:+33612345678');
    const toAlice = notices(
      f.shell.log.filter((e) => e.place?.threadId === stored?.customerPlace?.threadId),
    );
    expect(toAlice.at(-1)?.attachment?.filename).toBe(
      `${reference.toLowerCase()}-call-20260303-1300.ics`,
    );
    // Confirmed is not a response: the first response is still owed.
    const owed = async () =>
      (await f.db.store.milestones.forCase(stored!.id)).find((m) => m.kind === 'first-response');
    expect((await owed())?.metAt).toBeNull();
    // Not held before it starts.
    expect((await callback(f.world.sam, reference, 'held')).text).toContain(
      'mark it held or missed once it has started',
    );
    // The reminder: 15 minutes before, once, even with two loops (replicas) ticking at once.
    const { SlaAlertLoop } = await import('../../src/core/alerts/sla-alert-loop.js');
    f.clock.set('2026-03-03T12:45:00Z');
    const before = f.shell.log.length;
    const reports = await Promise.all([
      new SlaAlertLoop(f.ctx).tick(),
      new SlaAlertLoop(f.ctx).tick(),
    ]);
    expect(reports.map((r) => r.callbackReminders).sort()).toEqual([0, 1]);
    const reminders = notices(f.shell.log.slice(before)).filter((v) =>
      v.text.startsWith('In 15 minutes'),
    );
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.text).toContain('Tuesday 3 March 14:00 (Europe/Paris), at +33612345678');
    f.clock.set('2026-03-03T13:10:00Z');
    const held = await callback(f.world.sam, reference, 'held');
    expect(held.text).toContain('counts as the response');
    expect((await owed())?.metAt).not.toBeNull();
    const kinds = (await f.db.store.events.forCase(stored!.id)).map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'callback-booked',
        'callback-confirmed',
        'callback-reminded',
        'callback-held',
      ]),
    );
  });

  it('lets the owner propose another time, which the customer confirms', async () => {
    const reference = await claimedCase(f);
    await callback(
      f.world.alice,
      reference,
      'book Tue 14:00 contact=https://meet.example.com/acme',
    );
    expect((await callback(f.world.alice, reference, 'propose Wed 11:00')).text).toBe(
      `Only Sam Rivera, who owns ${reference}, can propose another time for the call.`,
    );
    const proposed = await callback(f.world.sam, reference, 'propose Wed 10:00');
    expect(proposed.text).toContain('Proposed Wednesday 4 March 10:00 (Europe/Paris)');
    expect((await callback(f.world.sam, reference, 'confirm')).text).toContain(
      'no time waiting for your confirmation',
    );
    const confirmed = await callback(f.world.alice, reference, 'confirm');
    expect(confirmed.text).toContain('Wednesday 4 March 10:00 (Europe/Paris)');
    expect(confirmed.attachment?.content).toContain('URL:https://meet.example.com/acme');
  });

  it('takes the first time that fits the customer windows', async () => {
    const reference = await claimedCase(f);
    const booked = await callback(
      f.world.alice,
      reference,
      'windows "Tue 07:00-09:30, Wed 14:00-17:00" contact=+33612345678',
    );
    // 09:00 Paris is the first opening inside Tuesday's window.
    expect(booked.text).toContain('Tuesday 3 March 09:00 (Europe/Paris)');
    // The same, as a French customer types it (bare windows are windows).
    const french = await callback(
      f.world.alice,
      await claimedCase(f),
      'mer. 7h-9h30 contact=+33612345678',
    );
    expect(french.text).toContain('Wednesday 4 March 09:00 (Europe/Paris)');
    const outside = await callback(f.world.alice, reference, 'windows Sat 10:00-12:00');
    expect(outside.text).toContain(
      "not a working day of Acme Corp's support hours (Mon–Fri 09:00–18:00, Europe/Paris)",
    );
  });

  it('refuses each bad time with the rule it breaks', async () => {
    const reference = await claimedCase(f);
    const contact = 'contact=+33612345678';
    const said = async (text: string) =>
      (await callback(f.world.alice, reference, `${text} ${contact}`)).text;
    expect(await said('book today 08:00')).toContain('is in the past');
    expect(await said('book Tue 19:00')).toContain(
      "outside Acme Corp's support hours (Mon–Fri 09:00–18:00, Europe/Paris)",
    );
    expect(await said('book Tue 14:10')).toContain('not on the 30-minute grid');
    expect(await said('book Tue 14:00 tz=Mars/Olympus_Mons')).toContain(
      'unknown time zone "Mars/Olympus_Mons"',
    );
    expect(await said('book someday')).toContain('I cannot read the time "someday"');
    expect(
      (await callback(f.world.alice, reference, 'book Tue 14:00 contact=call-me')).text,
    ).toContain('is not a phone number or a meeting link');
    // The engineer's day off: Sam works Monday to Thursday, Acme is open on Friday.
    await f.desk.availability(f.actor(f.world.sam), {
      kind: 'shift',
      text: '08:00-18:00 Europe/Paris mon-thu',
    });
    expect(await said('book Fri 10:00')).toContain("falls on Sam Rivera's day off (works Mon–Thu)");
    expect(await said('book Thu 18:30')).toContain('outside');
  });

  it('refuses a public holiday by name', async () => {
    f.clock.set('2026-04-28T08:00:00Z');
    const reference = await claimedCase(f);
    const text = (
      await callback(f.world.alice, reference, 'book 2026-05-01 10:00 contact=+33612345678')
    ).text;
    expect(text).toMatch(
      /falls on .*(Labour Day|Fête du Travail).*, a public holiday for Acme Corp/,
    );
  });

  it('refuses a tier without phone support, naming it', async () => {
    const dana = await addDevelopmentCustomer(f);
    const silver = await f.db.store.directory.upsertOrg({
      slug: 'silverco',
      name: 'SilverCo',
      tier: 'silver',
      deployment: 'cloud',
      calendar: f.world.acme.calendar,
      identities: [],
    });
    const sue = await f.db.store.directory.upsertPerson({
      handle: 'sue@silver',
      displayName: 'Sue',
      orgId: silver.id,
      roles: ['customer'],
      identities: [{ platform: 'shell', userId: 'sue@silver' }],
      teamId: null,
      timeZone: null,
      shift: null,
    });
    const reference = await openThroughDesk(f, sue);
    const refused = await callback(sue, reference);
    expect(refused.tone).toBe('warning');
    expect(refused.text).toContain('Phone support is not part of the Silver subscription');
    expect(dana.orgId).not.toBe(silver.id);
  });

  it('pages the owner and the on-call role for an immediate call on severity 1 only', async () => {
    const urgent = await claimedCase(f, { severity: '1' });
    const normal = await claimedCase(f, { severity: '2' });
    expect((await callback(f.world.alice, normal, 'now contact=+33612345678')).text).toContain(
      'An immediate call is for Urgent (1) cases',
    );
    const paged = await callback(f.world.alice, urgent, 'now contact=+33612345678');
    expect(paged.text).toContain('Paged Sam Rivera for an immediate call');
    const page = notices(f.shell.log).find((v) => v.text.startsWith('Immediate call asked'));
    expect(page?.mentions).toEqual(
      expect.arrayContaining([
        { kind: 'role', id: 'platform-oncall' },
        { kind: 'user', id: 'sam' },
      ]),
    );
    expect(
      notices(f.shell.log.filter((e) => e.op === 'sendDirect')).some((v) =>
        v.text.startsWith('URGENT:'),
      ),
    ).toBe(true);
  });

  it('records a missed and a cancelled call on the case, and shows the call in the queue and status', async () => {
    const reference = await claimedCase(f);
    await callback(f.world.alice, reference, 'book Mon 11:00 contact=+33612345678');
    await callback(f.world.sam, reference, 'confirm');
    const queue = await f.desk.queue(f.actor(f.world.sam));
    expect(queue.kind === 'case-list' && queue.cases[0]?.callText).toBe(
      'call Monday 2 March 11:00 (Europe/Paris)',
    );
    const status = await f.desk.status(f.actor(f.world.alice));
    expect(status.kind === 'case-list' && status.cases[0]?.callText).toBe(
      'call Monday 2 March 11:00 (Europe/Paris)',
    );
    f.clock.set('2026-03-02T10:05:00Z');
    expect((await callback(f.world.sam, reference, 'missed')).text).toContain('recorded as missed');
    await callback(f.world.alice, reference, 'book Tue 15:00 contact=+33612345678');
    expect((await callback(f.world.alice, reference, 'cancel')).text).toContain('is cancelled');
    const stored = await f.db.store.cases.byReference(reference);
    const kinds = (await f.db.store.events.forCase(stored!.id)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['callback-missed', 'callback-cancelled']));
    // `casebot report` counts them, as a user runs it.
    const run = await casebotReport(f.db.url, [
      '--json',
      '--from',
      '2026-03-01',
      '--to',
      '2026-03-10',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).callbacks).toEqual({
      requested: 0,
      booked: 2,
      confirmed: 1,
      held: 0,
      missed: 1,
      cancelled: 1,
      immediate: 0,
    });
    const text = await casebotReport(f.db.url, ['--from', '2026-03-01', '--to', '2026-03-10']);
    expect(text.stdout).toContain(
      'Callbacks: 0 asked for, 2 booked, 1 confirmed, 0 held, 1 missed, 1 cancelled; 0 immediate call(s)',
    );
  });

  it('lets exactly one of two simultaneous bookings of the same slot win', async () => {
    const first = await claimedCase(f);
    const second = await claimedCase(f);
    const results = await Promise.all(
      [first, second].map((reference) =>
        callback(f.world.alice, reference, 'book Tue 14:00 contact=+33612345678'),
      ),
    );
    expect(results.filter((r) => r.tone === 'success')).toHaveLength(1);
    const loser = results.find((r) => r.tone !== 'success');
    expect(loser?.text).toMatch(
      /Tuesday 3 March 14:00 \(Europe\/Paris\) was just taken by another call with Sam Rivera|Sam Rivera already has a call at Tuesday 3 March 14:00/,
    );
  });

  it('speaks French to a French customer and English to the owner, from the catalogues', async () => {
    const reference = await claimedCase(f);
    await f.desk.language(f.actor(f.world.alice), 'fr');
    const offer = await callback(f.world.alice, reference);
    expect(offer.text).toContain(
      `Choisissez un horaire pour un appel sur ${reference} avec Sam Rivera`,
    );
    expect(offer.callback?.slots[0]?.label).toBe('lundi 2 mars à 10:30 (Europe/Paris)');
    expect(
      (await callback(f.world.alice, reference, 'book mardi prochain 14h contact=+33612345678'))
        .text,
    ).toBe(
      'Je ne sais pas lire l’heure « mardi prochain 14h » : écrivez par exemple « mardi 14h00 », « demain 9h30 » ou « 2026-03-03 14:00 ».',
    );
    const refused = await callback(f.world.alice, reference, 'book Tue 19:00 contact=+33612345678');
    expect(refused.text).toBe(
      'mardi 3 mars à 19:00 (Europe/Paris) est en dehors des heures de support de Acme Corp (lun.–ven. 09:00–18:00, Europe/Paris).',
    );
    // Windows that fit nowhere: the rule they break is French too, inside the French sentence.
    const weekend = await callback(f.world.alice, reference, 'samedi 10h-12h contact=+33612345678');
    expect(weekend.text).toMatch(
      /^Aucun de vos créneaux ne convient à un appel : samedi 7 mars à 10:00 \(Europe\/Paris\) n’est pas un jour ouvré /,
    );
    for (const said of [refused, weekend]) expect(englishIn(said.text)).toEqual([]);
    // Typed the French way ("mar. 14h00"), the time reaches Sam as the English he reads.
    const booked = await callback(f.world.alice, reference, 'mar. 14h00 contact=+33612345678');
    expect(booked.text).toContain('mardi 3 mars à 14:00 (Europe/Paris)');
    const toSam = notices(
      f.shell.log.filter((e) => e.op === 'sendDirect' && e.userId === 'sam'),
    ).at(-1);
    expect(toSam?.text).toContain('asks for a call on');
    expect(toSam?.text).toContain('Tuesday 3 March 14:00 (Europe/Paris)');
    expect(toSam?.language).toBe('en');
    const confirmed = await callback(f.world.sam, reference, 'confirm');
    expect(confirmed.text).toContain('Call confirmed');
    const toAlice = notices(f.shell.log)
      .filter((v) => v.language === 'fr')
      .at(-1);
    expect(toAlice?.text).toContain('Appel confirmé sur');
    expect(toAlice?.attachment?.content).toContain('SUMMARY:Appel support');
  });

  it('books with the owner only: no owner yet is a clear refusal', async () => {
    const reference = await openThroughDesk(f, f.world.alice);
    expect((await callback(f.world.alice, reference)).text).toContain('has no owner yet');
    const kim = f.world.kim;
    expect((await callback(kim, reference)).text).toContain('can arrange a call on it');
  });
});
