// Shared setup of the Bolt-over-HTTP tests: a StoryDesk, the harness, a customer's question event.
import { afterEach } from 'vitest';
import { startHttpHarness, type SlackHarness } from './harness.js';
import { StoryDesk } from './story-desk.js';

export const CUSTOMER = { id: 'UCUSTA', name: 'alice' };
export const STRANGER = { id: 'USTRANGER', name: 'zed' };

export function newDesk(): StoryDesk {
  return new StoryDesk({
    customers: { UCUSTA: 'Acme' },
    engineers: { UENGA: 'sam' },
    moderators: [],
    teamChannel: 'CTEAM',
  });
}

/** Registers the harness teardown; returns the function that starts one per test. */
export function useSlackHarness() {
  let h: SlackHarness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });
  return async (
    desk: StoryDesk = newDesk(),
    processBeforeResponse = true,
  ): Promise<SlackHarness> => {
    h = await startHttpHarness({
      desk,
      supportChannelIds: ['CSUPPORT'],
      processBeforeResponse,
      bindChat: (a) => (desk.chat = a.chat),
    });
    return h;
  };
}

export const question = (ts: string, extra: Record<string, unknown> = {}) => ({
  type: 'message',
  channel: 'CSUPPORT',
  channel_type: 'channel',
  user: CUSTOMER.id,
  text: 'cluster is red',
  ts,
  ...extra,
});
