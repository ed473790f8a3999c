// The support domain's shared vocabulary. Every layer speaks these types; none of them knows a
// platform SDK or a database. See ../../../shared/DOMAIN.md for where the words come from.

/** Where a person talks to the bot. `shell` is the embedded terminal adapter. */
export type Platform = 'shell' | 'slack' | 'discord';

export type Role = 'customer' | 'engineer' | 'moderator' | 'admin';

export type Deployment = 'cloud' | 'self-managed';

export type CaseType = 'bug' | 'feature' | 'question' | 'account' | 'maintenance';

export type CaseStatus = 'open' | 'claimed' | 'waiting-on-customer' | 'resolved' | 'closed';

export type Availability = 'available' | 'away' | 'training';

/** A severity is a level of the active policy: 1 is the most severe. Labels come from the policy. */
export type Severity = number;

/** Tier ids come from the policy (e.g. `enterprise`, `gold`, `development`). */
export type TierId = string;

/**
 * The targets a case can owe. `reopen` is the response owed after a resolved case is reopened
 * (the policy's reopen target, counted from the reopening).
 */
/**
 * `customer-update` is the follow-up cadence (policy `updateCadence`): after the first response the
 * customer is owed an update every so often; it is met by an engineer's reply and starts again.
 */
export type MilestoneKind =
  'first-response' | 'next-response' | 'resolution' | 'reopen' | 'customer-update';

/**
 * What a milestone is, exactly one of (derived by core/sla/milestone-state.ts):
 * - `running`: owed, its clock runs and its due instant is still ahead;
 * - `paused`: owed, its clock stopped while the case waits on the customer (`pausedAt`); the
 *   customer's reply resumes it with the time it had left;
 * - `met`: answered (an engineer's reply, or the case resolved) by its due instant;
 * - `breached`: owed and past its due instant;
 * - `met-late`: answered after its due instant ("met late", never just "met").
 */
export type MilestoneState = 'running' | 'paused' | 'met' | 'breached' | 'met-late';

export type DeflectionOutcome = 'pending' | 'solved' | 'escalated' | 'no-answer' | 'abandoned';

export type CaseEventKind =
  | 'opened'
  | 'suggestions-shown'
  | 'claimed'
  | 'unclaimed'
  | 'reassigned'
  | 'replied'
  | 'internal-note'
  | 'severity-changed'
  | 'sla-warned'
  | 'sla-breached'
  /** The escalation ladder's overrun rung: the named contact told of a target still unanswered. */
  | 'sla-escalated'
  | 'sla-met'
  | 'resolved'
  | 'reopened'
  | 'closed'
  | 'flagged'
  | 'waiting-on-customer'
  | 'customer-wait-ended'
  | 'customer-reminded'
  /** Scheduled callbacks (core/callbacks/): asked for, a slot booked or proposed, confirmed, … */
  | 'callback-requested'
  | 'callback-booked'
  | 'callback-confirmed'
  | 'callback-reminded'
  | 'callback-paged'
  | 'callback-held'
  | 'callback-missed'
  | 'callback-cancelled';

/** A person's account on one platform (Slack user id, Discord user id, shell handle). */
export interface PlatformIdentity {
  platform: Platform;
  userId: string;
}

/** What identifies an org on a platform: a Slack team or channel, a Discord guild or role. */
export interface OrgIdentity {
  platform: Platform;
  kind: 'team' | 'channel' | 'guild' | 'role' | 'user';
  value: string;
}

export interface WeeklyHours {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Local wall-clock "HH:MM". */
  start: string;
  end: string;
}

export interface BusinessCalendar {
  timeZone: string;
  hours: WeeklyHours;
  /** ISO 3166 country for public holidays (date-holidays), optional region/state. */
  country?: string;
  region?: string;
  /** Extra closed dates "YYYY-MM-DD" (company days off). */
  extraClosedDates?: string[];
}

export interface Org {
  id: string;
  slug: string;
  name: string;
  tier: TierId;
  deployment: Deployment;
  calendar: BusinessCalendar;
  identities: OrgIdentity[];
  /** The org's language (a catalogue code), the last fallback before English. */
  language?: string | null;
}

export interface Shift {
  /** Local wall-clock "HH:MM" in the engineer's time zone; end may be before start (overnight). */
  start: string;
  end: string;
  days: number[];
}

