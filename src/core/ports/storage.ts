// The storage ports the case core needs. src/store/ implements them with Prisma (SQLite or
// PostgreSQL); use cases receive them as arguments, so tests can hand in a real SQLite store and
// nothing in core/ knows which database is behind them.
import type { LearnedPhrasingRepository } from '../ports/learned.js';
import type { MessageJournal } from './journal.js';
import type { CallbackRepository } from '../ports/callbacks.js';
import type {
  CaseEvent,
  CaseRating,
  CaseEventKind,
  CaseStatus,
  Deflection,
  DeflectionOutcome,
  MilestoneKind,
  Place,
  Platform,
  Severity,
  SlaMilestone,
  SupportCase,
} from '../model.js';

// Directory (orgs, people, teams) lives in directory.ts; re-exported here so that every
// storage port is importable from this one file.
export type { Directory, OrgInput, PersonInput, TeamInput } from './directory.js';
import type { Directory } from './directory.js';

// ---------------------------------------------------------------------------------------------
// Cases

export type NewCase = Pick<
  SupportCase,
  | 'orgId'
  | 'requesterId'
  | 'teamId'
  | 'title'
  | 'situation'
  | 'severity'
  | 'seriousness'
  | 'product'
  | 'type'
  | 'origin'
  | 'customerPlace'
  | 'openedAt'
> & {
  /**
   * The platform submission that opens it (Slack `view.id`), unique among cases: a resubmitted
   * form finds the case its first submission opened instead of opening another.
   */
  intakeKey?: string | null;
};

/** `create` met a case already opened with this intake key (two submissions at once). */
export class IntakeKeyTakenError extends Error {
  readonly code = 'INTAKE_KEY_TAKEN';
  constructor(readonly intakeKey: string) {
    super(`a case was already opened by submission ${intakeKey}`);
    this.name = 'IntakeKeyTakenError';
  }
}

/** Fields a use case may change; omitted fields are left alone, `null` clears. */
export interface CasePatch {
  teamId?: string | null;
  severity?: Severity;
  status?: CaseStatus;
  assigneeId?: string | null;
  customerPlace?: Place | null;
  alertPlace?: Place | null;
  resolvedAt?: Date | null;
  closedAt?: Date | null;
  waitingSince?: Date | null;
  followUpAt?: Date | null;
  remindedAt?: Date | null;
  updatedAt: Date;
}

export type ClaimResult =
  | { won: true; case: SupportCase }
  /** Someone else holds it (`assigneeId`) or the case is no longer claimable (`status`). */
  | { won: false; reason: 'taken'; assigneeId: string | null; status: CaseStatus }
  /** The assignee already holds `open` open cases, counted atomically with the claim. */
  | { won: false; reason: 'at-capacity'; open: number };

export interface CaseQuery {
  orgId?: string;
  teamId?: string;
  assigneeId?: string | null;
  requesterId?: string;
  statuses?: CaseStatus[];
  limit?: number;
}

/** Statuses that count as work in progress (capacity, queues, "open cases"). */
export const OPEN_STATUSES: readonly CaseStatus[] = ['open', 'claimed', 'waiting-on-customer'];

