// Posts that still fail after their in-call retries wait here and are retried on a timer, so a
// Slack outage delays messages instead of losing them. Entries live in memory; with the core's
// OutboxRepository (e.g. the Prisma one) they are also written down, so a restart resumes them.
// A kept post is known by a provisional id (`outbox:<entry id>`) until delivered. The map to the
// real ts lives in memory only, so on delivery the entries still waiting behind the post (thread
// replies) are rewritten to its real ts and written down again, and `onDelivered` listeners hear
// of it: whoever stored the provisional id (the app: a case's alert place) follows it past a restart.
// A post may have landed on an earlier try whose outcome was lost (the sender killed after Slack
// took it, a response cut off): every kept post carries a key as message metadata (its journal
// key, else its entry id), and each try first asks Slack whether a message with that key
// is already there (keyed-message.ts), so a post taken over from a dead sender is never doubled.
import { randomUUID } from 'node:crypto';
import type { OutboxRepository } from '../../core/ports/storage.js';
import type { Logger } from '../../core/ports/platform.js';
import { findKeyedMessage, keyMetadataFor, keyOf } from './keyed-message.js';
import { SlackApiError, type SlackApi } from './slack-api.js';
import { InvitationFiles, takeInvitation, type PostedAt } from './invitation-file.js';
import type { DeliveredListener, DeliveredPost } from '../delivered-post.js';

/** `casebot.direct` opens the DM first (args.user) and then posts into it. */
export type OutboxMethod =
  'chat.postMessage' | 'chat.update' | 'chat.postEphemeral' | 'casebot.direct';

/** How a kept post is known until it is delivered: `outbox:<entry id>`. */
export const PROVISIONAL = 'outbox:';

export const isProvisional = (id: unknown): id is string =>
  typeof id === 'string' && id.startsWith(PROVISIONAL);

export interface OutboxEntry {
  id: string;
  method: OutboxMethod;
  args: Record<string, unknown>;
  /** Entries with the same key coalesce: a newer chat.update of a message replaces an older one. */
  key: string | null;
  attempts: number;
  nextAttemptAt: number;
  /** When the post may first have gone out (ms): a lookup for it reads Slack's history from then. */
  since: number;
  /** The repository's row, when persisted. */
  rowId: string | null;
}

interface StoredPayload {
  /** The entry id, stable across row replacements and restarts (provisional message ids use it). */
  id: string;
  method: OutboxMethod;
  args: Record<string, unknown>;
  key: string | null;
  /** Absent in rows written before lookups: the row's creation time stands in. */
  since?: number;
}

export interface OutboxOptions {
  api: SlackApi;
  logger: Logger;
  repository?: OutboxRepository;
  retryDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Refused entries stay in the repository for an operator, never retried. Year 9999, not the
 * largest JavaScript date: Prisma (and SQL DATETIME columns) refuse anything past year 9999.
 */
const NEVER = new Date(Date.UTC(9999, 11, 31, 23, 59, 59));

export class Outbox {
  private readonly entries = new Map<string, OutboxEntry>();
  /** Provisional message id → where the message finally landed. */
  private readonly delivered = new Map<string, { channel: string; ts: string }>();
  private readonly listeners: DeliveredListener[] = [];
  /** Entries a permanent Slack error refused: logged at error level and kept here. */
  readonly deadLetters: { entry: OutboxEntry; error: string }[] = [];
  /** Kept posts found already in Slack when about to be sent again (so not sent twice). */
  foundLanded = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private readonly retryDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly files: InvitationFiles;
  /** Entries being tried now, by id: settles once the try's outcome is known (never rejects). */
  private readonly flights = new Map<string, Promise<unknown>>();

  constructor(private readonly options: OutboxOptions) {
    this.retryDelayMs = options.retryDelayMs ?? 5_000;
    this.maxDelayMs = options.maxDelayMs ?? 300_000;
    this.files = new InvitationFiles(options.api, options.logger);
  }

