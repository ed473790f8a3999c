// `/away [until …]`, `/back`, `/shift 08:00-17:00 Europe/Paris` (issue 12 item 4): an engineer
// changes their own availability or shift from chat. It is stored at once, so the next suggested
// assignee, claim check and on-call decision read it (no restart). It holds until the setup file
// changes that same field (the store's sync rule) or, for `/away until …`, until that instant.
import { OPEN_STATUSES } from '../cases/repositories.js';
import { DeskError } from '../errors.js';
import type { Person } from '../model.js';
import { availabilityAt } from '../routing/availability.js';
import { parseAwayUntil, parseShift } from '../routing/availability-input.js';
import { isOnShift } from '../routing/shift.js';
import { formatLocalWithDate } from '../sla/index.js';
import type { NoticeView } from '../views.js';
import type { Actor, AvailabilityRequest } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { isEngineer, resolveActor } from './identity.js';

type AvailabilityChange = AvailabilityRequest;

const done = (text: string): NoticeView => ({ kind: 'notice', tone: 'success', text });

export async function changeAvailability(
  ctx: DeskContext,
  actor: Actor,
  change: AvailabilityChange,
): Promise<NoticeView> {
  const { person } = await resolveActor(ctx, actor);
  if (!isEngineer(person))
    throw new DeskError(
      'STAFF_ONLY',
      'Away, back and shift are for support engineers: they decide which engineers new cases go to.',
    );
  const now = ctx.clock.now();
  const { directory } = ctx.store;
  if (change.kind === 'away') {
    const zone = person.timeZone ?? 'UTC';
    const until = parseAwayUntil(change.text, now, zone);
    await directory.setAvailability(person.id, 'away', until);
    const held = await heldCases(ctx, person);
    return done(
      (until
        ? `You are away until ${formatLocalWithDate(until, zone)}: no case is suggested or assigned to you until then, and you are available again at that time by yourself (or with /back).`
        : 'You are away: no case is suggested or assigned to you until you say /back.') + held,
    );
  }
  if (change.kind === 'back') {
    const was = availabilityAt(person, now);
    await directory.setAvailability(person.id, 'available', null);
    return done(
      was === 'available'
        ? 'You were already available; you still are.'
        : `You are available again (you were ${was}): new cases may be suggested to you${onShiftNote(person, now)}.`,
    );
  }
  const parsed = parseShift(change.text, person);
  await directory.setShift(person.id, parsed.shift, parsed.timeZone);
  const days = parsed.shift.days.map((day) => WEEKDAYS[day - 1]).join(', ');
  const overnight = parsed.isOvernight ? ' (overnight: it ends the next morning)' : '';
  const onShift = isOnShift({ shift: parsed.shift, timeZone: parsed.timeZone }, now);
  return done(
    `Your shift is now ${parsed.shift.start}–${parsed.shift.end} ${parsed.timeZone}${overnight}, on ${days}. You are ${onShift ? 'on shift now' : 'off shift now'}.`,
  );
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Going away keeps the cases one owns: say which, so they can be handed over. */
async function heldCases(ctx: DeskContext, person: Person): Promise<string> {
  const cases = await ctx.store.cases.list({
    assigneeId: person.id,
    statuses: [...OPEN_STATUSES],
  });
  if (cases.length === 0) return '';
  const references = cases.map((supportCase) => supportCase.reference).join(', ');
  return ` You still own ${references}: reassign ${cases.length === 1 ? 'it' : 'them'} if nobody should wait for you.`;
}

function onShiftNote(person: Person, now: Date): string {
  return person.shift && !isOnShift(person, now) ? ' when your shift starts' : '';
}
