// A Slack adapter that is built but never started, against the fake Slack: tests of its transport
// drive it by hand (no HTTP server, no Desk).
import {
  createSlackAdapter,
  type SlackAdapter,
  type SlackAdapterOptions,
} from '../../src/adapters/slack/create-slack-adapter.js';
import type { FakeSlack } from '../fakes/slack/fake-slack.js';
import { silentLogger } from '../helpers/db.js';
import { fakeSlackConfig } from './harness.js';

export function unstartedSlackAdapter(
  fake: FakeSlack,
  options: Pick<SlackAdapterOptions, 'api'>,
): SlackAdapter {
  const config = fakeSlackConfig(fake, { signingSecret: 'unstarted-secret' });
  return createSlackAdapter({ config, logger: silentLogger, ...options });
}