export interface CaseRepository {
  /**
   * Inserts a case with the next human number (CASE-1001, CASE-1002, …). Throws
   * IntakeKeyTakenError when another case holds its intake key (nothing is written).
   */
  create(input: NewCase): Promise<SupportCase>;
  byId(id: string): Promise<SupportCase | null>;
  /** Several cases in one query (missing ids are absent; order not guaranteed). */
  byIds(ids: string[]): Promise<SupportCase[]>;
  /** `CASE-1042`, `case-1042` or `1042`. */
  byReference(reference: string): Promise<SupportCase | null>;
  /** The case a platform submission opened (see `NewCase.intakeKey`). */
  byIntakeKey(intakeKey: string): Promise<SupportCase | null>;
  /** The case whose alert thread or customer place is this channel (+ thread when given). */
  byPlace(place: Place): Promise<SupportCase | null>;
  /** Ordered by openedAt ascending. */
  list(query: CaseQuery): Promise<SupportCase[]>;
  /** Open-case counts per person (people with none are absent from the map). */
  countOpenByAssignee(personIds: string[]): Promise<Map<string, number>>;
  /**
   * Atomic claim: a single conditional update that succeeds only while nobody holds the case and it
   * is open (it becomes claimed) or waiting on the customer (it stays waiting); of N concurrent claims exactly one wins. With `limits.maxOpen`, it also succeeds only
   * while the assignee holds fewer open cases: claims by one assignee are serialised around that
   * count, so two simultaneous claims on different cases cannot both pass the last free slot.
   */
  claim(
    caseId: string,
    assigneeId: string,
    at: Date,
    limits?: { maxOpen: number },
  ): Promise<ClaimResult>;
  /**
   * Conditional assignment change: applies only while the assignee is still `expectedAssigneeId`
   * (protects unclaim/reassign against a concurrent change). Returns the case, or null when it
   * changed under us.
   */
  changeAssignee(
    caseId: string,
    expectedAssigneeId: string | null,
    patch: CasePatch,
  ): Promise<SupportCase | null>;
  update(caseId: string, patch: CasePatch): Promise<SupportCase>;
  /**
   * Conditional update: applies only while the case still has the `expected` severity and one of
   * the `expected` statuses (a severity change read the case earlier and must not overwrite a
   * concurrent change or resolve). Returns the case, or null when it changed under us.
   */
  updateIf(
    caseId: string,
    expected: {
      severity?: Severity;
      statuses?: readonly CaseStatus[];
      /** The wait's follow-up the caller read (null: none): a wait ended or moved meanwhile wins. */
      followUpAt?: Date | null;
    },
    patch: CasePatch,
  ): Promise<SupportCase | null>;
  /** Cases whose wait on the customer calls for a follow-up at `now` (indexed), earliest first. */
  dueFollowUps(now: Date, limit: number): Promise<SupportCase[]>;
}

// ---------------------------------------------------------------------------------------------
// SLA milestones

export interface NewMilestone {
  caseId: string;
  kind: MilestoneKind;
  startedAt: Date;
  dueAt: Date;
  businessHours: boolean;
  nextCheckAt: Date | null;
}

