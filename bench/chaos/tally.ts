// Expected against received. Each logical message the script's actions call for gets a range
// (exactly once; at most once where the script cannot know; never): fewer copies are lost, more
// are duplicated. Only what the script did decides what is owed, never what the app recorded:
// - every question acked by some replica owes one set of suggestions in its thread;
// - every accepted case form owes one case: one team alert, one confirmation, and one SLA post per
//   threshold and one at the breach (nobody answers the customer, so the first response is never
//   met, and the run waits past every due time) — except a level whose whole span (until the next
//   level) passed while no process was up: after downtime the loop reports only the highest level
//   crossed, by design, so such a level is owed at most once;
// - every acked *Claim* press owes its presser one answer (won, taken, or already yours), and a
//   claimed case owes its customer one "X is on it" notice and an alert naming the owner;
// - an SLA post owes the owner a DM when the claim had visibly landed before the threshold
//   instant, none when the post came before anyone pressed *Claim*, and at most one in between;
// - every acked *This solved it* owes one answer.
// A second copy is counted apart ("re-sent after a kill") when its first copy's sender was killed
// within KILL_WINDOW_MS of Slack answering it, and the copy came from a process that could only
// have taken the message over after that death: a later life of the killed replica, or another
// process once a delivery lease had run out. Slack's Web API has no idempotency key, so the app
// asks Slack what it already shows before sending such a message again (message metadata read
// back with conversations.history/replies by the message journal): this count should be 0, but for an ephemeral answer, which Slack cannot list (see
// README.md). A copy sent sooner by a process that was already running is a duplicate: it took
// over a message it did not own.
import type { RecordedCall } from '../../test/fakes/slack/fake-slack.js';
import type { Classified, MessageKind, Observed, Sent } from './classify.js';
import { acceptedSubmission, acked, mayHaveRun, type Ledger } from './ledger.js';
import type { Life } from './replicas.js';

// The send→record step of a sender on a loaded 2-core machine can take a second or more.
export const KILL_WINDOW_MS = 2_000;
/** A process must be up this long within a level's span for one SLA tick (every 1 s) to run. */
const TICK_SLACK_MS = 1_500;

export interface Finding {
  /** What, as a person would name it. */
  what: string;
  /** How many messages (lost or extra). */
  count: number;
  /** Who sent the copies, when, and why it matters. */
  detail: string;
}

export interface Tally {
  /** Messages owed at least once. */
  expected: number;
  /** Messages received that answer something the script did (copies included). */
  received: number;
  lost: Finding[];
  duplicated: Finding[];
  resentAfterKill: Finding[];
  /** Messages no action of the script calls for (not copies of an expected one). */
  unexpected: Finding[];
  /** Thread replies or updates naming a message the platform never returned (e.g. a journal key). */
  misplaced: Finding[];
  cases: { forms: number; accepted: number; duplicateCases: number };
  notes: string[];
  unclassified: number;
  /** A few of them, to keep the classifier honest when renderers change. */
  unclassifiedSamples: string[];
  errorNotices: number;
  formReminders: number;
}

export interface TallyInput {
  ledger: Ledger;
  classified: Classified;
  /**
   * Thread replies and updates naming a message the platform never returned (slackOrphans for
   * Slack's calls).
   */
  orphans: Orphan[];
  lives: Life[];
  /** Date.now() when the scenario's elapsed clock started. */
  t0: number;
  /** The app's delivery lease (ms): no other process should take a message over sooner. */
  leaseMs: number;
  targetMs: number;
  thresholds: number[];
}

interface Item {
  what: string;
  kind: MessageKind | 'alert-owner';
  min: number;
  max: number;
  copies: Observed[];
}

export const levelName = (threshold: number): string => `${Math.round(threshold * 100)}%`;

const sum = (findings: Finding[]) => findings.reduce((n, f) => n + f.count, 0);
export const countOf = sum;

