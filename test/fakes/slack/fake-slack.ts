// A fake Slack on 127.0.0.1: the Web API (records every call, answers like Slack, fails on demand
// with 429 + Retry-After or 5xx), response_url endpoints, and the Socket Mode side
// (apps.connections.open → ws:// URL; the WebSocket sends `hello`, pushes envelopes, collects acks).
// Files go as Slack's external upload does: files.getUploadURLExternal hands out an upload URL
// on this server, the bytes are POSTed there, and files.completeUploadExternal shares them in a
// channel or thread (a message with `files`, listed by history); `files` keeps each one's bytes.
// For chaos runs (bench/chaos) it can also fail calls by a caller's rule (`injectFaults`) and tell
// a listener about each call as it lands (`onCall`); both are off unless asked for.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const FAKE_TEAM_ID = 'T0HOME';
export const FAKE_BOT_ID = 'B0BOT';
export const FAKE_BOT_USER_ID = 'U0BOT';

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token: string | null;
  status: number;
  /** What the fake answered (e.g. the `ts` of a posted message). */
  response: Record<string, unknown>;
  /** When it arrived (Date.now()). */
  at: number;
}

type Responder = (args: Record<string, unknown>) => Record<string, unknown>;

/** A failure to answer with instead of the normal answer (429 carries Retry-After). */
export interface InjectedFault {
  status: 429 | 500 | 502 | 503 | 504;
  retryAfter?: number;
  /** A 5xx after the work was done (the answer lost): the call takes effect, then fails. */
  applied?: boolean;
}

/** Decides, call by call, whether to fail it; null answers normally. */
export type FaultRule = (
  method: string,
  args: Record<string, unknown>,
  token: string | null,
) => InjectedFault | null;

export type CallListener = (call: RecordedCall) => void;

interface Failure {
  status: number;
  retryAfter?: number;
  remaining: number;
}

const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'metadata']);

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json'))
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // WebClient sends objects as JSON strings inside the form body.
    args[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  }
  return args;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The bytes of an upload: the file part of a multipart body (WebClient's), else the raw body. */
async function uploadedBytes(raw: Buffer, contentType: string): Promise<Buffer> {
  if (!contentType.startsWith('multipart/form-data')) return raw;
  const form = await new Request('http://fake/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: raw,
  }).formData();
  for (const value of form.values())
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  throw new Error('fake Slack: an upload without a file part');
}

/** A file uploaded through the external upload flow. */
export interface UploadedFile {
  id: string;
  /** As given to files.getUploadURLExternal. */
  filename: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  title: string | null;
  /** Null until the bytes are POSTed to the upload URL. */
  bytes: Buffer | null;
  /** Where files.completeUploadExternal shared it (null: not completed, or completed privately). */
  channel: string | null;
  threadTs: string | null;
  completed: boolean;
}

export interface SocketEnvelope {
  type: 'events_api' | 'interactive' | 'slash_commands';
  payload: Record<string, unknown>;
  retryAttempt?: number;
}

