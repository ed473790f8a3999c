// Learned phrasings live in the store; the KB's in-memory index follows it. Loaded when the KB
// opens (they survive a restart), changed at once by this process's own flows, and re-read every
// minute so a removal from `casebot kb learned remove` or another replica's learning applies too.
import type { KnowledgeBase } from '../core/kb/index.js';
import type { LearnedPhrasingRepository } from '../core/ports/learned.js';
import { toEvidence } from '../core/knowledge-loop/teach.js';
import type { Logger } from '../core/ports/platform.js';

export const LEARNED_RESYNC_MS = 60_000;

export async function startLearnedSync(
  learned: LearnedPhrasingRepository,
  kb: Pick<KnowledgeBase, 'learned'>,
  logger: Logger,
  everyMs = LEARNED_RESYNC_MS,
): Promise<{ stop(): void }> {
  const load = async (): Promise<void> =>
    kb.learned.replace((await learned.list()).map(toEvidence));
  await load();
  const timer = setInterval(() => {
    load().catch((error: unknown) =>
      logger.warn('knowledge loop: could not re-read learned phrasings', {
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
