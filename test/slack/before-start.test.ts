// The adapter shape (src/adapters/adapter.ts): the listeners get the Desk at start(desk). Slack
// reaches them only once started (no server listens before); a request replayed before that is
// refused with a log line and left unrecorded, so the same request after start is answered.
import { afterEach, expect, it } from 'vitest';
import { createSlackAdapter } from '../../src/adapters/slack/index.js';
import { FAKE_TEAM_ID, FakeSlack } from '../fakes/slack/fake-slack.js';
import { newDesk, question } from './bolt-setup.js';
import { fakeSlackConfig, recordingLogger } from './harness.js';

let close: () => Promise<void> = async () => undefined;
afterEach(() => close());

it('refuses a request before start(desk) with a log line, and answers it once started', async () => {
  const fake = await FakeSlack.start();
  const logger = recordingLogger();
  const adapter = createSlackAdapter({
    config: fakeSlackConfig(fake, { supportChannelIds: ['CSUPPORT'] }),
    logger,
  });
  close = async () => {
    await adapter.stop();
    await fake.close();
  };
  const desk = newDesk();
  desk.chat = adapter.transport;
  const body = JSON.stringify({
    team_id: FAKE_TEAM_ID,
    api_app_id: 'A0FAKE',
    type: 'event_callback',
    event_id: 'EvEARLY',
    event_time: 1,
    event: question('30.1'),
  });

  await adapter.replay(body);
  expect(
    logger.lines.filter((line) => line.message.includes('before the adapter started')),
  ).toEqual([expect.objectContaining({ level: 'warn', fields: { type: 'event_callback' } })]);
  expect(desk.callsOf('ask')).toHaveLength(0);
  expect(fake.calls).toHaveLength(0);

  await adapter.start(desk);
  await adapter.replay(body);
  expect(desk.callsOf('ask')).toHaveLength(1);
  await fake.waitFor('chat.postMessage', (call) => call.args.thread_ts === '30.1');
});