/** A message the fake holds, as conversations.history and conversations.replies return it. */
interface HeldMessage {
  channel: string;
  ts: string;
  threadTs: string | null;
  text: unknown;
  metadata: unknown;
  files?: { id: string; name: string; title: string | null }[];
}

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  /** Every file upload begun, by order of files.getUploadURLExternal. */
  readonly files: UploadedFile[] = [];
  /** Every message posted, in order (for history lookups). */
  private readonly held: HeldMessage[] = [];
  /** Bodies POSTed to response_url endpoints, by path. */
  readonly responses: { path: string; body: Record<string, unknown> }[] = [];
  readonly acks: { envelope_id: string; payload?: unknown }[] = [];
  private readonly responders = new Map<string, Responder>();
  /** Display names users.info answers with (unknown users: their id). */
  private readonly userNames = new Map<string, string>();
  /** Locales users.info answers with when asked `include_locale` (unknown: none, as in tests before). */
  private readonly userLocales = new Map<string, string>();
  private readonly failures = new Map<string, Failure>();
  private readonly appliedFailures = new Map<string, Failure>();
  private readonly sequences = new Map<
    string,
    ({ status: number; retryAfter?: number } | { error: string })[]
  >();
  private readonly sockets = new Set<WebSocket>();
  private faultRule: FaultRule | null = null;
  private readonly callListeners = new Set<CallListener>();
  private readonly ackWaiters = new Map<
    string,
    (ack: { envelope_id: string; payload?: unknown }) => void
  >();
  private readonly server = createServer((req, res) => void this.handle(req, res));
  private readonly wss = new WebSocketServer({ server: this.server, path: '/socket' });
  private tsCounter = 0;
  private fileCounter = 0;
  private envelopeCounter = 0;
  port = 0;

  static async start(): Promise<FakeSlack> {
    const fake = new FakeSlack();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    fake.wss.on('connection', (socket) => fake.onSocket(socket));
    return fake;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A fresh response_url for a slash command or an action. */
  responseUrl(name = 'r'): string {
    return `http://127.0.0.1:${this.port}/respond/${name}-${++this.envelopeCounter}`;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method && call.status === 200);
  }

  /** The next `times` calls to `method` answer `status` (429 carries Retry-After). */
  fail(method: string, status: number, times = 1, retryAfter?: number): void {
    this.failures.set(method, { status, remaining: times, retryAfter });
  }

  /**
   * The next `times` calls to `method` are done (a post lands in history and is recorded as
   * delivered) and then answered with `status`: Slack did the work and the answer was lost.
   */
  failAfterApplying(method: string, status: 500 | 502 | 503 | 504, times = 1): void {
    this.appliedFailures.set(method, { status, remaining: times });
  }

  /**
   * The next calls to `method` answer these, one each, in order: an HTTP status (429 carries
   * `retryAfter`) or a Slack error with HTTP 200 (`{ error: 'invalid_auth' }`).
   */
  failInOrder(
    method: string,
    answers: ({ status: number; retryAfter?: number } | { error: string })[],
  ): void {
    this.sequences.set(method, [...answers]);
  }

  /**
   * From now on each Web API call not already failed by fail()/failInOrder() asks `rule` whether
   * to fail; null stops injecting.
   */
  injectFaults(rule: FaultRule | null): void {
    this.faultRule = rule;
  }

  /**
   * `listener` hears each Web API call once it is recorded, before its answer is written (work it
   * defers with a timer runs after the caller was answered). Returns the unsubscribe function.
   */
  onCall(listener: CallListener): () => void {
    this.callListeners.add(listener);
    return () => this.callListeners.delete(listener);
  }

  /** A user users.info knows; `locale` ("fr-FR") is answered, like Slack, only with include_locale. */
  addUser(id: string, displayName: string, locale?: string): void {
    this.userNames.set(id, displayName);
    if (locale) this.userLocales.set(id, locale);
  }

  respond(method: string, responder: Responder): void {
    this.responders.set(method, responder);
  }

  /** Resolves when a successful call matching `predicate` has been recorded. */
  async waitFor(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<RecordedCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.callsTo(method).find(predicate);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`fake Slack: no ${method} call matched within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Resolves once `condition` holds (checked as calls come in); no fixed delay to guess. */
  async waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline)
        throw new Error(`fake Slack: condition not met in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  get socketCount(): number {
    return this.sockets.size;
  }

  /** Sends an envelope over every open socket; resolves with the client's ack. */
  push(envelope: SocketEnvelope): Promise<{ envelope_id: string; payload?: unknown }> {
    const envelopeId = `env-${++this.envelopeCounter}`;
    const message = {
      envelope_id: envelopeId,
      type: envelope.type,
      payload: envelope.payload,
      accepts_response_payload: envelope.type !== 'events_api',
      ...(envelope.retryAttempt
        ? { retry_attempt: envelope.retryAttempt, retry_reason: 'timeout' }
        : {}),
    };
    const acked = new Promise<{ envelope_id: string; payload?: unknown }>((resolve) =>
      this.ackWaiters.set(envelopeId, resolve),
    );
    for (const socket of this.sockets) socket.send(JSON.stringify(message));
    return acked;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onSocket(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('message', (data) => {
      const ack = JSON.parse(String(data)) as { envelope_id: string; payload?: unknown };
      this.acks.push(ack);
      this.ackWaiters.get(ack.envelope_id)?.(ack);
      this.ackWaiters.delete(ack.envelope_id);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        debug_info: { host: 'fake-slack', approximate_connection_time: 18060 },
        connection_info: { app_id: 'A0FAKE' },
      }),
    );
  }

  /** The files shared in a channel (and thread), completed and with their bytes. */
  sharedFiles(channel?: string): (UploadedFile & { bytes: Buffer })[] {
    return this.files.filter(
      (file): file is UploadedFile & { bytes: Buffer } =>
        file.completed && file.bytes !== null && (!channel || file.channel === channel),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const raw = body.toString('utf8');
    const path = req.url ?? '/';
    const contentType = String(req.headers['content-type'] ?? '');
    if (path.startsWith('/upload/')) return this.receiveUpload(path, body, contentType, res);
    if (path.startsWith('/respond/')) {
      this.responses.push({ path, body: parseBody(raw, contentType) });
      return this.send(res, 200, { ok: true });
    }
    const method = path.replace(/^\/api\//, '').split('?')[0] ?? '';
    const args = parseBody(raw, contentType);
    const auth = String(req.headers.authorization ?? '');
    const token = auth.startsWith('Bearer ')
      ? auth.slice(7)
      : typeof args.token === 'string'
        ? args.token
        : null;
    const next = this.sequences.get(method)?.shift();
    if (next && 'error' in next) {
      const response = { ok: false, error: next.error };
      this.record({ method, args, token, status: 200, response, at: Date.now() });
      return this.send(res, 200, response);
    }
    const planned = next ? { ...next, remaining: 1 } : this.failures.get(method);
    const injected =
      planned && planned.remaining > 0 ? null : (this.faultRule?.(method, args, token) ?? null);
    if (injected?.applied && injected.status !== 429) {
      const response = this.answer(method, args);
      this.record({ method, args, token, status: 200, response, at: Date.now() });
      return this.send(res, injected.status, { ok: false, error: 'fake_outage' });
    }
    const failure = injected ? { ...injected, remaining: 1 } : planned;
    if (failure && failure.remaining > 0) {
      failure.remaining -= 1;
      const response = { ok: false, error: failure.status === 429 ? 'ratelimited' : 'fake_outage' };
      this.record({ method, args, token, status: failure.status, response, at: Date.now() });
      const headers =
        failure.retryAfter !== undefined
          ? { 'retry-after': String(failure.retryAfter) }
          : undefined;
      return this.send(res, failure.status, response, headers);
    }
    const response = this.answer(method, args);
    this.record({ method, args, token, status: 200, response, at: Date.now() });
    const applied = this.appliedFailures.get(method);
    if (applied && applied.remaining > 0) {
      applied.remaining -= 1;
      return this.send(res, applied.status, { ok: false, error: 'fake_outage' });
    }
    this.send(res, 200, response);
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    for (const listener of this.callListeners) listener(call);
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const custom = this.responders.get(method);
    if (custom) return custom(args);
    // Real time, as Slack's are (history lookups filter by it); the counter keeps them unique.
    const ts = () =>
      `${Math.floor(Date.now() / 1000)}.${String(++this.tsCounter).padStart(6, '0')}`;
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.com/',
          team: 'Home',
          user: 'casebot',
          team_id: FAKE_TEAM_ID,
          user_id: FAKE_BOT_USER_ID,
          bot_id: FAKE_BOT_ID,
        };
      case 'chat.postMessage': {
        const at = ts();
        this.held.push({
          channel: String(args.channel),
          ts: at,
          threadTs: args.thread_ts ? String(args.thread_ts) : null,
          text: args.text,
          metadata: args.metadata ?? null,
        });
        return {
          ok: true,
          channel: args.channel,
          ts: at,
          message: { text: args.text, ts: at, bot_id: FAKE_BOT_ID },
        };
      }
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: ts() };
      case 'views.open':
      case 'views.publish':
      case 'views.update':
        return { ok: true, view: { id: `V${++this.tsCounter}`, ...(args.view as object) } };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users ?? 'X').replace(/^U/, '')}` } };
      case 'users.info': {
        const id = String(args.user);
        const name = this.userNames.get(id) ?? id;
        const locale = this.userLocales.get(id);
        // WebClient sends form fields as strings: include_locale arrives as "true".
        const withLocale = args.include_locale === true || args.include_locale === 'true';
        return {
          ok: true,
          user: {
            id,
            name: id.toLowerCase(),
            real_name: name,
            profile: { display_name: name, real_name: name },
            ...(withLocale && locale ? { locale } : {}),
          },
        };
      }
      case 'conversations.history':
      case 'conversations.replies':
        return this.historyPage(method, args);
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket` };
      case 'files.getUploadURLExternal': {
        const id = `F${String(++this.fileCounter).padStart(8, '0')}`;
        this.files.push({
          id,
          filename: String(args.filename ?? ''),
          length: Number(args.length ?? 0),
          title: null,
          bytes: null,
          channel: null,
          threadTs: null,
          completed: false,
        });
        return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal':
        return this.completeUpload(args, ts);
      default:
        return { ok: true };
    }
  }

  /** The bytes POSTed to an upload URL; Slack answers a bare "OK". */
  private async receiveUpload(
    path: string,
    body: Buffer,
    contentType: string,
    res: ServerResponse,
  ): Promise<void> {
    const file = this.files.find((f) => path === `/upload/${f.id}`);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('unknown upload');
      return;
    }
    file.bytes = await uploadedBytes(body, contentType);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`OK - ${file.bytes.length}`);
  }

  /**
   * Shares uploaded files: each must have had its bytes POSTed (else Slack's error); with a
   * channel_id, one message carrying them lands in the channel (or thread_ts's thread).
   */
  private completeUpload(args: Record<string, unknown>, ts: () => string): Record<string, unknown> {
    const listed = (
      typeof args.files === 'string' ? JSON.parse(args.files) : (args.files ?? [])
    ) as { id: string; title?: string }[];
    const files = listed.map((item) => this.files.find((f) => f.id === item.id));
    if (files.some((file) => !file || file.bytes === null || file.completed))
      return { ok: false, error: 'file_not_found' };
    const channel = typeof args.channel_id === 'string' ? args.channel_id : null;
    const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : null;
    const shared = files.map((file, index) => {
      const f = file!;
      Object.assign(f, { completed: true, channel, threadTs, title: listed[index]?.title ?? null });
      return { id: f.id, name: f.filename, title: f.title };
    });
    if (channel)
      this.held.push({ channel, ts: ts(), threadTs, text: '', metadata: null, files: shared });
    return { ok: true, files: shared };
  }

  /**
   * One page of history, as Slack pages it: at most `limit` messages (100 unless given, 999 at
   * most) from `cursor` on, and `response_metadata.next_cursor` naming the next page while any is left.
   */
  private historyPage(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const all = this.history(method, args);
    const limit = Math.min(999, Math.max(1, Number(args.limit ?? 100) || 100));
    const cursor = typeof args.cursor === 'string' && args.cursor ? args.cursor : null;
    const start = cursor ? Number(Buffer.from(cursor, 'base64').toString('utf8').slice(5)) : 0;
    const messages = all.slice(start, start + limit);
    const more = start + limit < all.length;
    const next = Buffer.from(`next:${start + limit}`, 'utf8').toString('base64');
    return {
      ok: true,
      messages,
      has_more: more,
      ...(more ? { response_metadata: { next_cursor: next } } : {}),
    };
  }

  /**
   * Like Slack: history lists a channel's top-level messages newest first, replies a thread's
   * parent then its replies oldest first; both from `oldest` on, with metadata only when
   * `include_all_metadata` is set.
   */
  private history(method: string, args: Record<string, unknown>): Record<string, unknown>[] {
    const oldest = Number(args.oldest ?? 0);
    const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
    const inThread = method === 'conversations.replies';
    const picked = this.held.filter(
      (message) =>
        message.channel === String(args.channel) &&
        Number(message.ts) >= oldest &&
        (inThread
          ? message.ts === String(args.ts) || message.threadTs === String(args.ts)
          : message.threadTs === null),
    );
    if (!inThread) picked.reverse();
    return picked.map((message) => ({
      type: 'message',
      ts: message.ts,
      text: message.text,
      bot_id: FAKE_BOT_ID,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      ...(withMetadata && message.metadata ? { metadata: message.metadata } : {}),
      ...(message.files ? { files: message.files } : {}),
    }));
  }

  private send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}
