// The app's durable delivery for the story runs: the adapter's transport wrapped in the durable
// port on a real store, and a delivery worker on a short timer, so that a post whose in-call
// retries a 429 storm exhausted is kept in the journal and sent again soon after, once.
import { DeliveryWorker } from '../../src/core/delivery/delivery-worker.js';
import { DurableChatPort } from '../../src/core/delivery/durable-chat-port.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import type { Store } from '../../src/store/index.js';
import { silentLogger } from '../helpers/db.js';

export interface StoryDelivery {
  wrap(transport: ChatPort): ChatPort;
  stop(): Promise<void>;
}

export function storyDelivery(store: Store): StoryDelivery {
  let port: DurableChatPort | null = null;
  const worker = new DeliveryWorker({
    journal: () => store.journal,
    ledger: () => store.deliveries,
    ports: () => (port ? { slack: port } : {}),
    owner: 'story',
    logger: silentLogger,
  });
  worker.start(50);
  return {
    wrap(transport) {
      port = new DurableChatPort({
        inner: transport,
        journal: () => store.journal,
        owner: 'story',
        logger: silentLogger,
        retryBaseMs: 50,
      });
      return port;
    },
    stop: () => worker.stop(),
  };
}
