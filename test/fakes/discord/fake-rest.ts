// The REST half of the fake Discord: records every request (JSON or multipart), answers the
// routes casebot uses with plausible objects, and fails on demand (429 with retry_after and the
// rate-limit headers, or 5xx) so that retry and delivery behaviour can be tested.
// For chaos runs (bench/chaos) it can also fail requests by a caller's rule (`injectFaults`), accept
// one token per process life (`acceptsToken`) and tell a listener about each request (`onRequest`).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, writeFailure, type UploadedFile } from './http-io.js';
import { snowflake } from './snowflake.js';

export interface RecordedRequest {
  method: string;
  /** Path after `/api/v10`, URL-decoded (`@original` stays readable). */
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** Names of uploaded files when the body was multipart. */
  files: string[];
  /** The uploaded files themselves (name, type, bytes). */
  uploads: UploadedFile[];
  status: number;
  /** What the fake answered (the created message, thread or DM channel). */
  response?: unknown;
  at: number;
  /** The bot token of the caller (`Authorization: Bot …`), null without one. */
  token: string | null;
}

/** A failure for one request, or null to answer it normally. */
export type FaultRule = (request: RecordedRequest) => InjectedFault | null;

export interface InjectedFault {
  status: 429 | 500 | 502 | 503 | 504;
  /** Seconds, for 429s. */
  retryAfter?: number;
  /** A 5xx after the work was done (the answer lost): the request takes effect, then fails. */
  applied?: boolean;
}

export type RequestListener = (request: RecordedRequest) => void;

export interface FailureRule {
  method?: string;
  path: RegExp;
  status: number;
  /** How many matching requests fail before the route works again. */
  times: number;
  /** Seconds, for 429s. */
  retryAfter?: number;
  global?: boolean;
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  flags: number;
  /** Who wrote it, when not the bot (a person's post, kept with keepMessage). */
  author?: Record<string, unknown>;
  /** Files uploaded with it, as Discord lists them (the bytes are on the recorded request). */
  attachments: { id: string; filename: string; size: number; content_type: string }[];
}

/** Discord's limit for an interaction's first answer (then the token is unknown). */
const INTERACTION_ANSWER_MS = 3_000;

type Handler = (
  request: RecordedRequest,
  match: RegExpMatchArray,
) => { status: number; body?: unknown };

export class FakeRest {
  readonly requests: RecordedRequest[] = [];
  readonly messages = new Map<string, StoredMessage>();
  /** `<channel>/<message>` of every message deleted through the API. */
  private readonly deletedMessages = new Set<string>();
  /** Enforced nonces per channel, as Discord keeps them for a few minutes: the message created. */
  private readonly nonces = new Map<string, StoredMessage>();
  readonly threads: Record<string, unknown>[] = [];
  /** Who is in each thread made over REST (the bot from its creation), as Discord keeps it. */
  readonly threadMembers = new Map<string, Set<string>>();
  /** Channels that exist: the world's, threads and DMs made over REST or announced by THREAD_CREATE. */
  readonly channels = new Set<string>();
  private readonly failures: FailureRule[] = [];
  private faultRule: FaultRule | null = null;
  private readonly listeners = new Set<RequestListener>();
  /** Interactions already answered: Discord refuses a second callback (40060). */
  private readonly answered = new Set<string>();
  /** When each interaction was dispatched: its first answer must come within 3 s (10062). */
  private readonly dispatchedAt = new Map<string, number>();
  /** The interaction each dispatched token belongs to (its webhook works once it is answered). */
  private readonly interactionOfToken = new Map<string, string>();
  private readonly routes: [string, RegExp, Handler][];