export function tally(input: TallyInput): Tally {
  const { ledger, classified } = input;
  const lifeByToken = new Map(input.lives.map((life) => [life.token, life]));
  const who = (call: Sent) => {
    const life = call.token ? lifeByToken.get(call.token) : undefined;
    return life ? `${life.replica}#${life.incarnation}` : String(call.token);
  };
  const at = (call: Sent) => `${((call.at - input.t0) / 1000).toFixed(1)} s`;
  const items: Item[] = [];
  const consumed = new Set<Observed>();
  const take = (predicate: (o: Observed) => boolean): Observed[] => {
    const found = classified.messages.filter(predicate);
    found.forEach((o) => consumed.add(o));
    return found;
  };
  const notes: string[] = [];
  const skipped: string[] = [];

  // Questions → suggestions.
  for (const q of ledger.questions) {
    const answered = q.attempts.some(acked);
    items.push({
      what: `suggestions for ${q.key}'s question`,
      kind: 'suggestions',
      min: answered ? 1 : 0,
      max: 1,
      copies: take((o) => o.kind === 'suggestions' && o.threadTs === q.ts),
    });
  }

  // *This solved it* → one answer per acked press (a press cut off may have been answered too).
  const solvedBy = new Map<string, { min: number; max: number }>();
  for (const press of ledger.solved) {
    const range = solvedBy.get(press.user.id) ?? { min: 0, max: 0 };
    if (acked(press.attempt)) range.min += 1;
    if (mayHaveRun(press.attempt)) range.max += 1;
    solvedBy.set(press.user.id, range);
  }
  for (const [user, range] of solvedBy)
    items.push({
      what: `answer to ${user}'s "This solved it"`,
      kind: 'solved-answer',
      ...range,
      copies: take((o) => o.kind === 'solved-answer' && o.user === user),
    });

  // Case forms → cases. The case a form opened is the one whose alert showed up first (the one
  // the engineers pressed *Claim* on); any other case naming the same tag is a duplicate case.
  const refsByTag = new Map<string, string[]>();
  for (const o of classified.messages) {
    if (!o.tag || !o.ref) continue;
    const refs = refsByTag.get(o.tag) ?? [];
    if (!refs.includes(o.ref)) refs.push(o.ref);
    refsByTag.set(o.tag, refs);
  }
  const duplicateCases: Finding[] = [];
  let accepted = 0;
  for (const form of ledger.forms) {
    const isAccepted = form.submissions.some(acceptedSubmission);
    if (isAccepted) accepted += 1;
    const refs = refsByTag.get(form.tag) ?? [];
    const firstAlert = classified.messages.find(
      (o) => o.kind === 'team-alert' && o.tag === form.tag,
    );
    const primary = firstAlert?.ref ?? refs[0] ?? null;
    const name = (ref: string | null) => `${ref ?? '(no case reference seen)'} (${form.key})`;
    const owed = isAccepted ? 1 : 0;
    items.push({
      what: `team alert of ${name(primary)}`,
      kind: 'team-alert',
      min: owed,
      max: 1,
      copies: primary ? take((o) => o.kind === 'team-alert' && o.ref === primary) : [],
    });
    items.push({
      what: `confirmation of ${name(primary)}`,
      kind: 'confirmation',
      min: owed,
      max: 1,
      copies: primary ? take((o) => o.kind === 'confirmation' && o.ref === primary) : [],
    });
    take((o) => o.kind === 'form-reminder' && o.ref === primary);
    for (const extra of refs.filter((ref) => ref !== primary)) {
      const copies = take((o) => o.ref === extra);
      const kinds = [...new Set(copies.map((o) => o.kind))].join(', ');
      duplicateCases.push({
        what: `second case ${extra} from the form of ${form.key} (view ${form.viewId})`,
        count: copies.length,
        detail: `${copies.length} message(s): ${kinds}; first from ${copies[0] ? who(copies[0].call) : '?'}`,
      });
    }
    if (!primary) continue;

    // SLA posts in the team channel: one per threshold and one at the breach.
    const levels = [...input.thresholds.map(levelName), 'breach'];
    const fractions = [...input.thresholds, 1];
    const due = classified.dueByRef.get(primary) ?? null;
    const instantOf = (i: number) => {
      const fraction = fractions[i];
      return due === null || fraction === undefined ? null : due - (1 - fraction) * input.targetMs;
    };
    const levelOwed = levels.map((level, i) => {
      const from = instantOf(i);
      const until = instantOf(i + 1) ?? Number.POSITIVE_INFINITY;
      if (from === null || someoneUp(input, from, until)) return owed;
      skipped.push(`${level} of ${primary}`);
      return 0;
    });
    levels.forEach((level, i) =>
      items.push({
        what: `SLA ${level} post for ${name(primary)} in the team channel`,
        kind: 'sla-team',
        min: levelOwed[i] ?? owed,
        max: 1,
        copies: take((o) => o.kind === 'sla-team' && o.ref === primary && o.level === level),
      }),
    );

    // Claims.
    const presses = ledger.claims.filter((p) => p.key === form.key);
    const ackedPresses = presses.filter((p) => acked(p.attempt));
    const ranPresses = presses.filter((p) => mayHaveRun(p.attempt));
    const notices = take((o) => o.kind === 'claim-notice' && o.ref === primary);
    if (ranPresses.length > 0 || notices.length > 0)
      items.push({
        what: `claim notice to the customer of ${name(primary)}`,
        kind: 'claim-notice',
        min: ackedPresses.length > 0 ? 1 : 0,
        max: 1,
        copies: notices,
      });
    const engineers = [...new Set(presses.map((p) => p.engineer.id))];
    for (const engineer of engineers) {
      const mine = presses.filter((p) => p.engineer.id === engineer);
      items.push({
        what: `answer to ${engineer}'s Claim on ${name(primary)}`,
        kind: 'claim-answer',
        min: mine.filter((p) => acked(p.attempt)).length,
        max: mine.filter((p) => mayHaveRun(p.attempt)).length,
        copies: take((o) => o.kind === 'claim-answer' && o.ref === primary && o.user === engineer),
      });
    }
    const claimEvidence = [
      ...notices.map((o) => o.call.at),
      ...classified.messages
        .filter((o) => o.kind === 'claim-answer' && o.claim === 'won' && o.ref === primary)
        .map((o) => o.call.at),
    ];
    const alertTs = new Set(
      classified.messages
        .filter((o) => o.kind === 'team-alert' && o.ref === primary)
        .flatMap((o) => (o.id === null ? [] : [o.id])),
    );
    const alertUpdates = classified.updates.filter((u) => alertTs.has(u.messageId));
    claimEvidence.push(...alertUpdates.filter((u) => u.owner).map((u) => u.call.at));
    if (ackedPresses.length > 0 && alertTs.size > 0) {
      const last = [...alertUpdates].sort((a, b) => a.call.at - b.call.at).at(-1);
      if (!last?.owner)
        items.push({
          what: `alert of ${name(primary)} showing its owner`,
          kind: 'alert-owner',
          min: 1,
          max: Number.POSITIVE_INFINITY,
          copies: [],
        });
    }

    // The owner's DM with each SLA post.
    const claimedBy = claimEvidence.length > 0 ? Math.min(...claimEvidence) : null;
    const firstPress =
      ranPresses.length > 0
        ? Math.min(...ranPresses.map((p) => input.t0 + p.attempt.sentAt))
        : null;
    levels.forEach((level, i) => {
      const copies = take((o) => o.kind === 'sla-dm' && o.ref === primary && o.level === level);
      const instant = instantOf(i);
      const teamPost = classified.messages.find(
        (o) => o.kind === 'sla-team' && o.ref === primary && o.level === level,
      );
      let min = 0;
      let max = 1;
      if (firstPress === null) max = 0;
      else if (claimedBy !== null && instant !== null && claimedBy < instant)
        min = levelOwed[i] ?? owed;
      else if (teamPost && teamPost.call.at < firstPress) max = 0;
      if (copies.length > 0 || min > 0 || max === 0)
        items.push({
          what: `SLA ${level} DM to the owner of ${name(primary)}`,
          kind: 'sla-dm',
          min,
          max,
          copies,
        });
    });
  }
  if (skipped.length > 0)
    notes.push(
      `SLA levels whose span passed while no process was up (owed at most once): ${skipped.join(', ')}`,
    );

  // Findings.
  const lost: Finding[] = [];
  const duplicated: Finding[] = [...duplicateCases];
  const resentAfterKill: Finding[] = [];
  for (const item of items) {
    const copies = [...item.copies].sort((a, b) => a.call.at - b.call.at);
    if (copies.length < item.min)
      lost.push({
        what: item.what,
        count: item.min - copies.length,
        detail: copies.length > 0 ? `got ${copies.length} of ${item.min}` : 'never received',
      });
    if (copies.length <= item.max) continue;
    const describe = copies.map((o) => `${who(o.call)} at ${at(o.call)}`).join(', ');
    const extras = copies.slice(Math.max(0, item.max));
    const inWindow = extras.filter((extra) =>
      copies.some(
        (earlier) => earlier.call.at < extra.call.at && takenOverAfterDeath(earlier, extra),
      ),
    );
    if (inWindow.length > 0)
      resentAfterKill.push({ what: item.what, count: inWindow.length, detail: describe });
    if (extras.length > inWindow.length)
      duplicated.push({
        what: item.what,
        count: extras.length - inWindow.length,
        detail: describe,
      });
  }

  function takenOverAfterDeath(first: Observed, again: Observed): boolean {
    const sender = first.call.token ? lifeByToken.get(first.call.token) : undefined;
    if (!sender || sender.end !== 'killed' || sender.endedAt === null) return false;
    const died = input.t0 + sender.endedAt;
    const gap = died - first.call.at;
    if (gap < 0 || gap > KILL_WINDOW_MS) return false;
    const resender = again.call.token ? lifeByToken.get(again.call.token) : undefined;
    const bornAfter = resender !== undefined && input.t0 + resender.startedAt >= died;
    // Leases are measured from when the message was taken, a little before it was sent.
    const leaseRanOut = again.call.at - first.call.at >= 0.8 * input.leaseMs;
    return bornAfter || leaseRanOut;
  }

  // Anything else a person received that no action calls for.
  const unexpected: Finding[] = [];
  for (const o of classified.messages) {
    if (consumed.has(o) || o.kind === 'other' || o.kind === 'error-notice') continue;
    if (o.kind === 'form-reminder' || o.kind === 'form-answer') continue;
    unexpected.push({
      what: `${o.kind}${o.ref ? ` ${o.ref}` : ''}${o.level ? ` ${o.level}` : ''}${o.user ? ` to ${o.user}` : ''}`,
      count: 1,
      detail: `from ${who(o.call)} at ${at(o.call)}: ${o.text.slice(0, 120).replace(/\n/g, ' ')}`,
    });
  }

  const misplaced = input.orphans.map((orphan) => ({
    what: orphan.what,
    count: 1,
    detail: `from ${who(orphan.call)} at ${at(orphan.call)}`,
  }));
  const stopped = ledger.ends.filter((e) => e.stoppedAt !== null);
  if (stopped.length > 0)
    notes.push(
      `journeys cut short (the person gave up waiting): ${stopped.map((e) => `${e.key}: ${e.stoppedAt}`).join('; ')}`,
    );
  const formsNotOpened = ledger.opens.filter((o) => !o.formOpened).length;
  if (formsNotOpened > 0)
    notes.push(`"Open a case" presses with no form opened: ${formsNotOpened}`);

  const counted = items.filter((item) => item.kind !== 'alert-owner');
  return {
    expected: counted.reduce((n, item) => n + item.min, 0),
    received: counted.reduce((n, item) => n + item.copies.length, 0),
    lost,
    duplicated,
    resentAfterKill,
    unexpected,
    misplaced,
    cases: { forms: ledger.forms.length, accepted, duplicateCases: duplicateCases.length },
    notes,
    unclassified: classified.messages.filter((o) => o.kind === 'other').length,
    unclassifiedSamples: classified.messages
      .filter((o) => o.kind === 'other')
      .slice(0, 5)
      .map(
        (o) =>
          `${o.where}${o.threadTs ? ` thread ${o.threadTs}` : ''} from ${who(o.call)}: ${o.text.slice(0, 160).replace(/\n/g, ' ')}`,
      ),
    errorNotices: classified.messages.filter((o) => o.kind === 'error-notice').length,
    formReminders: classified.messages.filter((o) => o.kind === 'form-reminder').length,
  };
}