  /** Resumes what a previous run (or a stopped replica) left, and nobody else holds. */
  async load(): Promise<void> {
    // Everything left, refused entries (kept until NEVER) aside.
    const rows =
      (await this.options.repository?.due('slack', new Date(NEVER.getTime() - 1), 10_000)) ?? [];
    let resumed = 0;
    for (const row of rows) {
      const payload = row.payload as StoredPayload;
      const id = payload.id ?? row.id;
      // Called again while running (to take up a stopped replica's posts): ours stay as they are.
      if (this.entries.has(id)) continue;
      resumed += 1;
      this.entries.set(id, {
        ...payload,
        id,
        attempts: row.attempts,
        nextAttemptAt: Date.now(),
        since: payload.since ?? row.createdAt.getTime(),
        rowId: row.id,
      });
    }
    if (resumed > 0) this.options.logger.info('slack outbox resumed', { pending: resumed });
  }

  async enqueue(
    method: OutboxMethod,
    args: Record<string, unknown>,
    key: string | null = null,
  ): Promise<OutboxEntry> {
    const existing = key ? [...this.entries.values()].find((e) => e.key === key) : undefined;
    // A try of it under way sends what it took: then this one is queued behind it.
    if (existing && (await this.amend(existing.id, args))) return existing;
    const id = randomUUID();
    const entry: OutboxEntry = {
      id,
      method,
      args: withLookupKey(method, args, id),
      key,
      attempts: 0,
      nextAttemptAt: Date.now() + this.retryDelayMs,
      // The caller's own try just failed, and it may have landed all the same.
      since: Date.now(),
      rowId: null,
    };
    this.entries.set(entry.id, entry);
    await this.persist(entry);
    this.options.logger.warn('slack message queued in the outbox', {
      id: entry.id,
      method,
      pending: this.entries.size,
    });
    return entry;
  }

  /**
   * Replaces the content of a post still waiting (an update of a message not yet delivered):
   * `patch` (or what it makes of the waiting arguments) is the whole new content, so the old
   * content's invitation goes unless the patch brings one. A try under way has taken its content
   * already: the amend waits for its outcome, and is false when it delivered (or refused) the post.
   */
  async amend(
    id: string,
    patch: Record<string, unknown> | ((args: Record<string, unknown>) => Record<string, unknown>),
  ): Promise<boolean> {
    await this.flights.get(id);
    const entry = this.entries.get(id);
    if (!entry) return false;
    const content = typeof patch === 'function' ? patch(entry.args) : patch;
    entry.args = { ...takeInvitation(entry.args).args, ...content };
    // The repository has no payload update: the row is replaced.
    if (entry.rowId) await this.options.repository?.remove(entry.rowId);
    await this.persist(entry);
    return true;
  }

  deliveredAs(id: string): { channel: string; ts: string } | null {
    return this.delivered.get(id) ?? null;
  }

  /** Where another process (or an earlier life of this one) delivered a kept post, if it did. */
  async landedElsewhere(id: string): Promise<{ channel: string; ts: string } | null> {
    const landed = await this.options.repository?.landedAs(`${PROVISIONAL}${id}`);
    return landed ? { channel: landed.channelId, ts: landed.messageId } : null;
  }

  /** Whether the entry is still waiting to be sent. */
  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Hears of every kept post once delivered (its real ts replaces its provisional id). */
  onDelivered(listener: DeliveredListener): void {
    this.listeners.push(listener);
  }

  pending(): OutboxEntry[] {
    return [...this.entries.values()];
  }

