// Discord delivers an interaction or a message once, over the gateway, and a process that dies
// while handling it (after Discord saw its answer, or before) takes the work with it: a claim won
// in the database whose notices were never written, a form half processed, a question never
// answered. So each interaction, and each message casebot acts on, is written down with its raw
// payload (the gateway packet) in the store's delivery ledger while it is handled, and marked done
// after (one insert, one update); the delivery worker gives one never marked done to the next
// process (adapter.replay), which redoes it under the same work key: the core recognises what the
// first run did and sends only what had not gone out.
import type { DeliveryLedger } from '../../core/ports/storage.js';
import type { Logger } from '../../core/ports/platform.js';
import { ClaimRenewals } from '../../core/delivery/claim-renewal.js';
import { runReportingFailure } from '../../core/delivery/failure-report.js';
import { canRedoFix } from './failure-scope.js';

/** Raw packets kept until their event is handled (a few seconds at most). */
const RAW_LIMIT = 1000;

/** The gateway events written down, by the ledger key's prefix. */
const KINDS = {
  INTERACTION_CREATE: 'discord:interaction:',
  // The message handler's own work key: the ledger's key and the journal's keys are the same work.
  MESSAGE_CREATE: 'discord:message:',
} as const;
type Kind = keyof typeof KINDS;

export interface DiscordIntakeOptions {
  ledger: DeliveryLedger;
  /** How long a claim never marked done blocks a takeover (its process is presumed dead after). */
  leaseMs: number;
  logger: Logger;
  now?: () => Date;
  /** How often a claim being processed is renewed (default a third of the lease). */
  renewEveryMs?: number;
}

export const INTERACTION_KEY_PREFIX = KINDS.INTERACTION_CREATE;
export const MESSAGE_KEY_PREFIX = KINDS.MESSAGE_CREATE;

export class DiscordIntake {
  // The packets' data objects as received (discord.js reads them, never changes them): most
  // messages are never acted on, so a packet is serialized only when it is written down.
  private readonly raw = new Map<string, unknown>();
  private readonly now: () => Date;
  /** The renewals of the claims being processed now (stopped with the adapter). */
  private readonly renewals: ClaimRenewals;

  constructor(private readonly options: DiscordIntakeOptions) {
    this.now = options.now ?? (() => new Date());
    this.renewals = new ClaimRenewals({
      ledger: options.ledger,
      leaseMs: options.leaseMs,
      logger: options.logger,
      now: this.now,
      renewEveryMs: options.renewEveryMs,
      platform: 'discord',
    });
  }

  /** Keeps an interaction's or a message's packet data (discord.js objects cannot be serialized back). */
  rememberPacket(packet: { t?: string | null; d?: unknown }): void {
    if (packet.t !== 'INTERACTION_CREATE' && packet.t !== 'MESSAGE_CREATE') return;
    const id = (packet.d as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    this.raw.set(rawKey(packet.t, id), packet.d);
    if (this.raw.size > RAW_LIMIT) this.raw.delete(this.raw.keys().next().value as string);
  }

  /**
   * Stops renewing the claims still being processed: from now on they look like a stopped
   * process's, and the delivery worker redoes them once their lease runs out.
   */
  stop(): void {
    this.renewals.stop();
  }

  /** Renews the claims of the work handled from now on (the adapter starts, again maybe). */
  start(): void {
    this.renewals.start();
  }

  /** Lets go of a message's packet: casebot does not act on that message. */
  forgetMessage(messageId: string): void {
    this.raw.delete(rawKey('MESSAGE_CREATE', messageId));
  }

  /**
   * Runs `process` while the interaction is written down; marks it done when `process` finished,
   * unless it reported a failure a redo can fix (failure-scope.ts): the row then waits for the
   * delivery worker. Written while it runs, not before: Discord's 3 s for the first answer count
   * from the dispatch. A ledger that fails never stops an interaction (a repeat beats a loss).
   */
  record(interactionId: string, process: () => Promise<void>): Promise<void> {
    return this.recordEvent('INTERACTION_CREATE', interactionId, process);
  }

  /** As record, for a message casebot acts on (a question in a support channel). */
  recordMessage(messageId: string, process: () => Promise<void>): Promise<void> {
    return this.recordEvent('MESSAGE_CREATE', messageId, process);
  }

  private async recordEvent(kind: Kind, id: string, process: () => Promise<void>): Promise<void> {
    const data = this.raw.get(rawKey(kind, id));
    this.raw.delete(rawKey(kind, id));
    if (data === undefined) return process();
    const payload = JSON.stringify(data);
    const key = `${KINDS[kind]}${id}`;
    const claimedAt = this.now();
    const claiming = this.options.ledger
      .claim(key, claimedAt, this.options.leaseMs, payload)
      .catch((error: unknown) => {
        this.options.logger.error('discord delivery ledger unavailable; handling it anyway', {
          key,
          error: String(error),
        });
        return 'unavailable' as const;
      });
    // Renewed from the claim on, until the work ends (it may end before the claim is written).
    const failed = await this.renewals.holdWhile(claiming, key, claimedAt, () =>
      runReportingFailure(process, canRedoFix),
    );
    if ((await claiming) !== 'process') return;
    if (failed) {
      this.options.logger.warn('discord event failed for now; it is redone after its lease', {
        key,
      });
      return;
    }
    await this.options.ledger.done(key, this.now()).catch((error: unknown) =>
      this.options.logger.error('discord delivery ledger could not mark an event done', {
        key,
        error: String(error),
      }),
    );
  }
}

function rawKey(kind: Kind, id: string): string {
  return `${kind}:${id}`;
}