  constructor(
    private readonly options: {
      gatewayUrl: () => string;
      botUser: Record<string, unknown>;
      applicationId: string;
      /** The bot token; a request with another one gets a 401, as from Discord. */
      token: string;
      /** Chaos runs: every process life has its own token; default only `token`. */
      acceptsToken?: (token: string) => boolean;
      /** The guild the threads are in (shown on them). */
      guildId?: string;
      /** A guild member as GET /guilds/:guild/members/:user answers it; null: Unknown Member. */
      member?: (guildId: string, userId: string) => Record<string, unknown> | null;
    },
  ) {
    this.routes = [
      ['GET', /^\/gateway(\/bot)?$/, () => ({ status: 200, body: this.gatewayInfo() })],
      ['GET', /^\/users\/@me$/, () => ({ status: 200, body: this.options.botUser })],
      ['POST', /^\/interactions\/(\d+)\/([^/]+)\/callback$/, (request) => this.callback(request)],
      [
        'POST',
        /^\/webhooks\/(\d+)\/([^/]+)$/,
        (request, m) =>
          this.webhookRefused(m[2]!) ??
          this.message(`webhook:${m[2]}`, request.body, undefined, request.uploads),
      ],
      [
        'PATCH',
        /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
        (request, m) =>
          this.webhookRefused(m[2]!) ??
          this.message(`webhook:${m[2]}`, request.body, m[3], request.uploads),
      ],
      [
        'GET',
        /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/,
        (_request, m) => this.webhookRefused(m[2]!) ?? this.message(`webhook:${m[2]}`, {}, m[3]),
      ],
      [
        'POST',
        /^\/channels\/(\d+)\/messages$/,
        (request, m) => this.message(m[1]!, request.body, undefined, request.uploads),
      ],
      ['GET', /^\/channels\/(\d+)\/messages$/, (request, m) => this.list(m[1]!, request.query)],
      [
        'PATCH',
        /^\/channels\/(\d+)\/messages\/(\d+)$/,
        (request, m) => this.message(m[1]!, request.body, m[2]),
      ],
      ['POST', /^\/channels\/(\d+)\/threads$/, (request, m) => this.thread(m[1]!, request.body)],
      [
        'POST',
        /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/,
        (request, m) => this.thread(m[1]!, request.body, m[2]),
      ],
      ['PATCH', /^\/channels\/(\d+)$/, (request, m) => this.editChannel(m[1]!, request.body)],
      ['PUT', /^\/channels\/(\d+)\/thread-members\/(\d+|@me)$/, (_r, m) => this.join(m[1]!, m[2]!)],
      ['GET', /^\/channels\/(\d+)$/, (_request, m) => this.threadById(m[1]!)],
      ['GET', /^\/guilds\/(\d+)\/threads\/active$/, (_request, m) => this.activeThreads(m[1]!)],
      [
        'DELETE',
        /^\/channels\/(\d+)$/,
        (_request, m) => {
          this.channels.delete(m[1]!);
          return { status: 200, body: { id: m[1], type: 12 } };
        },
      ],
      [
        'GET',
        /^\/guilds\/(\d+)\/members\/(\d+)$/,
        (_request, m) => {
          const found = this.options.member?.(m[1]!, m[2]!) ?? null;
          return found
            ? { status: 200, body: found }
            : { status: 404, body: { message: 'Unknown Member', code: 10007 } };
        },
      ],
      [
        'DELETE',
        /^\/channels\/(\d+)\/messages\/(\d+)$/,
        (_request, m) => {
          const key = `${m[1]}/${m[2]}`;
          // Discord answers Unknown Message for a message deleted already.
          if (this.deletedMessages.has(key))
            return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
          this.messages.delete(key);
          this.deletedMessages.add(key);
          return { status: 204 };
        },
      ],
      [
        'GET',
        /^\/channels\/(\d+)\/messages\/(\d+)$/,
        (_request, m) => this.readMessage(m[1]!, m[2]!),
      ],
      ['POST', /^\/users\/@me\/channels$/, (request) => this.dmChannel(request.body)],
      [
        'PUT',
        /^\/applications\/(\d+)(\/guilds\/(\d+))?\/commands$/,
        (request, m) => this.commands(request.body, m[1]!, m[3]),
      ],
    ];
  }

  /** The next `times` requests matching `path` (and `method`) fail with `status`. */
  failNext(rule: FailureRule): void {
    this.failures.push({ ...rule });
  }

  /** Fails requests by `rule` (null: stop failing); see FaultRule. */
  injectFaults(rule: FaultRule | null): void {
    this.faultRule = rule;
  }

