// Neutral view models: what the core wants shown, never how. Each adapter renders every kind in
// its own idiom (Block Kit, embeds, plain text). All user-written text in here is raw: adapters
// escape it for their platform.
import type { CaseType, MilestoneKind, MilestoneState, Place, Severity, TierId } from './model.js';

/**
 * Every view says which language its reader gets (a catalogue code, see core/i18n): the core
 * writes its sentences in it and the adapter renders its own labels (buttons, field names) in it.
 * Absent: English.
 */
export interface Localized {
  language?: string;
}

export interface ArticleSuggestion {
  id: string;
  title: string;
  snippet: string;
  url: string;
  section: string | null;
  score: number;
}

/** Answer to a question: suggestions (possibly none) and the buttons the asker may press. */
export interface SuggestionsView extends Localized {
  kind: 'suggestions';
  deflectionId: string;
  question: string;
  askerUserId: string;
  articles: ArticleSuggestion[];
  /** True when nothing scored above the confidence threshold. */
  noGoodMatch: boolean;
  /** Whether the *Open a case* button is offered (false when the asker maps to no org). */
  canOpenCase: boolean;
}

export interface SeverityOption {
  value: Severity;
  label: string;
  description: string;
}

/** The longest text the core accepts per typed field (characters, after trimming). */
export interface CaseFormLimits {
  title: number;
  situation: number;
  seriousness: number;
}

export interface CaseFormView extends Localized {
  kind: 'case-form';
  deflectionId: string | null;
  /** Forms enforce these (or their platform's lower maximum) and show the title's. */
  limits: CaseFormLimits;
  severityOptions: SeverityOption[];
  productOptions: string[];
  typeOptions: CaseType[];
  prefill: {
    title: string;
    situation: string;
    severity: Severity | null;
    seriousness: string;
    product: string | null;
    type: CaseType;
  };
}

/**
 * The moderator's dialog before a flag: the severity (only the levels the author's tier may open;
 * none when the author maps to no org, as no case will be opened) and whether to remove the post.
 */
export interface FlagFormView extends Localized {
  kind: 'flag-form';
  authorName: string;
  /** The author's org; null: they map to none, the flag moves the post but opens no case. */
  orgName: string | null;
  severityOptions: SeverityOption[];
  /** Preselected: the policy's default for the tier (what a flag without a choice opens). */
  defaultSeverity: Severity | null;
  /** Whether this platform's adapter can remove posts at all (it may still lack a permission). */
  canRemove: boolean;
}

/** The fields of a submitted case form, as typed (strings) by the customer. */
export interface CaseFormInput {
  deflectionId?: string | null;
  title: string;
  situation: string;
  severity: string;
  seriousness: string;
  product: string;
  type: string;
}

export type CaseFormField = keyof Omit<CaseFormInput, 'deflectionId'>;

export interface CaseFormErrors extends Localized {
  kind: 'case-form-errors';
  errors: Partial<Record<CaseFormField, string>>;
}

export interface CaseConfirmationView extends Localized {
  kind: 'case-confirmation';
  caseReference: string;
  title: string;
  severityLabel: string;
  /** e.g. "within 4 business hours". */
  targetText: string;
  dueAt: Date | null;
  /** e.g. "Monday 11:30 (Europe/Paris)", in the customer's time zone. */
  dueLocalText: string | null;
  /** The tier includes phone support: adapters offer a *Request a call* button (absent: no). */
  canRequestCall?: boolean;
}

/** A real ping the adapter renders in its platform's syntax (never taken from user text). */
export interface Mention {
  kind: 'user' | 'role';
  id: string;
}

/**
 * The alert's state: the case's status once it is resolved or closed, else its SLA: `breached`
 * (the target owed is past due), `met-late` (nothing owed, and the last target was met after its
 * due instant: it never reads as met), `paused` (the case waits on the customer), `warned`, else
 * `claimed` or `new`.
 */
export type AlertState =
  'new' | 'claimed' | 'warned' | 'breached' | 'met-late' | 'paused' | 'resolved' | 'closed';

