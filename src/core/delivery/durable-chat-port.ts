// A ChatPort that writes every call down before making it (core/ports/journal.ts) and wraps the adapter's
// own port, which still does the platform work (rendering, in-call retries, rate limits). The core
// and the adapters' handlers both post through it, so every message takes the same path. The
// journal row is the outbox: a send that still fails for now after the adapter's own retries stays
// pending (the delivery worker retries it) and the caller is answered with the message's
// reference (message-ref.ts) instead of an error; calls naming that reference wait in the journal
// until it is sent (resolve-refs.ts).
import { setTimeout as delay } from 'node:timers/promises';
import type { Place, Platform } from '../model.js';
import type { ChatPort, Logger, RemovalOutcome } from '../ports/platform.js';
import type { PostedMessage, View } from '../views.js';
import { decodeCall, decodeRequest, encodeCall, encodeRequest } from './codec.js';
import type { JournalCall, JournalEntry, JournalStart, MessageJournal } from '../ports/journal.js';
import { HOLD_LIMIT_MS, RepeatedOneAtATime } from './one-at-a-time.js';
import { isRedo, nextMessageKey, noteLiveSender, withMessageKey } from './work-scope.js';
import { isMessageRef, keyOfRef } from './message-ref.js';
import {
  isLookupCall,
  isPermanentFailure,
  isTransientFailure,
  landedOf,
  retryDelayMs,
  slotOf,
  standIn,
  type Args,
} from './call-shapes.js';
import { resolveRefs } from './resolve-refs.js';

export interface DurableChatPortOptions {
  inner: ChatPort;
  /** Resolved per call, so a port can be made before its store is open (tests do). */
  journal: () => MessageJournal;
  /** This process, as the holder of leases. */
  owner: string;
  logger: Logger;
  /** How long a sender holds a row before another may take it over (default 60 s). */
  leaseMs?: number;
  /** How often a row's lease is extended while a platform call for it lasts (default a third of it). */
  renewEveryMs?: number;
  /** Attempts before a row is given up as refused (default 8). */
  maxAttempts?: number;
  /** The first retry's delay; each next one doubles, up to 5 min (default 5 s; tests shorten it). */
  retryBaseMs?: number;
  /** Physical time for leases (default the system clock; the app's clock may be shifted). */
  now?: () => Date;
}

/** The same row is being sent by a live holder right now (the same work runs twice at once). */
export class DeliveryInProgressError extends Error {
  constructor(key: string) {
    super(`message ${key} is being sent by another process`);
  }
}

/** A message the platform refused earlier; the same work done again gets the same refusal. */
export class DeliveryRefusedError extends Error {
  constructor(key: string, reason: string) {
    super(`message ${key} was refused: ${reason}`);
  }
}

const DEFAULT_LEASE_MS = 60_000;
/** Longest a call waits for a live holder of the same message to finish sending it. */
const BUSY_WAIT_MS = 5_000;
/** How often the waiting call reads the row meanwhile. */
const BUSY_POLL_MS = 50;
/** The least a row waiting for its parent is put off (the parent's own retry, when later). */
const WAIT_MS = 1_000;
/** Longest a message waits before it looks again at the message it follows. */
const PARENT_POLL_MS = 5_000;

export class DurableChatPort implements ChatPort {
  readonly platform: Platform;
  readonly postUnder?: ChatPort['postUnder'];
  readonly reply?: ChatPort['reply'];
  readonly lockThread?: ChatPort['lockThread'];
  readonly answerCommand?: ChatPort['answerCommand'];
  readonly removeMessage?: ChatPort['removeMessage'];
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly now: () => Date;

  constructor(private readonly options: DurableChatPortOptions) {
    const { inner } = options;
    this.platform = inner.platform;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.now = options.now ?? (() => new Date());
    if (inner.postUnder)
      this.postUnder = (message, view) => this.journaled('postUnder', [message, view]);
    if (inner.reply)
      this.reply = (place, replyTo, view) => this.journaled('reply', [place, replyTo, view]);
    if (inner.lockThread) this.lockThread = (place) => this.journaled('lockThread', [place]);
    if (inner.answerCommand)
      this.answerCommand = (command, view) => this.journaled('answerCommand', [command, view]);
    // A removal answers the moderator with its outcome at once: nothing to send later.
    if (inner.removeMessage)
      this.removeMessage = (message, language): Promise<RemovalOutcome> =>
        inner.removeMessage!(message, language);
  }

