// `/away [until …]`, `/back`, `/shift 08:00-17:00 Europe/Paris` (issue 12 item 4): an engineer
// changes their own availability or shift from chat. It is stored at once, so the next suggested
// assignee, claim check and on-call decision read it (no restart). It holds until the setup file
// changes that same field (the store's sync rule) or, for `/away until …`, until that instant.
import { OPEN_STATUSES } from '../ports/storage.js';
import { DeskError } from '../errors.js';
import type { Person } from '../model.js';
import { availabilityAt } from '../routing/availability.js';
import { parseAwayUntil, parseShift } from '../routing/availability-input.js';
import { isOnShift } from '../routing/shift.js';
import { formatLocalWithDate, weekdayShort } from '../sla/index.js';
import { t } from '../i18n/index.js';
import type { NoticeView } from '../views.js';
import type { Actor, AvailabilityRequest } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { isEngineer, resolveActor } from './identity.js';

type AvailabilityChange = AvailabilityRequest;

const done = (language: string, text: string): NoticeView => ({
  kind: 'notice',
  tone: 'success',
  language,
  text,
});

export async function changeAvailability(
  ctx: DeskContext,
  actor: Actor,
  change: AvailabilityChange,
): Promise<NoticeView> {
  const { person, language } = await resolveActor(ctx, actor);
  if (!isEngineer(person))
    throw new DeskError('STAFF_ONLY', t(language, 'sla.availability.staffOnly'));
  const now = ctx.clock.now();
  const { directory } = ctx.store;
  if (change.kind === 'away') {
    const zone = person.timeZone ?? 'UTC';
    const until = parseAwayUntil(change.text, now, zone, language);
    await directory.setAvailability(person.id, 'away', until);
    const held = await heldCases(ctx, person, language);
    return done(
      language,
      (until
        ? t(language, 'sla.availability.awayUntil', {
            until: formatLocalWithDate(until, zone, language),
          })
        : t(language, 'sla.availability.away')) + held,
    );
  }
  if (change.kind === 'back') {
    const was = availabilityAt(person, now);
    await directory.setAvailability(person.id, 'available', null);
    return done(
      language,
      was === 'available'
        ? t(language, 'sla.availability.alreadyAvailable')
        : t(language, 'sla.availability.back', {
            was,
            later: person.shift && !isOnShift(person, now) ? 'yes' : 'no',
          }),
    );
  }
  const parsed = parseShift(change.text, person, language);
  await directory.setShift(person.id, parsed.shift, parsed.timeZone);
  const days = parsed.shift.days.map((day) => weekdayShort(day, language)).join(', ');
  const onShift = isOnShift({ shift: parsed.shift, timeZone: parsed.timeZone }, now);
  return done(
    language,
    t(language, 'sla.availability.shift', {
      start: parsed.shift.start,
      end: parsed.shift.end,
      zone: parsed.timeZone,
      overnight: parsed.isOvernight ? 'yes' : 'no',
      days,
      onShift: onShift ? 'yes' : 'no',
    }),
  );
}

/** Going away keeps the cases one owns: say which, so they can be handed over. */
async function heldCases(ctx: DeskContext, person: Person, language: string): Promise<string> {
  const cases = await ctx.store.cases.list({
    assigneeId: person.id,
    statuses: [...OPEN_STATUSES],
  });
  if (cases.length === 0) return '';
  const references = cases.map((supportCase) => supportCase.reference).join(', ');
  return t(language, 'sla.availability.stillOwn', { references, count: cases.length });
}
