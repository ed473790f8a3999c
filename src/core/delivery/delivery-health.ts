// What /healthz says about delivery: how many messages wait, how old the oldest is, how many keep
// failing or were refused, and how much platform work waits to be redone. "degraded" once the
// oldest waits longer than the configured age; the log says why, once per change of state.
import type { DeliveryLedger } from '../ports/storage.js';
import type { Logger } from '../ports/platform.js';
import type { MessageJournal } from '../ports/journal.js';

export interface DeliveryHealth {
  status: 'ok' | 'degraded';
  reasons: string[];
  messages: { pending: number; oldestPendingSeconds: number; failing: number; refused: number };
  work: { undone: number; oldestSeconds: number };
}

const seconds = (ms: number) => Math.round(ms / 1000);

export function deliveryHealthCheck(options: {
  journal: () => MessageJournal;
  ledger: () => DeliveryLedger;
  logger: Logger;
  /** Age of the oldest waiting message or work at which delivery counts as degraded (ms). */
  degradedAfterMs: number;
  now?: () => Date;
}): () => Promise<DeliveryHealth> {
  let lastStatus: DeliveryHealth['status'] = 'ok';
  return async () => {
    const now = options.now?.() ?? new Date();
    const [figures, backlog] = await Promise.all([
      options.journal().figures(now),
      options.ledger().backlog(now),
    ]);
    const reasons: string[] = [];
    const limit = seconds(options.degradedAfterMs);
    if (figures.oldestPendingMs > options.degradedAfterMs)
      reasons.push(
        `the oldest unsent message has waited ${seconds(figures.oldestPendingMs)} s (limit ${limit} s)`,
      );
    if (backlog.oldestMs > options.degradedAfterMs)
      reasons.push(
        `the oldest unfinished platform request has waited ${seconds(backlog.oldestMs)} s (limit ${limit} s)`,
      );
    const status = reasons.length > 0 ? 'degraded' : 'ok';
    if (status !== lastStatus) {
      if (status === 'degraded') options.logger.warn('delivery degraded', { reasons, ...figures });
      else options.logger.info('delivery healthy again', { ...figures });
      lastStatus = status;
    }
    return {
      status,
      reasons,
      messages: {
        pending: figures.pending,
        oldestPendingSeconds: seconds(figures.oldestPendingMs),
        failing: figures.failing,
        refused: figures.refused,
      },
      work: { undone: backlog.undone, oldestSeconds: seconds(backlog.oldestMs) },
    };
  };
}