  post(place: Place, view: View): Promise<PostedMessage> {
    return this.journaled('post', [place, view]);
  }

  update(message: PostedMessage, view: View): Promise<void> {
    return this.journaled('update', [message, view]);
  }

  whisper(place: Place, userId: string, view: View): Promise<void> {
    return this.journaled('whisper', [place, userId, view]);
  }

  sendDirect(userId: string, view: View): Promise<PostedMessage> {
    return this.journaled('sendDirect', [userId, view]);
  }

  openPrivateSpace(request: Args['openPrivateSpace'][0]): Promise<Place> {
    return this.journaled('openPrivateSpace', [request]);
  }

  /** Sends a row taken over from a dead sender or due for a retry (the worker calls this). */
  async replay(entry: JournalEntry): Promise<void> {
    const request = decodeRequest(entry.request);
    const written = request.args;
    const args = await this.readyArgs(entry.key, written);
    if (!args) return;
    // Retries run late and in any order: an update retried after a newer one of the same message
    // would put the older content back (the chaos run saw an alert lose its owner so). The newer
    // one may name the message by its real id where this one named it by key: both are checked.
    if (entry.call === 'update' && (await this.newerUpdateWritten(entry, written, args))) {
      await this.journal().sent(entry.key, this.options.owner, null, this.now(), undefined, {
        recoverable: true,
      });
      this.options.logger.info('older update not replayed: a newer one of the message exists', {
        key: entry.key,
      });
      return;
    }
    const lastTry = entry.attempts + 1 >= this.maxAttempts;
    const found = await this.foundSent(entry.key, entry.call, args, entry.createdAt, {
      attempts: entry.attempts,
      lastTry,
      earlier: request.tried as View[] | undefined,
    });
    if (found) return;
    await this.attempt(entry.key, entry.call, args, entry.attempts, true);
  }

  private async newerUpdateWritten(
    entry: JournalEntry,
    written: unknown[],
    ready: unknown[],
  ): Promise<boolean> {
    const slots = new Set([slotOf('update', written), slotOf('update', ready)]);
    for (const slot of slots)
      if (await this.journal().hasNewerUpdate(entry.key, slot, entry.createdAt)) return true;
    return false;
  }

  private async journaled<C extends JournalCall, T>(call: C, args: Args[C]): Promise<T> {
    const key = nextMessageKey(slotOf(call, args as never as unknown[]));
    const journal = this.journalOrNull();
    if (!journal) return (await this.invoke(call, args)) as T;
    const begin = () =>
      journal.begin(
        { key, platform: this.platform, call, request: encodeRequest(args as never as unknown[]) },
        this.options.owner,
        this.now(),
        this.leaseMs,
      );
    let start;
    try {
      start = await begin();
    } catch (error) {
      // Sending without the journal risks a duplicate after a crash; not sending loses the message.
      this.options.logger.error('message journal unavailable; sending without it', {
        key,
        error: String(error),
      });
      return (await this.invoke(call, args)) as T;
    }
    if (start.kind === 'busy' && !isRedo()) start = await this.afterLiveSender(key, begin);
    if (start.kind === 'sent')
      return (start.result === null ? undefined : decodeCall(start.result)) as T;
    if (start.kind === 'refused') throw new DeliveryRefusedError(key, start.error);
    if (start.kind === 'busy') {
      noteLiveSender();
      throw new DeliveryInProgressError(key);
    }
    if (call === 'update' && (await this.foldedIntoPost(key, args as Args['update'])))
      return undefined as T;
    const ready = await this.readyArgs(key, args as never as unknown[]);
    if (!ready) return standIn(this.platform, key, call, args) as T;
    if (start.kind === 'resend') {
      const found = await this.foundSent(key, call, ready, start.since, {
        attempts: 0,
        lastTry: false,
      });
      if (found) return found.result as T;
    }
    try {
      return (await this.attempt(key, call, ready, 0, start.kind === 'resend')) as T;
    } catch (error) {
      // Written down and retried by the worker: the caller goes on with the message's reference.
      if (call === 'openPrivateSpace' || !isTransientFailure(error) || this.maxAttempts <= 1)
        throw error;
      return standIn(this.platform, key, call, args) as T;
    }
  }