/** Some process was ready for a tick's worth of time between `from` and `until` (epoch ms). */
function someoneUp(input: TallyInput, from: number, until: number): boolean {
  return input.lives.some((life) => {
    if (life.readyAt === null) return false;
    const up = input.t0 + life.readyAt;
    const down = life.endedAt === null ? Number.POSITIVE_INFINITY : input.t0 + life.endedAt;
    return Math.max(up, from) + TICK_SLACK_MS <= Math.min(down, until);
  });
}

export interface Orphan {
  what: string;
  call: Sent;
}

/**
 * Ordering: a thread reply must name a message that exists (a question, or a post Slack already
 * answered with that ts), and an update a message already posted. Slack itself would refuse the
 * rest, or thread it nowhere.
 */
export function slackOrphans(calls: RecordedCall[], ledger: Ledger): Orphan[] {
  const known = new Set(ledger.questions.map((q) => q.ts));
  const orphans: Orphan[] = [];
  for (const call of calls) {
    if (call.status !== 200) continue;
    const parent =
      call.method === 'chat.update'
        ? call.args.ts
        : call.method === 'chat.postMessage' || call.method === 'chat.postEphemeral'
          ? call.args.thread_ts
          : undefined;
    if (typeof parent === 'string' && !known.has(parent))
      orphans.push({ what: `${call.method} naming ${parent}, which Slack never returned`, call });
    if (call.method === 'chat.postMessage' && typeof call.response.ts === 'string')
      known.add(call.response.ts);
  }
  return orphans;
}
