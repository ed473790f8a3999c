// Socket Mode against the fake: apps.connections.open hands out a ws:// URL, the fake says hello,
// pushes an envelope, and the real Bolt SocketModeReceiver acks it.
import { afterEach, expect, it } from 'vitest';
import {
  createSlackAdapter,
  parseSlackEnv,
  type SlackAdapter,
} from '../../src/adapters/slack/index.js';
import {
  FAKE_BOT_ID,
  FAKE_BOT_USER_ID,
  FAKE_TEAM_ID,
  FakeSlack,
} from '../fakes/slack/fake-slack.js';
import { recordingLogger } from './harness.js';
import { StoryDesk } from './story-desk.js';

let fake: FakeSlack | null = null;
let adapter: SlackAdapter | null = null;
afterEach(async () => {
  await adapter?.stop();
  await fake?.close();
});

it('connects in Socket Mode, acks pushed envelopes, and answers the question once despite a retry', async () => {
  fake = await FakeSlack.start();
  const config = parseSlackEnv(
    { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: fake.apiUrl },
    { supportChannelIds: ['CSUPPORT'] },
  );
  expect(config.transport.mode).toBe('socket');
  const desk = new StoryDesk({
    customers: { UCUSTA: 'Acme' },
    engineers: {},
    moderators: [],
    teamChannel: 'CTEAM',
  });
  adapter = createSlackAdapter({
    config: { ...config, botId: FAKE_BOT_ID, botUserId: FAKE_BOT_USER_ID },
    logger: recordingLogger(),
  });
  desk.chat = adapter.transport;
  await adapter.start(desk);

  const opened = fake.callsTo('apps.connections.open');
  expect(opened).toHaveLength(1);
  expect(opened[0]!.token).toBe('xapp-test');
  expect(fake.socketCount).toBe(1);

  const event = {
    type: 'message',
    channel: 'CSUPPORT',
    channel_type: 'channel',
    user: 'UCUSTA',
    text: 'is my cluster healthy?',
    ts: '9.1',
  };
  const payload = {
    type: 'event_callback',
    team_id: FAKE_TEAM_ID,
    api_app_id: 'A0FAKE',
    event_id: 'Ev0SOCKET',
    event_time: 1,
    event,
  };
  const ack = await fake.push({ type: 'events_api', payload });
  expect(ack.envelope_id).toMatch(/^env-/);
  const posted = await fake.waitFor('chat.postMessage');
  expect(posted.args).toMatchObject({ channel: 'CSUPPORT', thread_ts: '9.1' });
  expect(posted.token).toBe('xoxb-test');

  const retryAck = await fake.push({ type: 'events_api', payload, retryAttempt: 1 });
  expect(retryAck.envelope_id).not.toBe(ack.envelope_id);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(desk.callsOf('ask')).toHaveLength(1);
});