  /** `listener` hears each request once answered (status set); returns the unsubscribe function. */
  onRequest(listener: RequestListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** An interaction went out on the gateway now (its callback is due within 3 s). */
  interactionDispatched(id: string, token?: string): void {
    if (!this.dispatchedAt.has(id)) this.dispatchedAt.set(id, Date.now());
    if (token) this.interactionOfToken.set(token, id);
  }

  /**
   * As Discord does: an interaction's webhook (its original response, follow-ups) exists only once
   * the interaction was answered; before, or when its answer never came, Unknown Webhook.
   */
  private webhookRefused(token: string): { status: number; body: unknown } | null {
    const interaction = this.interactionOfToken.get(token);
    if (interaction === undefined || this.answered.has(interaction)) return null;
    return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
  }

  /** Forgets the enforced nonces, as Discord does after a few minutes. */
  forgetNonces(): void {
    this.nonces.clear();
  }

  /** Forgets failures not yet used (Discord is back). */
  clearFailures(): void {
    this.failures.length = 0;
  }

  /** Keeps a person's post (a MESSAGE_CREATE payload) as Discord has it: read back by id. */
  keepMessage(payload: Record<string, unknown>): void {
    const channelId = String(payload['channel_id']);
    this.messages.set(`${channelId}/${String(payload['id'])}`, {
      id: String(payload['id']),
      channel_id: channelId,
      content: String(payload['content'] ?? ''),
      embeds: [],
      components: [],
      flags: 0,
      attachments: [],
      author: payload['author'] as Record<string, unknown>,
    });
  }

  /** The threads (still there) `userId` is a member of. */
  threadsOf(userId: string): string[] {
    return [...this.threadMembers]
      .filter(([id, members]) => this.channels.has(id) && members.has(userId))
      .map(([id]) => id);
  }

  find(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && path.test(request.path));
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = decodeURIComponent(url.pathname.replace(/^\/api(\/v\d+)?/, ''));
    const { body, files, uploads } = await readBody(req);
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      body,
      files,
      uploads,
      status: 0,
      at: Date.now(),
      token: null,
    };
    this.requests.push(request);
    const authorization = req.headers['authorization'];
    request.token = authorization?.replace(/^Bot /, '') ?? null;
    if (request.token !== null && !this.accepts(request.token)) {
      request.status = 401;
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: '401: Unauthorized', code: 0 }));
      return this.tell(request);
    }
    const injected = this.faultRule?.(request) ?? null;
    const failure = this.takeFailure(request) ?? (injected?.applied ? null : injected);
    if (failure) {
      request.status = failure.status;
      writeFailure(res, failure);
      return this.tell(request);
    }
    const result = this.route(request);
    if (injected?.applied) {
      // Done, but the answer is lost on the way back (what was made stays on the record).
      if (result.status < 300) request.response = result.body;
      request.status = injected.status;
      writeFailure(res, injected);
      return this.tell(request);
    }
    request.status = result.status;
    request.response = result.body;
    res.writeHead(
      result.status,
      result.body === undefined ? {} : { 'content-type': 'application/json' },
    );
    res.end(result.body === undefined ? undefined : JSON.stringify(result.body));
    this.tell(request);
  }

  private accepts(token: string): boolean {
    return this.options.acceptsToken?.(token) ?? token === this.options.token;
  }

  private tell(request: RecordedRequest): void {
    for (const listener of this.listeners) listener(request);
  }

  private route(request: RecordedRequest): { status: number; body?: unknown } {
    const path = request.path;
    const route = this.routes.find(
      ([method, pattern]) => method === request.method && pattern.test(path),
    );
    const result = route
      ? route[2](request, path.match(route[1])!)
      : { status: 404, body: { message: 'Unknown route (fake)', code: 0 } };
    return result;
  }

  private takeFailure(request: RecordedRequest): FailureRule | null {
    const rule = this.failures.find(
      (f) => f.times > 0 && f.path.test(request.path) && (!f.method || f.method === request.method),
    );
    if (!rule) return null;
    rule.times -= 1;
    return rule;
  }

  private gatewayInfo(): Record<string, unknown> {
    return {
      url: this.options.gatewayUrl(),
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
    };
  }

  private callback(request: RecordedRequest): { status: number; body?: unknown } {
    const interaction = request.path.split('/')[2] ?? '';
    const sentAt = this.dispatchedAt.get(interaction);
    if (sentAt !== undefined && Date.now() - sentAt > INTERACTION_ANSWER_MS)
      return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
    if (this.answered.has(interaction))
      return {
        status: 400,
        body: { message: 'Interaction has already been acknowledged.', code: 40060 },
      };
    this.answered.add(interaction);
    this.keepOriginal(request);
    if (request.query.get('with_response') !== 'true') return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: { id: request.path.split('/')[2], type: 2 },
        resource: { type: (request.body as { type: number }).type },
      },
    };
  }

  /**
   * An answer with a message (or a deferral: Discord's "thinking…") is the interaction's original
   * response, read and edited on the webhook of its token as `@original`, with its flags.
   */
  private keepOriginal(request: RecordedRequest): void {
    const token = request.path.split('/')[3] ?? '';
    const { type, data } = (request.body ?? {}) as { type?: number; data?: { flags?: number } };
    if (type !== 4 && type !== 5) return;
    this.message(
      `webhook:${token}`,
      { ...(type === 4 ? data : {}), flags: data?.flags ?? 0 },
      '@original',
    );
  }

  private message(
    channelId: string,
    body: unknown,
    messageId?: string,
    uploads: UploadedFile[] = [],
  ): { status: number; body: StoredMessage } {
    if (!channelId.startsWith('webhook:') && !this.channels.has(channelId)) {
      // As Discord does: a message id is not a channel until a thread is started on it.
      return {
        status: 404,
        body: { message: 'Unknown Channel', code: 10003 } as unknown as StoredMessage,
      };
    }
    const data = (body ?? {}) as Partial<StoredMessage> & {
      nonce?: string;
      enforce_nonce?: boolean;
    };
    const nonceKey =
      !messageId && data.enforce_nonce && data.nonce ? `${channelId}:${data.nonce}` : null;
    const created = nonceKey ? this.nonces.get(nonceKey) : undefined;
    if (created) return { status: 200, body: created };
    const key = messageId ? `${channelId}/${messageId}` : null;
    const existing = key ? this.messages.get(key) : undefined;
    const id = existing?.id ?? (messageId && messageId !== '@original' ? messageId : snowflake());
    const realChannel = channelId.startsWith('webhook:') ? '0' : channelId;
    const stored: StoredMessage = {
      id,
      channel_id: existing?.channel_id ?? realChannel,
      content: data.content ?? existing?.content ?? '',
      embeds: data.embeds ?? existing?.embeds ?? [],
      components: data.components ?? existing?.components ?? [],
      flags: data.flags ?? existing?.flags ?? 0,
      attachments: [
        ...(existing?.attachments ?? []),
        ...uploads.map((upload) => ({
          id: snowflake(),
          filename: upload.name,
          size: upload.data.length,
          content_type: upload.contentType,
        })),
      ],
    };
    this.messages.set(`${channelId}/${id}`, stored);
    if (key) this.messages.set(key, stored);
    // As Discord shows a thread: the id of the last message created in it.
    const thread = messageId ? undefined : this.threads.find((t) => t['id'] === channelId);
    if (thread) thread['last_message_id'] = id;
    const full = {
      ...stored,
      author: this.options.botUser,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
      type: 0,
    };
    if (nonceKey) this.nonces.set(nonceKey, full);
    return { status: 200, body: full };
  }

  /**
   * A channel's messages as Discord lists them, newest first, at most `limit` (default 50, 1 to
   * 100): `after` a snowflake, the ones right after it (its oldest); `before` one, the ones right
   * before it; neither, the newest. Nonces are not listed (Discord keeps them only to answer a
   * create).
   */
  private list(channelId: string, query: URLSearchParams): { status: number; body: unknown } {
    if (!this.channels.has(channelId))
      return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
    const after = query.get('after');
    const before = query.get('before');
    const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 50)));
    const byId = new Map<string, StoredMessage>();
    for (const [key, stored] of this.messages)
      if (
        key.startsWith(`${channelId}/`) &&
        (after === null || BigInt(stored.id) > BigInt(after)) &&
        (before === null || BigInt(stored.id) < BigInt(before))
      )
        byId.set(stored.id, stored);
    const newestFirst = [...byId.values()].sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    // `after` pages forward from its snowflake: the page is the oldest `limit` after it.
    const page =
      after !== null && before === null ? newestFirst.slice(-limit) : newestFirst.slice(0, limit);
    const listed = page.map((stored) => ({
      ...stored,
      author: stored.author ?? this.options.botUser,
      type: 0,
    }));
    return { status: 200, body: listed };
  }

  /** GET /channels/:id/messages/:id: the message, or Unknown Message (never made, or deleted). */
  private readMessage(channelId: string, messageId: string): { status: number; body: unknown } {
    const stored = this.messages.get(`${channelId}/${messageId}`);
    if (!stored) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    return { status: 200, body: this.listed(stored) };
  }

  private listed(stored: StoredMessage): Record<string, unknown> {
    return {
      ...stored,
      author: stored.author ?? this.options.botUser,
      timestamp: new Date(Number((BigInt(stored.id) >> 22n) + 1_420_070_400_000n)).toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
      type: 0,
    };
  }

  private thread(
    parentId: string,
    body: unknown,
    fromMessageId?: string,
  ): { status: number; body: Record<string, unknown> } {
    const data = body as { name?: string; type?: number; invitable?: boolean };
    const thread = {
      id: fromMessageId ?? snowflake(),
      type: data.type ?? 11,
      parent_id: parentId,
      name: data.name ?? 'thread',
      owner_id: this.options.botUser['id'],
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: new Date().toISOString(),
        locked: false,
        invitable: data.invitable ?? true,
      },
      member_count: 1,
      message_count: 0,
      last_message_id: null as string | null,
    };
    this.threads.push(thread);
    this.channels.add(thread.id);
    this.threadMembers.set(thread.id, new Set([String(this.options.botUser['id'])]));
    return { status: 201, body: thread };
  }

  /** Archives or locks a thread (kept on the thread, as the active list shows it). */
  private editChannel(id: string, body: unknown): { status: number; body: unknown } {
    const edit = (body ?? {}) as { archived?: boolean; locked?: boolean };
    const thread = this.threads.find((t) => t['id'] === id);
    if (!thread) return { status: 200, body: { id, type: 11, ...edit } };
    const metadata = thread['thread_metadata'] as Record<string, unknown>;
    for (const field of ['archived', 'locked'] as const)
      if (edit[field] !== undefined) metadata[field] = edit[field];
    return { status: 200, body: this.shown(thread) };
  }

  /** Adds a member; one already in stays once (Discord answers 204 either way). */
  private join(threadId: string, userId: string): { status: number; body?: unknown } {
    if (!this.channels.has(threadId))
      return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
    const who = userId === '@me' ? String(this.options.botUser['id']) : userId;
    const members = this.threadMembers.get(threadId) ?? new Set<string>();
    members.add(who);
    this.threadMembers.set(threadId, members);
    return { status: 204 };
  }

  /** A thread made over REST as GET /channels/:id shows it (its member count as it is now). */
  private threadById(id: string): { status: number; body: unknown } {
    const thread = this.threads.find((t) => t['id'] === id);
    if (!thread || !this.channels.has(id))
      return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
    return { status: 200, body: this.shown(thread) };
  }

  /** The guild's threads that are not archived, public and private, newest first. */
  private activeThreads(guildId: string): { status: number; body: unknown } {
    const active = this.threads
      .filter((t) => this.channels.has(String(t['id'])))
      .filter((t) => !(t['thread_metadata'] as { archived?: boolean }).archived)
      .sort((a, b) => (BigInt(String(b['id'])) > BigInt(String(a['id'])) ? 1 : -1))
      .map((t): Record<string, unknown> => ({ ...this.shown(t), guild_id: guildId }));
    const bot = String(this.options.botUser['id']);
    const members = active
      .filter((t) => this.threadMembers.get(String(t['id']))?.has(bot))
      .map((t) => ({
        id: t['id'],
        user_id: bot,
        join_timestamp: new Date().toISOString(),
        flags: 0,
      }));
    return { status: 200, body: { threads: active, members } };
  }

  private shown(thread: Record<string, unknown>): Record<string, unknown> {
    const members = this.threadMembers.get(String(thread['id']));
    return {
      ...thread,
      ...(this.options.guildId ? { guild_id: this.options.guildId } : {}),
      member_count: members?.size ?? thread['member_count'],
    };
  }

  private dmChannel(body: unknown): { status: number; body: Record<string, unknown> } {
    const recipient = (body as { recipient_id: string }).recipient_id;
    this.channels.add(`9${recipient.slice(1)}`);
    return {
      status: 200,
      body: {
        id: `9${recipient.slice(1)}`,
        type: 1,
        recipients: [{ id: recipient, username: 'user', discriminator: '0' }],
      },
    };
  }

  private commands(
    body: unknown,
    applicationId: string,
    guildId?: string,
  ): { status: number; body: unknown[] } {
    const list = Array.isArray(body) ? (body as Record<string, unknown>[]) : [];
    return {
      status: 200,
      body: list.map((command) => ({
        id: snowflake(),
        application_id: applicationId,
        guild_id: guildId,
        version: '1',
        default_member_permissions: null,
        ...command,
      })),
    };
  }
}