export interface Person {
  id: string;
  handle: string;
  displayName: string;
  orgId: string | null;
  roles: Role[];
  identities: PlatformIdentity[];
  teamId: string | null;
  timeZone: string | null;
  shift: Shift | null;
  capacity: number;
  /** As stored; read it through `availabilityAt` (routing/availability.ts), which applies `awayUntil`. */
  availability: Availability;
  /** Set by `/away until …`: from this instant the person counts as available again. */
  awayUntil?: Date | null;
  /** Their own choice (`/lang`, setup file); null: follow the platform, then the org. */
  language?: string | null;
  /** The locale their platform last reported (run-time state, never from the setup file). */
  locale?: string | null;
}

export interface TeamChannel {
  platform: Platform;
  channelId: string;
}

export interface Team {
  id: string;
  slug: string;
  name: string;
  products: string[];
  channels: TeamChannel[];
  /** Role (Slack user group id, Discord role id) pinged when a case is opened at or raised to severity 1, and when it breaches. */
  onCall: { platform: Platform; roleId: string }[];
  /** The language of the team's alerts and notices; null: English. */
  language?: string | null;
}

/** A place a message lives: a channel, optionally a thread in it, optionally one message. */
export interface Place {
  platform: Platform;
  channelId: string;
  threadId?: string | null;
  messageId?: string | null;
}

export interface SupportCase {
  id: string;
  number: number;
  /** Human reference, e.g. CASE-1042. */
  reference: string;
  orgId: string;
  requesterId: string;
  teamId: string | null;
  title: string;
  situation: string;
  severity: Severity;
  seriousness: string;
  product: string;
  type: CaseType;
  status: CaseStatus;
  assigneeId: string | null;
  origin: Place | null;
  /** Where the customer side of the conversation happens (thread, DM, private thread). */
  customerPlace: Place | null;
  /** Where the team alert was posted (its thread carries the engineers' side). */
  alertPlace: Place | null;
  openedAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  updatedAt: Date;
  /** When the case started waiting on the customer; null when it is not waiting. */
  waitingSince: Date | null;
  /** The next instant the SLA loop acts on the wait (the reminder, then the close); null: none. */
  followUpAt: Date | null;
  /** When the one reminder of the current wait was recorded; null: not yet. */
  remindedAt: Date | null;
}

export interface CaseEvent {
  id: string;
  caseId: string;
  kind: CaseEventKind;
  actorId: string | null;
  at: Date;
  data: Record<string, unknown>;
}

export interface SlaMilestone {
  id: string;
  caseId: string;
  kind: MilestoneKind;
  startedAt: Date;
  dueAt: Date;
  businessHours: boolean;
  metAt: Date | null;
  breachedAt: Date | null;
  /** Highest warning threshold already sent (e.g. 0.75), or null. */
  warnedAt: number | null;
  /** The next instant the SLA loop must look at this milestone (warning or breach); null when done. */
  nextCheckAt: Date | null;
  /**
   * When its clock stopped because the case waits on the customer; null while it runs. A resumed
   * milestone has its `startedAt` and `dueAt` moved on by the pause (working time for a business
   * target), so `startedAt` is where the clock would have started had it never paused.
   */
  pausedAt: Date | null;
}

/**
 * A requester's satisfaction rating (CSAT) of one resolution of a case: 1 (poor) to 5 (excellent),
 * with an optional comment. `resolution` numbers the case's resolutions (1, then 2 once reopened
 * and resolved again, …): each is asked once.
 */
export interface CaseRating {
  id: string;
  caseId: string;
  resolution: number;
  resolvedAt: Date;
  raterId: string;
  score: number;
  comment: string | null;
  ratedAt: Date;
  /** The piece of work that recorded it (core/delivery/work-scope.ts); null outside one. */
  workKey: string | null;
}

export interface Deflection {
  id: string;
  askedAt: Date;
  platform: Platform;
  askerId: string | null;
  orgId: string | null;
  question: string;
  articleIds: string[];
  outcome: DeflectionOutcome;
  /** When the outcome was decided (app clock); null while pending. */
  outcomeAt: Date | null;
  caseId: string | null;
  /** When the asker first opened a suggested article through casebot's pages (null: never). */
  openedAt: Date | null;
}
