// A lean Slack Web API for the intake bench: answers what casebot and the bare app call (auth.test,
// users.info, chat.postMessage, chat.postEphemeral, …) at once, and records, per thread, when a
// reply arrived and how many did. Nothing else is kept, so the stub costs little beside the load.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export const STUB_TEAM_ID = 'T0HOME';
export const STUB_BOT_USER_ID = 'U0BOT';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function field(raw: string, contentType: string, name: string): string | null {
  if (contentType.includes('application/json')) {
    const value = (JSON.parse(raw || '{}') as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : null;
  }
  return new URLSearchParams(raw).get(name);
}

export class StubSlack {
  /** thread_ts → performance.now() of the first reply posted in that thread. */
  readonly firstReplyAt = new Map<string, number>();
  /** thread_ts → replies posted there (more than one is a doubled answer). */
  readonly replies = new Map<string, number>();
  readonly calls = new Map<string, number>();
  private seq = 0;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<StubSlack> {
    const server = createServer();
    const stub = new StubSlack(server);
    server.on('request', (req, res) => void stub.handle(req, res));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
  }

  reset(): void {
    this.firstReplyAt.clear();
    this.replies.clear();
    this.calls.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    const contentType = req.headers['content-type'] ?? '';
    let answer: Record<string, unknown> = { ok: true };
    if (method === 'auth.test') {
      answer = {
        ok: true,
        url: 'https://stub.slack.com/',
        team: 'Stub',
        team_id: STUB_TEAM_ID,
        user: 'casebot',
        user_id: STUB_BOT_USER_ID,
        bot_id: 'B0BOT',
      };
    } else if (method === 'users.info') {
      const user = field(raw, contentType, 'user') ?? 'U0';
      answer = { ok: true, user: { id: user, name: user, profile: { display_name: user } } };
    } else if (method === 'chat.postMessage') {
      const channel = field(raw, contentType, 'channel');
      const thread = field(raw, contentType, 'thread_ts');
      if (thread !== null) {
        if (!this.firstReplyAt.has(thread)) this.firstReplyAt.set(thread, performance.now());
        this.replies.set(thread, (this.replies.get(thread) ?? 0) + 1);
      }
      this.seq += 1;
      const ts = `${Math.floor(Date.now() / 1000)}.${String(this.seq).padStart(6, '0')}`;
      answer = { ok: true, channel, ts, message: { ts } };
    } else if (method === 'chat.postEphemeral') {
      answer = { ok: true, message_ts: `${Date.now() / 1000}` };
    } else if (method === 'conversations.open') {
      answer = { ok: true, channel: { id: 'D0STUB' } };
    }
    const body = JSON.stringify(answer);
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