  start(intervalMs = Math.min(this.retryDelayMs, 5_000)): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  /** Stops retrying; resolves once a pass already sending has finished, so that a message it
   * delivers is recorded as delivered before the process exits (else the next start re-sends it). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flushing?.catch(() => undefined);
  }

  /** Tries every due entry once (all of them with `force`); concurrent callers share one pass. */
  flush(force = false): Promise<void> {
    this.flushing ??= this.runPass(force).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async persist(entry: OutboxEntry): Promise<void> {
    const repository = this.options.repository;
    if (!repository) return;
    const payload: StoredPayload = {
      id: entry.id,
      method: entry.method,
      args: entry.args,
      key: entry.key,
      since: entry.since,
    };
    const row = await repository.enqueue({
      platform: 'slack',
      payload,
      nextAttemptAt: new Date(entry.nextAttemptAt),
      attempts: entry.attempts,
    });
    entry.rowId = row.id;
  }

  /**
   * Tries the due entries, in parallel, except a reply in the thread of a post still waiting: it
   * goes in a later round of the same pass, once its parent is delivered (else it keeps waiting).
   */
  private async runPass(force: boolean): Promise<void> {
    let due = [...this.entries.values()].filter((e) => force || e.nextAttemptAt <= Date.now());
    while (due.length > 0) {
      const ready = due.filter((entry) => !this.waitsForParent(entry));
      if (ready.length === 0) return;
      await Promise.all(ready.map((entry) => this.attempt(entry)));
      due = due.filter((entry) => !ready.includes(entry));
    }
  }

  private parentOf(entry: OutboxEntry): string | null {
    const thread = entry.args.thread_ts;
    return isProvisional(thread) ? thread.slice(PROVISIONAL.length) : null;
  }

  private waitsForParent(entry: OutboxEntry): boolean {
    const parent = this.parentOf(entry);
    return parent !== null && this.entries.has(parent);
  }

  /** Entries waiting behind a delivered post name its real ts from now on, also in the store. */
  private async followDelivered(id: string, landed: { ts: string }): Promise<void> {
    for (const entry of this.entries.values()) {
      if (this.parentOf(entry) !== id) continue;
      entry.args = { ...entry.args, thread_ts: landed.ts };
      // The new row first: if the store fails in between, the reply is kept twice, never lost.
      const oldRowId = entry.rowId;
      await this.persist(entry);
      if (oldRowId) await this.options.repository?.remove(oldRowId);
    }
  }

  private async announce(post: DeliveredPost): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(post);
      } catch (error) {
        this.options.logger.error('slack outbox could not report a delivered message', {
          provisionalId: post.provisionalId,
          messageId: post.messageId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  private async attempt(entry: OutboxEntry): Promise<void> {
    const flight = this.tryOnce(entry);
    // An amend meanwhile waits for this outcome: the content sent is already taken.
    this.flights.set(
      entry.id,
      flight.catch(() => null),
    );
    let outcome: { result: { channel: string; ts: string } | null } | null;
    try {
      outcome = await flight;
    } finally {
      this.flights.delete(entry.id);
    }
    if (!outcome) return;
    try {
      await this.afterDelivery(entry, outcome.result);
    } catch (error) {
      // The message is out: a store error now must not count as a failed send (re-sent later).
      this.options.logger.error('slack outbox could not record a delivered message', {
        id: entry.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** Sends the entry once: its outcome, or null when it failed (recorded, retried or refused). */
  private async tryOnce(
    entry: OutboxEntry,
  ): Promise<{ result: { channel: string; ts: string } | null } | null> {
    let result: { channel: string; ts: string } | null;
    try {
      result = await this.deliver(entry);
    } catch (error) {
      await this.recordFailure(entry, error);
      return null;
    }
    // Known as delivered before anything awaits, so a post naming it meanwhile finds its real ts.
    if (result) this.delivered.set(entry.id, result);
    this.entries.delete(entry.id);
    this.options.logger.info('slack outbox entry delivered', {
      id: entry.id,
      method: entry.method,
      attempts: entry.attempts + 1,
    });
    return { result };
  }

  private async afterDelivery(
    entry: OutboxEntry,
    result: { channel: string; ts: string } | null,
  ): Promise<void> {
    if (result) {
      // First, for every replica: one may post under the provisional id the core stored.
      await this.options.repository?.recordLanded(
        `${PROVISIONAL}${entry.id}`,
        { channelId: result.channel, messageId: result.ts },
        new Date(),
      );
      await this.followDelivered(entry.id, result);
      await this.announce({
        provisionalId: `${PROVISIONAL}${entry.id}`,
        addressedChannelId: String(entry.args.channel ?? entry.args.user ?? ''),
        channelId: result.channel,
        threadId: typeof entry.args.thread_ts === 'string' ? entry.args.thread_ts : null,
        messageId: result.ts,
      });
    }
    // Last: until the case follows the real message, a restart still finds the row.
    if (entry.rowId) await this.options.repository?.remove(entry.rowId);
  }

  private async recordFailure(entry: OutboxEntry, error: unknown): Promise<void> {
    const repository = this.options.repository;
    entry.attempts += 1;
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof SlackApiError && error.kind === 'permanent') {
      this.entries.delete(entry.id);
      if (entry.rowId) await repository?.recordFailure(entry.rowId, message, NEVER);
      this.deadLetters.push({ entry, error: message });
      this.options.logger.error('slack outbox entry refused by Slack', {
        id: entry.id,
        method: entry.method,
        error: message,
      });
      return;
    }
    entry.nextAttemptAt =
      Date.now() + Math.min(this.maxDelayMs, this.retryDelayMs * 2 ** Math.min(entry.attempts, 10));
    if (entry.rowId)
      await repository?.recordFailure(entry.rowId, message, new Date(entry.nextAttemptAt));
  }

  private async deliver(entry: OutboxEntry): Promise<{ channel: string; ts: string } | null> {
    const { api } = this.options;
    const parent = this.parentOf(entry);
    if (parent !== null) {
      const landed = this.delivered.get(parent) ?? (await this.landedElsewhere(parent));
      // The thread's post will never be delivered (refused, or known only to a lost run).
      if (!landed)
        throw new SlackApiError(
          entry.method,
          'permanent',
          `unknown provisional thread ${PROVISIONAL}${parent}`,
        );
      entry.args = { ...entry.args, thread_ts: landed.ts };
    }
    // A post's invitation file is not Slack's argument: it is uploaded once the post is in.
    const { args, invitation } = takeInvitation(entry.args);
    const share = async (at: PostedAt, foundLanded: boolean) => {
      if (invitation)
        await this.files.afterPost(at, invitation, foundLanded ? new Date(entry.since) : undefined);
      return { channel: at.channel, ts: at.ts };
    };
    if (entry.method === 'casebot.direct') {
      const { user, ...message } = args;
      const opened = await api.call('conversations.open', { users: user }, 1);
      const channel = (opened.channel as { id: string }).id;
      const found = await this.landedBefore(entry, channel, null);
      if (found) return share({ ...found, thread: null }, true);
      const posted = await api.call('chat.postMessage', { ...message, channel }, 1);
      return share({ channel, thread: null, ts: String(posted.ts) }, false);
    }
    if (entry.method === 'chat.postMessage') {
      const channel = String(args.channel);
      const thread = typeof args.thread_ts === 'string' ? args.thread_ts : null;
      const found = await this.landedBefore(entry, channel, thread);
      if (found) return share({ ...found, thread }, true);
      const result = await api.call(entry.method, args, 1);
      return share({ channel: String(result.channel), thread, ts: String(result.ts) }, false);
    }
    // An update sets the same content again, an ephemeral message cannot be looked up: sent as is.
    await api.call(entry.method, args, 1);
    return null;
  }

  /**
   * The post, if an earlier try (this process's, or a dead sender's) already landed it. A
   * transient failure to look fails this try (retried later: a delay, never a loss or a double);
   * when Slack cannot tell for good (no history scope, too much history), the post is sent again.
   */
  private async landedBefore(
    entry: OutboxEntry,
    channel: string,
    thread: string | null,
  ): Promise<{ channel: string; ts: string } | null> {
    const key = keyOf(entry.args);
    if (!key) return null;
    let ts: string | null;
    try {
      ts = await findKeyedMessage(
        this.options.api,
        { channel, thread, key, since: new Date(entry.since) },
        1,
      );
    } catch (error) {
      if (error instanceof SlackApiError && error.kind !== 'permanent') throw error;
      this.options.logger.warn('could not tell whether a kept post landed; sending it again', {
        id: entry.id,
        error: error instanceof Error ? error.message : String(error),
      });
      return null;
    }
    if (!ts) return null;
    this.foundLanded += 1;
    this.options.logger.info('kept post had landed before; not sent again', {
      id: entry.id,
      key,
      ts,
    });
    return { channel, ts };
  }
}

/**
 * A post (or DM) kept without a journal key is named by its entry id, to be looked up (not by its
 * provisional id: that must never reach Slack, where it would read as a thread to post into).
 */
function withLookupKey(
  method: OutboxMethod,
  args: Record<string, unknown>,
  id: string,
): Record<string, unknown> {
  if (method !== 'chat.postMessage' && method !== 'casebot.direct') return args;
  if (keyOf(args) || args.metadata) return args;
  return { ...args, ...keyMetadataFor(`kept:${id}`) };
}