/**
 * One SLA target of a case and its true state (see MilestoneState): the owed one due first, else
 * the one met last. Adapters say `met-late` as "met late", never as "met".
 */
export interface MilestoneSummary {
  kind: MilestoneKind;
  /** "first response", "next response", "response after reopening". */
  name: string;
  state: MilestoneState;
  /** The name and the state as every adapter says them: "first response met late". */
  text: string;
  dueAt: Date;
  /** When it was met (on time or late); null while owed. */
  metAt: Date | null;
  /** Paused only: when its clock stopped (the case waits on the customer). */
  pausedAt?: Date | null;
  /** Paused only: the time it keeps for when it resumes (working time for business hours). */
  pausedMsLeft?: number | null;
}

/** The team-channel alert; re-rendered (updated in place) on claim, warnings and breach. */
export interface CaseAlertView extends Localized {
  kind: 'case-alert';
  caseId: string;
  caseReference: string;
  severity: Severity;
  severityLabel: string;
  /** Severity 1 alerts must be unmistakable. */
  isTopSeverity: boolean;
  tier: TierId;
  tierLabel: string;
  orgName: string;
  title: string;
  /**
   * What the customer typed about the situation (symptoms, errors, what they tried), raw and in
   * full; null when it says no more than the title. Adapters shorten it to what their alert holds.
   */
  situation: string | null;
  seriousness: string;
  product: string;
  type: CaseType;
  dueAt: Date | null;
  /**
   * Milliseconds left to `dueAt` when rendered, counted like the target (working time for a
   * business-hours target; negative once breached). Absent or null: none, or not computed.
   */
  msLeft?: number | null;
  targetText: string;
  state: AlertState;
  /** The target the alert is about and its state; null when the case has none; absent: unknown. */
  milestone?: MilestoneSummary | null;
  /** The follow-up cadence: when the customer's next update is due; null: none owed. */
  nextUpdate?: MilestoneSummary | null;
  /** Fraction of the first-response target used when the alert was rendered (0..1+). */
  elapsedFraction: number | null;
  suggestedAssignee: {
    personId: string;
    displayName: string;
    platformUserId: string | null;
  } | null;
  assignee: { personId: string; displayName: string; platformUserId: string | null } | null;
  /**
   * Pings for the first post only (the team's on-call role(s) on the alert's platform for the top
   * severity). Absent on updates: re-rendering in place must never notify again.
   */
  mentions?: Mention[];
}

/** A message carried from one side of a case to the other, with who said it. */
export interface RelayView extends Localized {
  kind: 'relay';
  caseReference: string;
  fromName: string;
  fromRole: 'customer' | 'engineer';
  text: string;
}

export type NoticeTone = 'info' | 'success' | 'warning' | 'error';

/** A short line of text: refusals, confirmations, neutral notes ("moved to private support"). */
export interface NoticeView extends Localized {
  kind: 'notice';
  tone: NoticeTone;
  text: string;
  /** An error's reference id, shown to the user and written to the log. */
  errorReference?: string;
  /**
   * A case action the reader may take from the notice, rendered as a button where the platform
   * has them (Reopen on a resolution notice → Desk.act(actor, caseId, 'reopen')).
   */
  offer?: { action: 'reopen'; caseId: string; caseReference: string };
  /** A CSAT ask the reader may answer from the notice (the requester, on a resolution). */
  rating?: RatingOffer;
  /**
   * Pings the adapter renders as real mentions, apart from the text (which never pings): the
   * on-call role(s) when a severity change raises a case to the top level. Absent: nobody.
   */
  mentions?: Mention[];
  /** A scheduled callback: the times the reader may pick and the actions open to them. */
  callback?: CallbackOffer;
  /** A file to attach (a confirmed call's .ics invitation). */
  attachment?: Attachment;
}

/** What a reader may do about a call: pick one of `slots`, or press one of `actions`. */
export interface CallbackOffer {
  caseId: string;
  caseReference: string;
  callbackId: string;
  /** Times to pick, labelled in the reader's time zone; `at` goes back as the chosen time. */
  slots: { at: Date; label: string }[];
  actions: CallbackAction[];
}

