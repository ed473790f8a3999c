// The inbound contract: everything an adapter may ask of the core. An adapter turns a platform
// event into one of these calls and renders the returned view in its own idiom (a threaded reply,
// an ephemeral, a modal with inline errors). Cross-place effects (the team alert, relays, the
// customer's notification of a claim) are posted by the core through the adapter's ChatPort.
import type { Place, Platform } from '../model.js';
import type {
  CaseConfirmationView,
  CaseFormErrors,
  CaseFormInput,
  CaseFormView,
  CaseListView,
  FlagFormView,
  HomeView,
  NoticeView,
  SuggestionsView,
} from '../views.js';

/** Who is acting, as the platform knows them. The core maps this to a Person and an Org. */
export interface Actor {
  platform: Platform;
  userId: string;
  displayName: string;
  /** Slack workspace (team) id of the user: Slack Connect customers come from their own. */
  workspaceId?: string | null;
  /** Channel the actor acted in: a Slack Connect shared channel can identify the org (kind 'channel'). */
  channelId?: string | null;
  /** Discord guild the interaction came from. */
  guildId?: string | null;
  /** Discord role ids (or Slack user group ids) the user holds. */
  roleIds?: string[];
  /** The adapter saw a platform permission that makes the user a moderator (Manage Messages). */
  platformModerator?: boolean;
  /** The user's locale as the platform reports it (Slack users.info, Discord interaction locale). */
  locale?: string | null;
}

export interface AskRequest {
  actor: Actor;
  place: Place;
  question: string;
  product?: string | null;
}

/** A moderator about to flag a post: what the flag dialog needs to offer the right choices. */
export interface FlagFormRequest {
  actor: Actor;
  /** The public message being flagged. */
  message: Place & { messageId: string };
  /**
   * Who wrote it, with what the platform says of them in that message (their Slack Connect
   * workspace, their Discord roles): an author casebot has never met is placed in their org by
   * these, as they would be had they asked a question there.
   */
  author: { userId: string; displayName: string; workspaceId?: string | null; roleIds?: string[] };
}

export interface FlagRequest extends FlagFormRequest {
  /**
   * The post's text; null when the adapter no longer holds it (a flag redone after a crash, by a
   * process that never saw the dialog): the text its first run recorded on the case is used.
   */
  text: string | null;
  /** The moderator's choice; absent: the policy's default for the author's tier. */
  severity?: number | null;
  /** The moderator asks for the public post to be removed (its text stays on the case). */
  removeOriginal?: boolean;
}

export interface MessageRequest {
  actor: Actor;
  place: Place;
  text: string;
}

/** A new severity for a case, with why (kept in the case history and shown to both sides). */
export interface SeverityChangeRequest {
  actor: Actor;
  caseIdOrReference: string;
  /** The policy's level number (1 = most severe). */
  severity: number;
  reason: string;
}

/** What follows `/away`, `/shift` as typed (the core reads it, so every platform reads it alike). */
export type AvailabilityRequest =
  { kind: 'away'; text: string } | { kind: 'back' } | { kind: 'shift'; text: string };

/** `pending`: the case waits on the customer (the policy's milestones pause until they reply). */
export type CaseAction = 'claim' | 'unclaim' | 'resolve' | 'reopen' | 'close' | 'pending';

export type { RateRequest, RatingCommentRequest } from './rate.js';
export type { CallbackRequest } from '../callbacks/callback-flow.js';
import type { CallbackRequest } from '../callbacks/callback-flow.js';
import type { RateRequest, RatingCommentRequest } from './rate.js';

