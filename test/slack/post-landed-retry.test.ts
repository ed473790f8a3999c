// A post Slack took but whose answer was lost (a 5xx after the work, a cut connection): the
// adapter's own retry looks the post up by its journal key before posting again, so the message
// lands once and the core gets its real ts. A 429 (Slack refused the call) is retried without a
// lookup. Real adapter (Bolt's WebClient) against the fake Slack.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withMessageKey } from '../../src/core/delivery/work-scope.js';
import type { Place } from '../../src/core/model.js';
import type { NoticeView } from '../../src/core/views.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { unstartedSlackAdapter } from './unstarted-adapter.js';

const notice = (text: string): NoticeView => ({ kind: 'notice', tone: 'info', text });
const team: Place = { platform: 'slack', channelId: 'CTEAM', threadId: null };

describe('a Slack post whose answer was lost', () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = await FakeSlack.start();
  });
  afterEach(async () => {
    await fake.close();
  });

  const chatPort = () =>
    unstartedSlackAdapter(fake, {
      api: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 },
    }).transport;
  const posts = () => fake.callsTo('chat.postMessage');

  it('is found by the retry and not posted again; the core gets the real ts', async () => {
    const chat = chatPort();
    fake.failAfterApplying('chat.postMessage', 500, 1);
    const posted = await withMessageKey('slack:event:EvLost#1', () =>
      chat.post(team, notice('CASE-1001 opened')),
    );
    expect(posts()).toHaveLength(1);
    const landed = posts()[0]!;
    expect(posted.messageId).toBe(String(landed.response.ts));
    expect(fake.callsTo('conversations.history').length).toBeGreaterThan(0);
  });

  it('in a thread too', async () => {
    const chat = chatPort();
    const parent = await chat.post(team, notice('CASE-1002 opened'));
    fake.failAfterApplying('chat.postMessage', 503, 1);
    const reply = await withMessageKey('slack:event:EvLost#2', () =>
      chat.post({ ...team, threadId: parent.messageId }, notice('claimed')),
    );
    const replies = posts().filter((call) => call.args.thread_ts === parent.messageId);
    expect(replies).toHaveLength(1);
    expect(reply.messageId).toBe(String(replies[0]!.response.ts));
  });

  it('is posted again when it had not landed (a 5xx before the work), and a 429 asks nothing', async () => {
    const chat = chatPort();
    fake.fail('chat.postMessage', 500, 1);
    await withMessageKey('slack:event:EvLost#3', () => chat.post(team, notice('CASE-1003 opened')));
    expect(posts()).toHaveLength(1);
    const lookups = fake.callsTo('conversations.history').length;
    expect(lookups).toBeGreaterThan(0);
    fake.fail('chat.postMessage', 429, 1, 0);
    await withMessageKey('slack:event:EvLost#4', () => chat.post(team, notice('CASE-1004 opened')));
    expect(posts()).toHaveLength(2);
    expect(fake.callsTo('conversations.history')).toHaveLength(lookups);
  });
});
