// Every sentence the callback feature shows people, in one place, keyed like a message catalogue
// (`{name}` placeholders), so that moving them into locales/*.yml is a copy, not a rewrite.
export const CALLBACK_MESSAGES = {
  notInTier:
    'Phone support is not part of the {tier} subscription ({tier} has online support only), so no call can be booked on {ref}. Reply here and support answers in the case.',
  caseNotOpen: '{ref} is {status}: a call can only be arranged on an open case.',
  noOwner:
    '{ref} has no owner yet: a call is booked with the engineer who owns the case. Ask again once someone has claimed it.',
  noOwnerUrgent:
    '{ref} has no owner yet: a call is booked with the engineer who owns the case. As it is {severity}, you can ask for an immediate call now (callback now).',
  notAllowed: "Only {org}'s people and the owner of {ref} can arrange a call on it.",
  ownerOnly: 'Only {owner}, who owns {ref}, can {action} the call.',
  customerOnly: 'The customer confirms a time the owner proposed; you proposed this one.',
  offer: 'Pick a time for a call on {ref} with {owner} (times in {zone}, {minutes} minutes each):',
  offerHint: 'Or propose your own windows, e.g. "Tue 14:00-17:00, Wed 09:00-12:00".',
  offerByOwner:
    '{owner} offers a call on {ref}. Pick a time (times in {zone}, {minutes} minutes each):',
  offeredAck: 'Offered {count} times to the customer of {ref} for a call.',
  noSlots:
    '{owner} has no free time within support hours in the next {days} days. Propose your own windows (e.g. "Tue 14:00-17:00") or reply here.',
  needContact:
    'Give the phone number or meeting link to call, e.g. contact=+33612345678 or contact=https://meet.example.com/abc.',
  badContact:
    '"{contact}" is not a phone number or a meeting link: give one like +33612345678 (digits, spaces allowed when quoted) or an https:// link.',
  badTime:
    'I cannot read the time "{text}": write it like "Tue 14:00", "tomorrow 09:30" or "2026-03-03 14:00".',
  badWindows:
    'I cannot read the windows "{text}": write them like "Tue 14:00-17:00, Wed 09:00-12:00".',
  windowBackwards: 'The window "{window}" ends before it starts.',
  usage:
    'Callback: "callback" offers times; "callback book Tue 14:00 contact=+33612345678 [tz=Europe/Paris]"; "callback windows Tue 14:00-17:00 contact=…"; "callback confirm"; the owner: "callback propose Wed 10:00", "callback held", "callback missed"; either side: "callback cancel"; Urgent (1): "callback now contact=…".',
  past: '{when} is in the past: pick a time still ahead.',
  offGrid: '{when} is not on the {step}-minute grid of call times: pick e.g. {example}.',
  tooFar: '{when} is more than {days} days ahead: pick an earlier time.',
  holiday: '{when} falls on {holiday}, a public holiday for {org}: support is closed that day.',
  closedDay: '{when} falls on a day {org} has closed.',
  notWorkingDay: "{when} is not a working day of {org}'s support hours ({hours}).",
  outsideHours: "{when} is outside {org}'s support hours ({hours}).",
  ownerDayOff: "{when} falls on {owner}'s day off (works {days}).",
  ownerOffShift: "{when} is outside {owner}'s shift ({shift}).",
  ownerAway: '{owner} is away at {when}.',
  ownerBusy: '{owner} already has a call at {when}: pick another time.',
  slotTaken: '{when} was just taken by another call with {owner}: pick another time.',
  changed: 'The call on {ref} changed meanwhile: look again before you act.',
  noSlotInWindows:
    'None of your windows fits a call: {reason} Propose other windows or pick an offered time.',
  booked:
    'You asked for a call on {ref} {when}, at {contact}. {owner} confirms it or proposes another time; you are told here.',
  bookedOwner:
    '{customer} ({org}) asks for a call on {ref} {when}, at {contact}. Confirm it, or propose another time.',
  bookedTeam: '{customer} asked for a call on {ref} {when}.',
  proposed: '{owner} proposes a call on {ref} {when} instead. Confirm it, or pick another time.',
  proposedAck: 'Proposed {when} to the customer of {ref}; they confirm it.',
  confirmed:
    'Call confirmed on {ref}: {when}, {owner} calls {contact}. The invitation is attached.',
  confirmedTeam: 'Call on {ref} confirmed for {when}.',
  nothingToConfirm: 'There is no time waiting for your confirmation on {ref}.',
  noLiveCallback: 'There is no call arranged on {ref}: ask for one first.',
  alreadyConfirmed:
    'A call on {ref} is already confirmed for {when}. Cancel it first to book another time.',
  notStarted: 'The call on {ref} is {when}: mark it held or missed once it has started.',
  reminder: 'In {minutes} minutes: call {customer} ({org}) on {ref}, {when}, at {contact}.',
  held: 'Thanks for the call on {ref}.',
  heldAck: 'The call on {ref} is recorded as held.',
  heldAckMet: 'The call on {ref} is recorded as held; it counts as the response: {met}.',
  heldTeam: '{owner} held the call on {ref}.',
  missed:
    '{owner} could not reach you for the call on {ref} {when}. Ask for another time when it suits you.',
  missedAck: 'The call on {ref} is recorded as missed.',
  missedTeam: '{owner} recorded the call on {ref} ({when}) as missed.',
  cancelled: '{who} cancelled the call on {ref} {when}.',
  cancelledAck: 'The call on {ref} is cancelled.',
  immediateTopOnly:
    'An immediate call is for {top} cases, and {ref} is {severity}: pick a time instead.',
  immediateAck: 'Paged {who} for an immediate call on {ref}: expect a call at {contact} shortly.',
  immediatePage: 'URGENT: {customer} ({org}) needs an immediate call on {ref}: call {contact} now.',
  immediateTeam: 'Immediate call asked on {ref} ({severity}) by {customer}: {contact}.',
  onCallWho: 'the on-call engineers',
  inviteTitle: 'Support call: {ref} {title}',
  inviteDescription: 'casebot scheduled call on {ref} with {owner}. Call: {contact}.',
  listRequested: 'call asked for, no time chosen yet',
  listBooked: 'call asked for {when}, to confirm',
  listProposed: 'call proposed for {when}, to confirm',
  listConfirmed: 'call {when}',
  listImmediate: 'immediate call asked',
} as const;

export type CallbackMessageKey = keyof typeof CALLBACK_MESSAGES;

/** The sentence for `key` with its `{placeholders}` filled in (values are inserted as given). */
export function callbackText(
  key: CallbackMessageKey,
  values: Record<string, string | number> = {},
): string {
  return CALLBACK_MESSAGES[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