  /**
   * The same message is being sent by a live holder: the same work runs twice at once (two flag
   * dialogs for one post submitted together). The holder's outcome is usually a moment away:
   * waited for, up to BUSY_WAIT_MS, so that this run goes on with the message the holder sent
   * instead of failing half-way (the second moderator was told "something went wrong" though the
   * post had moved). Not for a redo: one that meets its first run still going leaves the work to
   * it (failure-report.ts). The row is read, not begun, while it waits; begun again once nobody
   * holds it any more, or once a try of it has failed (the worker retries it, nobody is sending it).
   */
  private async afterLiveSender(
    key: string,
    begin: () => Promise<JournalStart>,
  ): Promise<JournalStart> {
    try {
      for (let waited = 0; waited < BUSY_WAIT_MS; waited += BUSY_POLL_MS) {
        await delay(BUSY_POLL_MS, undefined, { ref: false });
        const row = await this.journal().outcome(key);
        const held =
          row?.state === 'pending' &&
          row.attempts === 0 &&
          (row.retryAt?.getTime() ?? 0) > this.now().getTime();
        if (!held) return await begin();
      }
    } catch (error) {
      this.options.logger.warn('message journal unavailable while waiting for a live sender', {
        key,
        error: String(error),
      });
    }
    return { kind: 'busy' };
  }

  /**
   * An update of a post still waiting for its retry becomes the post's content: the post goes
   * out once, showing the newer view (and that view's
   * attachment, or none: a call invitation moved meanwhile is not shared in its old time). A post
   * being sent right now cannot change: the update then waits behind it (false). A post tried
   * before may have landed all the same (a 5xx after the platform made it): its row is marked
   * amended, and a retry that finds it landed edits it to this view (showAmended).
   */
  private async foldedIntoPost(key: string, [message, view]: Args['update']): Promise<boolean> {
    if (!isMessageRef(message.messageId)) return false;
    const postKey = keyOfRef(message.messageId);
    const post = await this.journal().outcome(postKey);
    if (post?.state !== 'pending' || !isLookupCall(post.call)) return false;
    // The view is a post's last argument, whatever comes before it (its place, its reader).
    const written = decodeRequest(post.request);
    const tried = written.amended || post.attempts > 0;
    // The views a try may have shown, for a platform that finds a landed post by its content.
    const shown = tried ? [...(written.tried ?? []), written.args[written.args.length - 1]] : [];
    const amended = encodeRequest([...written.args.slice(0, -1), view], tried, shown);
    if (!(await this.journal().amend(postKey, post.request, amended))) return false;
    await this.journal().sent(key, this.options.owner, null, this.now(), undefined, {
      recoverable: true,
    });
    this.options.logger.info('update folded into the post still waiting', { key, post: postKey });
    return true;
  }

  /**
   * The arguments with the messages they name by reference resolved, or null when one is not sent
   * yet: the row is put off until its parent's next try (never counted as an attempt). A parent
   * that will never be sent makes this row refused too.
   */
  private async readyArgs(key: string, args: unknown[]): Promise<unknown[] | null> {
    const resolution = await resolveRefs(this.journal(), args);
    if (resolution.kind === 'ready') return resolution.args;
    const { owner, logger } = this.options;
    if (resolution.kind === 'orphan') {
      const reason = `it follows ${resolution.ref}, which will never be sent`;
      await this.journal().refused(key, owner, reason);
      logger.error('message refused; kept for an operator', { key, error: reason });
      throw new DeliveryRefusedError(key, reason);
    }
    const now = this.now().getTime();
    const soon = now + Math.min(WAIT_MS, this.options.retryBaseMs ?? WAIT_MS);
    // The parent's next try, or the end of its sender's lease while it is being sent (up to a
    // minute): a parent sent sooner is looked at again within PARENT_POLL_MS, not after the lease.
    const parentDue = Math.min(resolution.retryAt?.getTime() ?? 0, now + PARENT_POLL_MS);
    const retryAt = new Date(Math.max(soon, parentDue));
    await this.journal().deferred(key, owner, retryAt);
    logger.info('message waits for the message it follows', { key, retryAt });
    return null;
  }

