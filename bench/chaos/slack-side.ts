// What Slack does on its side of the wire, in front of a round-robin load balancer: it signs each
// request, gives the app 3 s to answer, and redelivers an Events API event that was not acked
// (X-Slack-Retry-Num 1..3, the same event_id). Interactions (buttons, form submissions) are never
// redelivered by Slack: the person presses again, which the journeys model. Acked events are also
// redelivered now and then, to the other replica, as Slack does when an ack is lost or late.
// Slack retries after about 1 and 5 minutes; the run compresses that to seconds (RETRY_DELAYS_MS).
import { request } from 'node:http';
import { FAKE_TEAM_ID } from '../../test/fakes/slack/fake-slack.js';
import { signature } from '../../test/fakes/slack/signed-requests.js';
import type { Replica } from './replicas.js';
import type { Rng } from './rng.js';

export type RequestKind = 'event' | 'block_actions' | 'view_submission';

/**
 * acked: HTTP 2xx. refused: no replica accepted the connection (nothing was processed). cut: the
 * connection died mid-request (the replica may have done some of the work). timeout: no answer in
 * 3 s. rejected: any other HTTP status.
 */
export type Outcome = 'acked' | 'refused' | 'cut' | 'timeout' | 'rejected';

export interface Attempt {
  kind: RequestKind;
  replica: string | null;
  incarnation: number | null;
  retryNum: number;
  sentAt: number;
  endedAt: number;
  outcome: Outcome;
  status: number | null;
  json: Record<string, unknown> | null;
}

export interface SideStats {
  requests: Record<RequestKind, number>;
  outcomes: Record<Outcome, number>;
  /** Redeliveries of events Slack did not see acked. */
  redeliveredUnacked: number;
  /** Redeliveries of acked events (a lost ack), to the other replica. */
  redeliveredAcked: number;
}

const ACK_TIMEOUT_MS = 3_000;
const RETRY_DELAYS_MS = [300, 2_500, 7_000];

interface RawResult {
  outcome: Outcome;
  status: number | null;
  text: string;
}

function postOnce(
  port: number,
  body: string,
  headers: Record<string, string>,
  onSent: () => void,
): Promise<RawResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: RawResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    // A fresh connection per request (agent: false): a kept-alive socket to a killed process
    // would turn "refused" into "cut" and blur which requests may have been processed.
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/slack/events',
        method: 'POST',
        agent: false,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          done({
            outcome: status >= 200 && status < 300 ? 'acked' : 'rejected',
            status,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', () => done({ outcome: 'cut', status: null, text: '' }));
      },
    );
    req.setTimeout(ACK_TIMEOUT_MS, () => {
      done({ outcome: 'timeout', status: null, text: '' });
      req.destroy();
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      done({ outcome: error.code === 'ECONNREFUSED' ? 'refused' : 'cut', status: null, text: '' }),
    );
    req.end(body, onSent);
  });
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = text ? JSON.parse(text) : null;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export interface SendOptions {
  /** Try this replica first (the load balancer still falls back to a live one). */
  prefer?: Replica | null;
  retryNum?: number;
  /** Called once the request is on the wire, with the replica it went to. */
  onSent?: (replica: Replica) => void;
}

export function emptyStats(): SideStats {
  return {
    requests: { event: 0, block_actions: 0, view_submission: 0 },
    outcomes: { acked: 0, refused: 0, cut: 0, timeout: 0, rejected: 0 },
    redeliveredUnacked: 0,
    redeliveredAcked: 0,
  };
}

/** Deliveries scheduled for later (redeliveries, replays): the run waits for them before counting. */
export class Scheduled {
  private readonly pending = new Set<Promise<unknown>>();