export interface Desk {
  /** A customer's question → suggestions (or "no good match"); recorded as a deflection. */
  ask(request: AskRequest): Promise<SuggestionsView>;
  /**
   * *This solved it*: records the outcome; only the asker may press it. `articleNumber` (1-based,
   * as shown) names the suggestion that solved it (default the first): the question is taught to it.
   */
  markSolved(actor: Actor, deflectionId: string, articleNumber?: number): Promise<NoticeView>;
  /** *Open a case*: the form to show, or a notice (no org access, not the asker). */
  caseForm(
    actor: Actor,
    deflectionId: string | null,
    question?: string,
  ): Promise<CaseFormView | NoticeView>;
  /**
   * Submits the form. On success the case is stored, the team alerted (through ChatPort) and the
   * confirmation returned for the adapter to show in the customer's place; on bad input the errors
   * come back per field. With an `intakeKey` (the platform's id of this form, Slack `view.id`),
   * the same form submitted again opens nothing: it gets its first case (and its missing alert).
   */
  submitCase(
    actor: Actor,
    place: Place,
    form: CaseFormInput,
    intake?: { intakeKey: string },
  ): Promise<CaseConfirmationView | CaseFormErrors | NoticeView>;
  /**
   * Claim / unclaim / resolve / reopen / close / pending (waiting on the customer) by case id or
   * reference; the loser of a race is told who has it.
   */
  act(actor: Actor, caseIdOrReference: string, action: CaseAction): Promise<NoticeView>;
  reassign(actor: Actor, caseIdOrReference: string, toUserId: string): Promise<NoticeView>;
  /**
   * The owner of a resolved case drafts a KB article from it (internal, `draft: true`, in the
   * drafts folder); anyone else, an unresolved case or an unwritable folder gets a notice.
   */
  draftArticle(actor: Actor, caseIdOrReference: string): Promise<NoticeView>;
  /** Staff: the learned phrasings (of one article), or removing one by its number. */
  learnedPhrasings(
    actor: Actor,
    request: { remove: number } | { articleId: string | null },
  ): Promise<NoticeView>;
  /**
   * The requester or an engineer changes the severity, with a reason: the SLA targets are
   * recomputed, the alert re-rendered, the other side told; refusals come back as notices.
   */
  changeSeverity(request: SeverityChangeRequest): Promise<NoticeView>;
  /**
   * A message in a thread the core may know: an alert thread (engineer → customer, unless it is an
   * internal note) or a customer's case thread (customer → engineers). Returns null when the place
   * belongs to no case, so the adapter can treat the text as a question instead.
   */
  message(request: MessageRequest): Promise<NoticeView | null>;
  /**
   * Moderators only: the choices to offer before a flag (the severities the author's tier may
   * open, whether the post can be removed), or a notice refusing the moderator.
   */
  flagForm(request: FlagFormRequest): Promise<FlagFormView | NoticeView>;
  /** Moderators only: a public thread becomes a private case for its author. */
  flag(request: FlagRequest): Promise<NoticeView>;
  /**
   * CSAT: the requester rates a resolution 1–5 (once per resolution, within the rating window),
   * with an optional comment; the team's alert thread sees it. Bad scores and late or repeated
   * answers come back as notices, nothing recorded.
   */
  rate(request: RateRequest): Promise<NoticeView>;
  /** The comment after a score given alone (a button): once, on that same rating. */
  commentOnRating(request: RatingCommentRequest): Promise<NoticeView>;
  /** A customer's open cases (own org only), or an engineer's team queue by time left. */
  status(actor: Actor): Promise<CaseListView | NoticeView>;
  queue(actor: Actor): Promise<CaseListView | NoticeView>;
  /**
   * Engineers only: `/away [until …]`, `/back`, `/shift 08:00-17:00 Europe/Paris` change their own
   * availability or shift at once (stored; routing reads it on its next decision).
   */
  availability(actor: Actor, request: AvailabilityRequest): Promise<NoticeView>;
  /**
   * *Why this time?*: the case's target explained (windows counted, days skipped and why, pauses,
   * the rule). Anyone who may see the case.
   */
  explain(actor: Actor, caseIdOrReference: string): Promise<NoticeView>;
  /**
   * Scheduled callbacks on a case (`callback …` as typed, or a button's equivalent): the times
   * offered, a time or windows picked, the owner's confirmation or proposal, held / missed /
   * cancelled, a critical incident's immediate call. Refusals come back as notices.
   */
  callback(request: CallbackRequest): Promise<NoticeView>;
  /** The App Home: an engineer's queue, a lead's week, a customer's help text. */
  home(actor: Actor): Promise<HomeView | NoticeView>;
  /**
   * `/lang [code|auto]`: shows the person's language and where it comes from, sets it (kept until
   * the setup file changes it), or goes back to following the platform. Anyone.
   */
  language(actor: Actor, request: string): Promise<NoticeView>;
  /**
   * Whether a case lives in this place (its alert's or its customer's): an adapter removing the
   * empty threads a given-up form left keeps a case's, whose customer may still be added.
   */
  hasCaseAt(place: Place): Promise<boolean>;
}
