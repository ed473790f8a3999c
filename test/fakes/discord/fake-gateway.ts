// The gateway half of the fake Discord: HELLO → IDENTIFY → READY + GUILD_CREATE, heartbeat ACKs,
// and RESUME that replays every dispatch the client missed (as Discord does), so tests can drop
// the connection on purpose and check that nothing is lost.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { snowflake } from './snowflake.js';

export interface GatewayDispatch {
  t: string;
  s: number;
  d: unknown;
}

export interface GatewayOptions {
  /** ws:// URL of this gateway, also sent as `resume_gateway_url`. */
  url: string;
  botUser: Record<string, unknown>;
  applicationId: string;
  guilds: () => Record<string, unknown>[];
  /** Intents the application may use; IDENTIFY asking for more is closed with 4014. */
  allowedIntents?: number;
}

export class FakeGateway {
  readonly wss = new WebSocketServer({ noServer: true });
  /** Every payload the client sent (IDENTIFY, RESUME, heartbeats), in order. */
  readonly received: { op: number; d: unknown }[] = [];
  /** The request URL of every connection (query carries v, encoding and compress). */
  readonly connectionUrls: string[] = [];
  readonly log: GatewayDispatch[] = [];
  sessionId = snowflake();
  identifies = 0;
  /** The token the live session identified with (chaos runs give each process life its own). */
  sessionToken: string | null = null;
  resumes = 0;
  private socket: WebSocket | null = null;
  private delivered = 0;
  private ready = false;

  constructor(private readonly options: GatewayOptions) {}

  handleUpgrade(request: IncomingMessage, duplex: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(request, duplex, head, (socket) =>
      this.accept(socket, request.url ?? ''),
    );
  }

  get isConnected(): boolean {
    return this.socket !== null && this.ready;
  }

  /** Queues a dispatch; sent now if a session is live, otherwise replayed on RESUME. */
  dispatch(t: string, d: unknown): GatewayDispatch {
    const event = { t, s: this.log.length + 1, d };
    this.log.push(event);
    if (this.ready) this.flush();
    return event;
  }

  /** Drops the connection the way a network failure or a Discord restart would (client resumes). */
  drop(code = 4000): void {
    const socket = this.socket;
    this.ready = false;
    this.socket = null;
    socket?.close(code, 'fake gateway dropped the connection');
  }

  async close(): Promise<void> {
    this.ready = false;
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket, url: string): void {
    this.connectionUrls.push(url);
    this.socket = socket;
    this.ready = false;
    socket.on('message', (raw) => this.onMessage(socket, raw.toString()));
    socket.on('close', () => {
      if (this.socket === socket) {
        this.socket = null;
        this.ready = false;
      }
    });
    this.send(socket, { op: 10, d: { heartbeat_interval: 41_250 } });
  }

  private onMessage(socket: WebSocket, raw: string): void {
    const payload = JSON.parse(raw) as { op: number; d: Record<string, unknown> | number | null };
    this.received.push(payload);
    if (payload.op === 1) this.send(socket, { op: 11 });
    if (payload.op === 2) {
      const intents = Number((payload.d as { intents?: number } | null)?.intents ?? 0);
      const allowed = this.options.allowedIntents;
      // As Discord does when a privileged intent is not switched on in the Developer Portal.
      if (allowed !== undefined && (intents & ~allowed) !== 0)
        socket.close(4014, 'Disallowed intent(s).');
      else {
        this.sessionToken = String((payload.d as { token?: unknown } | null)?.token ?? '') || null;
        this.identify(socket);
      }
    }
    if (payload.op === 6) this.resume(socket, payload.d as { session_id: string; seq: number });
  }

  private identify(socket: WebSocket): void {
    this.identifies += 1;
    this.sessionId = snowflake();
    const guilds = this.options.guilds();
    // READY and GUILD_CREATE take sequence numbers too, so they go through the log.
    this.log.push({
      t: 'READY',
      s: this.log.length + 1,
      d: {
        v: 10,
        user: this.options.botUser,
        guilds: guilds.map((guild) => ({ id: guild['id'], unavailable: true })),
        session_id: this.sessionId,
        resume_gateway_url: this.options.url,
        application: { id: this.options.applicationId, flags: 0 },
        shard: [0, 1],
      },
    });
    // A fresh session starts at READY: older events belong to the dead session.
    this.delivered = this.log.length - 1;
    for (const guild of guilds)
      this.log.push({ t: 'GUILD_CREATE', s: this.log.length + 1, d: guild });
    this.ready = true;
    this.socket = socket;
    this.flush();
  }

  private resume(socket: WebSocket, request: { session_id: string; seq: number }): void {
    if (request.session_id !== this.sessionId) {
      this.send(socket, { op: 9, d: false });
      return;
    }
    this.resumes += 1;
    this.delivered = request.seq;
    this.ready = true;
    this.socket = socket;
    this.flush();
    this.send(socket, { op: 0, t: 'RESUMED', s: this.log.length, d: {} });
  }

  private flush(): void {
    const socket = this.socket;
    if (!socket || !this.ready) return;
    while (this.delivered < this.log.length) {
      const event = this.log[this.delivered]!;
      this.delivered += 1;
      this.send(socket, { op: 0, t: event.t, s: event.s, d: event.d });
    }
  }

  private send(socket: WebSocket, payload: Record<string, unknown>): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
  }
}