  /**
   * A row whose sender died may have gone out before the death (the send landed, the mark did
   * not). Where the platform can be asked, ask: a message found under the key is recorded as sent
   * instead of being sent twice. When the platform cannot answer for now (a 429, a 5xx), the row
   * waits for a later try as after a failed send (throws); when it cannot tell for good, or on the
   * row's last try, it is sent again (a duplicate is better than a loss).
   */
  private async foundSent(
    key: string,
    call: JournalCall,
    args: unknown[],
    since: Date,
    tries: { attempts: number; lastTry: boolean; earlier?: View[] },
  ): Promise<{ result: PostedMessage | Place } | null> {
    const { owner, logger } = this.options;
    const lookUp = this.lookUpFor(key, call, args, since, tries.earlier);
    if (!lookUp) return null;
    let found: PostedMessage | Place | null;
    try {
      found = await this.whileHeld(key, lookUp);
    } catch (error) {
      if (isTransientFailure(error) && !tries.lastTry) {
        await this.recordFailure(key, error, tries.attempts + 1);
        throw error;
      }
      logger.warn('could not tell whether a message went out; sending it again', {
        key,
        error: String(error),
      });
      return null;
    }
    if (!found) return null;
    logger.info('message had gone out before its sender stopped; not sent again', { key });
    // Only a post has updates folded into it (a private space is never amended).
    if ('place' in found) await this.showAmended(key, found, tries);
    try {
      await this.journal().sent(key, owner, encodeCall(found), this.now(), landedOf(found), {
        recoverable: true,
      });
    } catch (error) {
      logger.error('message found sent but not marked sent', { key, error: String(error) });
    }
    return { result: found };
  }

  /** How the platform can be asked whether the row's call took effect, or null when it cannot. */
  private lookUpFor(
    key: string,
    call: JournalCall,
    args: unknown[],
    since: Date,
    earlier: View[] | undefined,
  ): (() => Promise<PostedMessage | Place | null>) | null {
    const { inner } = this.options;
    // A thread made but not written down would be made twice: its platform may find it.
    if (call === 'openPrivateSpace')
      return inner.findPrivateSpace
        ? () => inner.findPrivateSpace!(args[0] as Args['openPrivateSpace'][0], since, key)
        : null;
    // A row found again may have been answered by reference before its sender died.
    if (!inner.findSent || !isLookupCall(call)) return null;
    const before = earlier?.length ? { earlier } : {};
    return () => inner.findSent!({ call, args, key, since, ...before });
  }

  /**
   * The row's message was found on the platform, made by an earlier try of the row. When updates
   * were folded into the row since that try (foldedIntoPost), the message shows the older
   * content: it is edited to the row's before the row is marked sent, or the update is lost. An
   * edit that fails for now fails the try (the row stays pending, a newer update still folds in);
   * on the last try, or refused for good, the message is recorded as it is, never refused: calls
   * that follow it wait for it.
   */
  private async showAmended(
    key: string,
    message: PostedMessage,
    tries: { attempts: number; lastTry: boolean },
  ): Promise<void> {
    const row = await this.journal().outcome(key);
    if (row?.state !== 'pending') return;
    const { args, amended } = decodeRequest(row.request);
    if (!amended) return;
    try {
      const view = args[args.length - 1] as View;
      await this.whileHeld(key, () => this.options.inner.update(message, view));
    } catch (error) {
      if (isTransientFailure(error) && !tries.lastTry) {
        await this.recordFailure(key, error, tries.attempts + 1);
        throw error;
      }
      this.options.logger.error('message sent, but the update folded into it is not shown', {
        key,
        error: String(error),
      });
    }
  }

  /**
   * One send of a row this process holds, recorded as sent, failed (retried later) or refused.
   * `handedOut`: the caller may have been answered with the message's reference already.
   */
  private async attempt(
    key: string,
    call: JournalCall,
    args: unknown[],
    attempts: number,
    handedOut = false,
  ): Promise<unknown> {
    const { owner, logger } = this.options;
    let result: unknown;
    try {
      const send = () => this.invoke(call, args as Args[typeof call]);
      result = await this.whileHeld(key, () => withMessageKey(key, send));
    } catch (error) {
      await this.recordFailure(key, error, attempts + 1);
      throw error;
    }
    try {
      await this.journal().sent(
        key,
        owner,
        result === undefined ? null : encodeCall(result),
        this.now(),
        handedOut ? landedOf(result) : undefined,
        // A whisper or a private space sent again after a lost mark would show twice.
        { recoverable: isLookupCall(call) },
      );
    } catch (error) {
      // It is out: a lost mark means at worst one duplicate after the lease, never a loss.
      logger.error('message sent but not marked sent', { key, error: String(error) });
    }
    return result;
  }

