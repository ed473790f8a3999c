// A Slack adapter that is built but never started, against the fake Slack: tests of its transport
// drive it by hand (no HTTP server, no Desk).
import {
  createSlackAdapter,
  type SlackAdapter,
  type SlackAdapterOptions,
} from '../../src/adapters/slack/create-slack-adapter.js';
import { parseSlackEnv } from '../../src/adapters/slack/slack-config.js';
import { FAKE_BOT_ID, FAKE_BOT_USER_ID, type FakeSlack } from '../fakes/slack/fake-slack.js';
import { silentLogger } from '../helpers/db.js';

export function unstartedSlackAdapter(
  fake: FakeSlack,
  options: Pick<SlackAdapterOptions, 'api'>,
): SlackAdapter {
  const config = {
    ...parseSlackEnv(
      {
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: 'unstarted-secret',
        SLACK_API_URL: fake.apiUrl,
        PORT: '0',
      },
      { supportChannelIds: [] },
    ),
    botId: FAKE_BOT_ID,
    botUserId: FAKE_BOT_USER_ID,
  };
  return createSlackAdapter({ config, logger: silentLogger, ...options });
}
