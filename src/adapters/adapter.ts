// The one shape every adapter has (shell, Slack, Discord): it translates the platform's inbound
// events into Desk calls, renders views, and supplies the transport the core posts through. The app
// builds it first (configuration errors surface before any database work), then opens the store,
// wraps the transport in its durable delivery, builds the Desk, and only then starts the adapter
// with that Desk: no adapter ever needs the Desk before it starts.
import type { Desk } from '../core/conversation/desk.js';
import type { Platform } from '../core/model.js';
import type { ChatPort } from '../core/ports/platform.js';

export interface ChatAdapter {
  readonly name: Platform;
  /**
   * The platform's ChatPort (send, update, delete, whisper, open a private space), with the
   * platform's rate limits and in-call retries. Usable before start: the core is built on it.
   */
  readonly transport: ChatPort;
  /**
   * Connects to the platform (its start-up call retried while the platform is briefly unavailable,
   * see start-retry.ts) and hands inbound events to `desk` from then on. `outbound` is the port the
   * adapter's own replies go through: the app's durable delivery wrapping `transport` (default:
   * `transport` itself), so they take the same path as the core's messages.
   */
  start(desk: Desk, outbound?: ChatPort): Promise<void>;
  /** Disconnects; stopping twice, or before start, is harmless. */
  stop(): Promise<void>;
  /**
   * Redoes a platform request a stopped process had taken, from its stored body (the delivery
   * worker's replay, with the work's key, which says what kind of request it was); absent on
   * platforms that store none (the shell).
   */
  replay?(payload: string, key?: string): Promise<void>;
  /** The port the adapter's own HTTP server will listen on, when it runs one (Slack in HTTP mode). */
  readonly httpPort?: number;
}

/** The Desk an adapter was started with; an event before start is refused (and logged by the caller). */
export class StartedDesk {
  private desk: Desk | null = null;

  constructor(private readonly adapter: string) {}

  set(desk: Desk): void {
    this.desk = desk;
  }

  get started(): boolean {
    return this.desk !== null;
  }

  get(): Desk {
    if (!this.desk) throw new NotStartedError(this.adapter);
    return this.desk;
  }
}

/** An inbound event reached an adapter before `start(desk)`: there is no Desk to hand it to. */
export class NotStartedError extends Error {
  constructor(adapter: string) {
    super(`the ${adapter} adapter received an event before it was started`);
  }
}