  add(work: Promise<unknown>): void {
    const tracked = work.catch(() => undefined).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  /** Resolves once every scheduled delivery has been sent. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}

export class SlackSide {
  readonly stats: SideStats = emptyStats();
  private readonly scheduled = new Scheduled();
  private turn = 0;

  constructor(
    private readonly replicas: Replica[],
    private readonly signingSecret: string,
    private readonly rng: Rng,
    private readonly elapsed: () => number,
  ) {}

  /**
   * The load balancer's order: ready replicas in turn (a health check keeps dead ones out), then
   * the others, since a replica may have come up since the last check.
   */
  private candidates(prefer: Replica | null | undefined): Replica[] {
    const n = this.replicas.length;
    const start = this.turn++ % n;
    const ordered = [...this.replicas.slice(start), ...this.replicas.slice(0, start)];
    const ready = ordered.filter((r) => r.isReady);
    const rest = ordered.filter((r) => !r.isReady && r.state !== 'stopped');
    const list = [...ready, ...rest];
    if (prefer && list.includes(prefer)) return [prefer, ...list.filter((r) => r !== prefer)];
    return list;
  }

  async send(
    kind: RequestKind,
    body: string,
    contentType: string,
    options: SendOptions = {},
  ): Promise<Attempt> {
    const retryNum = options.retryNum ?? 0;
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature(this.signingSecret, timestamp, body),
      ...(retryNum > 0
        ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' }
        : {}),
    };
    this.stats.requests[kind] += 1;
    const sentAt = this.elapsed();
    let last: { replica: Replica; incarnation: number; raw: RawResult } | null = null;
    for (const replica of this.candidates(options.prefer)) {
      const incarnation = replica.current?.incarnation ?? 0;
      const raw = await postOnce(replica.options.port, body, headers, () =>
        options.onSent?.(replica),
      );
      last = { replica, incarnation, raw };
      // Refused before anything was read: the balancer may safely try the next backend.
      if (raw.outcome !== 'refused') break;
    }
    const outcome = last?.raw.outcome ?? 'refused';
    this.stats.outcomes[outcome] += 1;
    return {
      kind,
      replica: last?.replica.name ?? null,
      incarnation: last?.incarnation ?? null,
      retryNum,
      sentAt,
      endedAt: this.elapsed(),
      outcome,
      status: last?.raw.status ?? null,
      json: last ? parseJson(last.raw.text) : null,
    };
  }

  replicaNames(): string[] {
    return this.replicas.map((r) => r.name);
  }

  replicaNamed(name: string | null): Replica | null {
    return this.replicas.find((r) => r.name === name) ?? null;
  }

  /** The replica that is not `name` (itself when there is only one). */
  otherThan(name: string | null): Replica | null {
    return this.replicas.find((r) => r.name !== name) ?? this.replicaNamed(name);
  }

  /**
   * Delivers an Events API event as Slack would: redelivered while unacked (up to 3 retries), and
   * once more, to the other replica, with probability `redeliverChance` after an ack.
   */
  async event(
    event: Record<string, unknown>,
    eventId: string,
    redeliverChance: number,
    onAttempt: (attempt: Attempt) => void,
    onSent?: (replica: Replica) => void,
  ): Promise<Attempt> {
    const body = JSON.stringify({
      token: 'legacy-verification-token',
      team_id: FAKE_TEAM_ID,
      api_app_id: 'A0FAKE',
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      event,
    });
    const first = await this.send('event', body, 'application/json', { onSent });
    onAttempt(first);
    if (first.outcome !== 'acked') {
      this.track(this.retryUnacked(body, first, onAttempt));
    } else if (this.rng.chance(redeliverChance)) {
      const delay = this.rng.between(200, 2_500);
      this.track(
        sleep(delay).then(async () => {
          this.stats.redeliveredAcked += 1;
          onAttempt(
            await this.send('event', body, 'application/json', {
              prefer: this.otherThan(first.replica),
              retryNum: 1,
            }),
          );
        }),
      );
    }
    return first;
  }

  private async retryUnacked(
    body: string,
    first: Attempt,
    onAttempt: (attempt: Attempt) => void,
  ): Promise<void> {
    let previous = first;
    for (let i = 0; i < RETRY_DELAYS_MS.length; i++) {
      await sleep(RETRY_DELAYS_MS[i] ?? 0);
      this.stats.redeliveredUnacked += 1;
      previous = await this.send('event', body, 'application/json', {
        prefer: this.otherThan(previous.replica),
        retryNum: i + 1,
      });
      onAttempt(previous);
      if (previous.outcome === 'acked') return;
    }
  }

  private track(work: Promise<unknown>): void {
    this.scheduled.add(work);
  }

  /** Resolves once every scheduled redelivery has been sent. */
  settle(): Promise<void> {
    return this.scheduled.settle();
  }

  interaction(
    kind: Exclude<RequestKind, 'event'>,
    payload: Record<string, unknown>,
    options: SendOptions = {},
  ): Promise<Attempt> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.send(kind, body, 'application/x-www-form-urlencoded', options);
  }
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