export interface MilestoneRepository {
  create(input: NewMilestone): Promise<SlaMilestone>;
  /**
   * Starts the case's milestone of that kind, or restarts it once met (one row per case and kind:
   * next-response runs again after each answered customer message). Returns null, changing
   * nothing, while one is still running, so a second customer message keeps the earlier clock.
   */
  start(input: NewMilestone): Promise<SlaMilestone | null>;
  forCase(caseId: string): Promise<SlaMilestone[]>;
  /** The milestones of several cases in one query, ordered by dueAt ascending. */
  forCases(caseIds: string[]): Promise<SlaMilestone[]>;
  /** Milestones whose `nextCheckAt` ≤ now (indexed), earliest first: the SLA loop's work list. */
  dueForCheck(now: Date, limit: number): Promise<SlaMilestone[]>;
  /**
   * Records a warning level only if the stored level is still `previousLevel` (so that two
   * replicas never send the same warning twice). Returns whether this caller won.
   */
  markWarned(
    id: string,
    previousLevel: number | null,
    level: number,
    nextCheckAt: Date | null,
    /** The target the caller measured against: a target moved meanwhile (severity change) wins. */
    expectedDueAt?: Date,
  ): Promise<boolean>;
  /**
   * Sets breachedAt (and clears nextCheckAt) only if not breached yet, nor met, nor paused, nor (with
   * `expectedDueAt`) retargeted meanwhile; returns whether this caller won.
   */
  markBreached(
    id: string,
    at: Date,
    expectedDueAt?: Date,
    /** When the escalation ladder's overrun rung is due (null or absent: nothing after the breach). */
    overrunCheckAt?: Date | null,
  ): Promise<boolean>;
  /**
   * Records the overrun rung of a breached, still unanswered milestone: clears its next check only
   * while it is still `expectedCheckAt` (the one the loop read), so of two replicas one announces.
   */
  markOverrun(id: string, expectedCheckAt: Date): Promise<boolean>;
  /**
   * The SLA loop's next wake-up for a running milestone, only if its target is still the one it
   * measured: a severity change committed meanwhile keeps its new target and check.
   */
  reschedule(id: string, expectedDueAt: Date, nextCheckAt: Date): Promise<boolean>;
  /** Marks the case's unmet milestone of that kind met; returns it, or null when none was pending. */
  markMet(caseId: string, kind: MilestoneKind, at: Date): Promise<SlaMilestone | null>;
  /**
   * New target for a running milestone (severity change, reopen; the SLA loop uses reschedule):
   * resets warnings and the next check. Conditional: a milestone met or breached meanwhile is
   * left alone (re-arming it would make the loop check it forever, or announce a breach twice);
   * returns null then.
   */
  retarget(
    id: string,
    dueAt: Date,
    businessHours: boolean,
    nextCheckAt: Date | null,
  ): Promise<SlaMilestone | null>;
  /**
   * Clears the next check of a milestone that is already met, breached or paused (nothing is left
   * to announce until it resumes); a running one, or one restarted meanwhile, is left alone.
   */
  clearDoneCheck(id: string): Promise<void>;
  /**
   * Stops the clock of the case's running milestones of these kinds (not met, not breached or past
   * due, not paused): `pausedAt` set, next check cleared, in one conditional update. Returns those paused.
   */
  pause(caseId: string, kinds: readonly MilestoneKind[], at: Date): Promise<SlaMilestone[]>;
  /**
   * Restarts a paused milestone with the clock given (its start and due instant moved on by the
   * pause), only while it is still paused since `expectedPausedAt`; null otherwise.
   */
  resume(
    id: string,
    expectedPausedAt: Date,
    clock: { startedAt: Date; dueAt: Date; nextCheckAt: Date | null },
  ): Promise<SlaMilestone | null>;
  /** Stops checking (case resolved/closed): clears nextCheckAt on every unmet milestone. */
  stopChecks(caseId: string): Promise<void>;
  /**
   * Deletes a milestone still running (not met, not breached): false when it was met or breached
   * meanwhile, whose record must stay.
   */
  removeIfRunning(id: string): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// Audit log (append-only: no update, no delete)

export interface NewCaseEvent {
  caseId: string;
  kind: CaseEventKind;
  actorId: string | null;
  at: Date;
  data?: Record<string, unknown>;
}

export interface CaseEventLog {
  append(event: NewCaseEvent): Promise<CaseEvent>;
  /** Appends several events in one statement (the SLA loop's batch of warnings). */
  appendMany(events: NewCaseEvent[]): Promise<void>;
  /** Oldest first. */
  forCase(caseId: string): Promise<CaseEvent[]>;
}

// ---------------------------------------------------------------------------------------------
// Ratings (CSAT)

export type NewRating = Omit<CaseRating, 'id'>;

export type RatingRecorded =
  | { recorded: true; rating: CaseRating }
  /** The resolution was rated already (the unique key on case + resolution): nothing written. */
  | { recorded: false; existing: CaseRating };

export interface RatingRepository {
  /** Records the rating of one resolution; a second one for the same resolution writes nothing. */
  record(input: NewRating): Promise<RatingRecorded>;
  forResolution(caseId: string, resolution: number): Promise<CaseRating | null>;
  /** Adds the comment only while the rating has none (one comment, like one score); null otherwise. */
  addComment(id: string, comment: string): Promise<CaseRating | null>;
}

// ---------------------------------------------------------------------------------------------
// Deflections

export interface NewDeflection {
  askedAt: Date;
  platform: Platform;
  askerId: string | null;
  orgId: string | null;
  question: string;
  articleIds: string[];
  /**
   * Decided as it is asked (nothing to offer), at `askedAt`; absent: pending. Written with the row,
   * not after it: every such question would otherwise cost a second statement.
   */
  outcome?: 'no-answer';
}

export interface DeflectionReport {
  from: Date | null;
  to: Date | null;
  total: number;
  byOutcome: Record<DeflectionOutcome, number>;
  /** solved / (questions with a final outcome); null when there is none. */
  deflectionRate: number | null;
}

export interface DeflectionRepository {
  record(input: NewDeflection): Promise<Deflection>;
  byId(id: string): Promise<Deflection | null>;
  /** Records an outcome decided at `at` (the app clock, so `/clock` and tests move it). */
  setOutcome(
    id: string,
    outcome: DeflectionOutcome,
    at: Date,
    caseId?: string | null,
  ): Promise<Deflection>;
  /**
   * Questions still pending that were asked in [askedFrom, askedBefore) become 'abandoned' (outcome
   * time `at`), in one conditional update over the askedAt index; returns how many. `askedFrom`
   * null means from the beginning.
   */
  abandonPending(range: { askedFrom: Date | null; askedBefore: Date }, at: Date): Promise<number>;
  /**
   * Records that the asker opened a suggested article at `at`; only the first opening counts.
   * False when the question is unknown or was opened before.
   */
  recordOpened(id: string, at: Date): Promise<boolean>;
  /** Deflections asked in [from, to) (either bound optional). */
  report(range?: { from?: Date; to?: Date }): Promise<DeflectionReport>;
}

// ---------------------------------------------------------------------------------------------
// Delivery ledger: which platform events were taken for processing, shared by every replica and
// surviving restarts, so that a platform's redelivery of the same event (Slack retries with the
// same event_id) is processed once. Keys are namespaced by platform ("slack:<event_id>").

export type DeliveryClaim = 'process' | 'duplicate';

export interface DeliveryLedger {
  /**
   * Takes the event for processing. 'process' for the first claim, and for a claim that was never
   * marked done and is at least `leaseMs` old (its processing crashed: nothing is lost); of several
   * concurrent takeovers exactly one gets 'process'. 'duplicate' once done, or while a younger
   * claim is still being processed.
   */
  claim(key: string, now: Date, leaseMs: number, payload?: string): Promise<DeliveryClaim>;
  /** Marks the event processed: every later claim is a duplicate. */
  done(key: string, now: Date): Promise<void>;
  /**
   * Keeps a claim being processed from looking stale (its process is slow, not dead): moves the
   * claim taken at `claimedAt` to `now`, so its lease runs from now. False when that claim is no
   * longer the row's (done, taken over by another process, pruned): the caller stops renewing.
   */
  renew(key: string, claimedAt: Date, now: Date): Promise<boolean>;
  /**
   * Takes up to `limit` claims that carry their work (`payload`), were never marked done and are
   * at least `leaseMs` old (their processing died with its process), oldest first, each with one
   * conditional update (one taker wins). Claims taken `maxReplays` times are left for an operator.
   */
  takeStale(
    now: Date,
    leaseMs: number,
    limit: number,
    maxReplays: number,
  ): Promise<{ key: string; payload: string; replays: number }[]>;
  /** Undone claims that carry work, and the age of the oldest (ms). */
  backlog(now: Date): Promise<{ undone: number; oldestMs: number }>;
  /** Forgets events claimed before `olderThan` (platforms stop retrying long before); returns how many. */
  prune(olderThan: Date): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Reminder digests: warnings held back to be sent to one engineer together (policy reminderDigest).

export interface HeldWarning {
  id: string;
  personId: string;
  /** The end of its window: the digest goes out from then on. */
  dueAt: Date;
  key: string;
  payload: string;
}

export interface DigestRepository {
  /** Holds a warning (inside the transaction that records its level); a key held already is kept. */
  hold(entry: Omit<HeldWarning, 'id'>): Promise<void>;
  /** Held warnings not sent whose window ended at `now` (indexed), earliest first. */
  due(now: Date, limit: number): Promise<HeldWarning[]>;
  /** Marks them sent, only those not sent yet (one conditional update); returns how many. */
  markSent(ids: string[], at: Date): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// The bundle

export interface Repositories {
  directory: Directory;
  cases: CaseRepository;
  milestones: MilestoneRepository;
  events: CaseEventLog;
  deflections: DeflectionRepository;
  ratings: RatingRepository;
  /** Platform events and other replayable work taken for processing (see DeliveryLedger). */
  deliveries: DeliveryLedger;
  /** Warnings held for an engineer's digest. */
  digests: DigestRepository;
  /** Every outbound chat message, written before it is sent (see journal.ts). */
  journal: MessageJournal;
  /** Questions taught to articles (solved, or answered with a link): search evidence. */
  learned: LearnedPhrasingRepository;
  /** Scheduled callbacks (core/callbacks/). */
  callbacks: CallbackRepository;
}

/**
 * Repositories plus a unit of work: everything written through `tx` inside `work` commits
 * together or not at all (a crash or a throw half-way leaves nothing behind). Inside `work`, use
 * only `tx`: on SQLite the store's own methods wait until the transaction ends (they would
 * deadlock), and on PostgreSQL they would run outside it.
 */
export interface CaseStore extends Repositories {
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
}