export type CallbackAction = 'confirm' | 'held' | 'missed' | 'cancel';

/** A file sent with a message: text content (an iCalendar invitation). */
export interface Attachment {
  filename: string;
  contentType: string;
  content: string;
}

/**
 * The CSAT ask on a resolution notice: `score` offers 1–5 (buttons, or the shell's `/rate`);
 * `comment`, on the thanks for a score, offers an optional comment (a form where the platform has
 * one). `resolution` names the resolution asked about: an answer after a reopen is refused.
 */
export interface RatingOffer {
  ask: 'score' | 'comment';
  caseId: string;
  caseReference: string;
  resolution: string;
}

export interface SlaEventView extends Localized {
  kind: 'sla-event';
  caseReference: string;
  caseId: string;
  title: string;
  severityLabel: string;
  isTopSeverity: boolean;
  /**
   * `overrun`: the target is still unanswered past the ladder's overrun (the escalation contact is
   * told); `update-due`: the follow-up cadence ran out without an update to the customer.
   */
  event: 'warning' | 'breach' | 'overrun' | 'update-due';
  /** Fraction of the target that has elapsed (0.5, 0.75, 0.9, 1; 2 for an overrun). */
  threshold: number;
  dueAt: Date;
  /**
   * Milliseconds left to `dueAt` when the event was raised, counted like the target (working time
   * for a business-hours target; negative once breached), as CaseAlertView.msLeft. Absent: not
   * computed (adapters fall back to the wall-clock difference).
   */
  msLeft?: number | null;
  /** Platform mentions the adapter must render as real pings (on-call role, assignee). */
  mentions: Mention[];
}

export interface CaseSummary {
  caseId: string;
  caseReference: string;
  title: string;
  severityLabel: string;
  status: string;
  orgName: string;
  assigneeName: string | null;
  dueAt: Date | null;
  /** Milliseconds left to the next target (negative when breached), null when none. */
  msLeft: number | null;
  /** The customer org's support tier, as the policy names it; absent: not computed. */
  tierLabel?: string | null;
  /**
   * The target the line is about and its state (the owed one due first, else the one met last);
   * null when the case has none; absent: not computed.
   */
  milestone?: MilestoneSummary | null;
  /** The follow-up cadence: when the customer's next update is due (running, paused or overdue). */
  nextUpdate?: MilestoneSummary | null;
  /** The case's call in progress, said in the reader's time zone ("call Tuesday 3 March 14:00 …"). */
  callText?: string | null;
}

/** A lead's week at a glance (the report's figures for the last 7 days). */
export interface WeekFigures {
  from: Date;
  to: Date;
  /** Honest deflection rate (see `casebot report`); null: nothing decided. */
  deflectionRatePercent: number | null;
  /** Targets met on time ÷ (met + met late + breached), every tier and severity. */
  slaAttainmentPercent: number | null;
  csatAverage: number | null;
  csatRatings: number;
  /** Open cases now, and how many nobody holds. */
  backlog: number;
  unassigned: number;
}

/**
 * The Slack App Home: an engineer's queue (their open cases, and their team's unclaimed ones,
 * most urgent first), a lead's (admin's) week, or a short help text for a customer, who never
 * sees cases here.
 */
export interface HomeView extends Localized {
  kind: 'home';
  audience: 'engineer' | 'customer';
  displayName: string;
  mine: CaseSummary[];
  unclaimed: CaseSummary[];
  /** Admins only: null for everyone else, or when the figures could not be read. */
  week: WeekFigures | null;
  isLead: boolean;
}

export interface CaseListView extends Localized {
  kind: 'case-list';
  audience: 'customer' | 'engineer';
  heading: string;
  cases: CaseSummary[];
}

export type View =
  | SuggestionsView
  | CaseFormView
  | CaseFormErrors
  | CaseConfirmationView
  | CaseAlertView
  | RelayView
  | NoticeView
  | SlaEventView
  | CaseListView;

/** A message the core has posted, so that it can be updated later (alert countdowns). */
export interface PostedMessage {
  place: Place;
  messageId: string;
}