  /**
   * Runs a platform call for the row `key` this process holds, extending the row's lease every
   * third of it while the call lasts: a call that waits long inside (an adapter honouring a long
   * Retry-After) is not taken for a dead sender's and sent again by another replica. Renewing
   * stops with the call, once the row is no longer this process's to send, and at HOLD_LIMIT_MS
   * after the call began: a call that never ends (a bug, a socket nobody times out) must not keep
   * its message from every other replica for good.
   */
  private async whileHeld<T>(key: string, call: () => Promise<T>): Promise<T> {
    const { owner, logger } = this.options;
    const holdUntil = this.now().getTime() + HOLD_LIMIT_MS;
    const renew = async () => {
      const now = this.now();
      const leaseMs = Math.min(this.leaseMs, holdUntil - now.getTime());
      if (leaseMs <= 0 || !(await this.journal().renew(key, owner, now, leaseMs))) renewals.stop();
    };
    const renewals = new RepeatedOneAtATime(this.options.renewEveryMs ?? this.leaseMs / 3, () =>
      renew().catch((error: unknown) =>
        logger.warn('could not extend the lease of a message being sent', {
          key,
          error: String(error),
        }),
      ),
    );
    try {
      return await call();
    } finally {
      await renewals.stopAndSettle();
    }
  }

  private async recordFailure(key: string, error: unknown, attempts: number): Promise<void> {
    const { owner, logger } = this.options;
    const reason = error instanceof Error ? error.message : String(error);
    try {
      if (isPermanentFailure(error) || attempts >= this.maxAttempts) {
        await this.journal().refused(key, owner, reason);
        logger.error('message refused; kept for an operator', { key, attempts, error: reason });
      } else {
        const delay = retryDelayMs(attempts, this.options.retryBaseMs ?? 5_000);
        const retryAt = new Date(this.now().getTime() + delay);
        await this.journal().failed(key, owner, reason, retryAt);
        logger.warn('message not sent; it will be retried', {
          key,
          attempts,
          retryAt,
          error: reason,
        });
      }
    } catch (journalError) {
      logger.error('could not record a failed send', { key, error: String(journalError) });
    }
  }

  private invoke<C extends JournalCall>(call: C, args: Args[C]): Promise<unknown> {
    const inner = this.options.inner;
    const a = args as never as unknown[];
    switch (call) {
      case 'post':
        return inner.post(a[0] as Place, a[1] as View);
      case 'update':
        return inner.update(a[0] as PostedMessage, a[1] as View);
      case 'whisper':
        return inner.whisper(a[0] as Place, a[1] as string, a[2] as View);
      case 'sendDirect':
        return inner.sendDirect(a[0] as string, a[1] as View);
      case 'openPrivateSpace':
        return inner.openPrivateSpace(a[0] as Args['openPrivateSpace'][0]);
      case 'postUnder':
        if (!inner.postUnder) throw new Error(`${this.platform} cannot post under a message`);
        return inner.postUnder(a[0] as Args['postUnder'][0], a[1] as View);
      case 'reply':
        if (!inner.reply) throw new Error(`${this.platform} cannot reply to a message`);
        return inner.reply(a[0] as Place, a[1] as string, a[2] as View);
      case 'lockThread':
        if (!inner.lockThread) throw new Error(`${this.platform} cannot lock a thread`);
        return inner.lockThread(a[0] as Place);
      case 'answerCommand':
        if (!inner.answerCommand) throw new Error(`${this.platform} cannot answer a command`);
        return inner.answerCommand(a[0] as Args['answerCommand'][0], a[1] as View);
      default:
        throw new Error(`unknown journal call ${String(call)}`);
    }
  }

  private journal(): MessageJournal {
    return this.options.journal();
  }

  private journalOrNull(): MessageJournal | null {
    try {
      return this.options.journal();
    } catch {
      // The store is not open yet (a call before start): nothing to write to.
      return null;
    }
  }
}
