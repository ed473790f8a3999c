// Discord delivers an interaction once, over the gateway, and a process that dies while handling
// it (after Discord saw its answer, or before) takes the work with it: a claim won in the database
// whose notices were never written, a form half processed. So each interaction is written down
// with its raw payload (the gateway packet) in the store's delivery ledger while it is handled,
// and marked done after; the delivery worker gives one never marked done to the next process
// (adapter.replay), which redoes it under the same work key: the core recognises what the first
// run did and sends only what had not gone out.
import type { DeliveryLedger } from '../../core/ports/storage.js';
import type { Logger } from '../../core/ports/platform.js';

/** Raw packets kept until their interaction is handled (a few seconds at most). */
const RAW_LIMIT = 1000;

export interface DiscordIntakeOptions {
  ledger: DeliveryLedger;
  /** How long a claim never marked done blocks a takeover (its process is presumed dead after). */
  leaseMs: number;
  logger: Logger;
  now?: () => Date;
}

export const INTERACTION_KEY_PREFIX = 'discord:interaction:';

export class DiscordIntake {
  private readonly raw = new Map<string, string>();
  private readonly now: () => Date;

  constructor(private readonly options: DiscordIntakeOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Keeps an INTERACTION_CREATE packet's data (discord.js objects cannot be serialized back). */
  rememberPacket(packet: { t?: string | null; d?: unknown }): void {
    if (packet.t !== 'INTERACTION_CREATE') return;
    const id = (packet.d as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    this.raw.set(id, JSON.stringify(packet.d));
    if (this.raw.size > RAW_LIMIT) this.raw.delete(this.raw.keys().next().value as string);
  }

  /**
   * Runs `process` while the interaction is written down; marks it done when `process` finished.
   * Written while it runs, not before: Discord's 3 s for the first answer count from the
   * dispatch. A ledger that fails never stops an interaction (a repeat beats a loss).
   */
  async record(interactionId: string, process: () => Promise<void>): Promise<void> {
    const payload = this.raw.get(interactionId);
    this.raw.delete(interactionId);
    if (payload === undefined) return process();
    const key = `${INTERACTION_KEY_PREFIX}${interactionId}`;
    const claiming = this.options.ledger
      .claim(key, this.now(), this.options.leaseMs, payload)
      .catch((error: unknown) => {
        this.options.logger.error('discord delivery ledger unavailable; handling it anyway', {
          key,
          error: String(error),
        });
        return 'unavailable' as const;
      });
    await process();
    if ((await claiming) !== 'process') return;
    await this.options.ledger.done(key, this.now()).catch((error: unknown) =>
      this.options.logger.error('discord delivery ledger could not mark an interaction done', {
        key,
        error: String(error),
      }),
    );
  }
}
