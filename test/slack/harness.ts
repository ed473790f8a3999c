// Starts the fake Slack first, then the real adapter (real Bolt, HTTP mode on a free port) pointed
// at it. Any Desk works: the StoryDesk double today, the real conversation core later.
import type { Desk } from '../../src/core/conversation/desk.js';
import type { ChatPort, Logger } from '../../src/core/ports/platform.js';
import {
  createSlackAdapter,
  parseSlackEnv,
  type DeliveryLedgerOptions,
  type SlackAdapter,
  type SlackConfig,
} from '../../src/adapters/slack/index.js';
import type { SlackApiOptions } from '../../src/adapters/slack/slack-api.js';
import { FAKE_BOT_ID, FAKE_BOT_USER_ID, FakeSlack } from '../fakes/slack/fake-slack.js';
import type { BoltTarget } from '../fakes/slack/signed-requests.js';

export const SIGNING_SECRET = 'test-signing-secret';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

export function recordingLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const log = (level: LogLine['level']) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export interface SlackHarness {
  fake: FakeSlack;
  adapter: SlackAdapter;
  target: BoltTarget;
  config: SlackConfig;
  logs: LogLine[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  desk: Desk | (() => Desk);
  supportChannelIds?: string[];
  api?: SlackApiOptions;
  /** Default true: HTTP replies wait for the listeners, so assertions are deterministic. */
  processBeforeResponse?: boolean;
  /**
   * Called before start with the port the core posts through (the adapter's transport, wrapped by
   * `wrapChat` when given): the app builds its Desk on it.
   */
  bindChat?: (bound: { chat: ChatPort; adapter: SlackAdapter }) => void;
  /** The store's delivery ledger (redeliveries across restarts and replicas). */
  deliveries?: DeliveryLedgerOptions;
  /** Wraps the adapter's ChatPort (the app's durable port). */
  wrapChat?: (chat: ChatPort) => ChatPort;
}

/** The adapter's settings against the fake Slack, as the app reads them from the environment. */
export function fakeSlackConfig(
  fake: FakeSlack,
  options: {
    supportChannelIds?: string[];
    signingSecret?: string;
    processBeforeResponse?: boolean;
  } = {},
): SlackConfig {
  return {
    ...parseSlackEnv(
      {
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: options.signingSecret ?? SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: '0',
      },
      { supportChannelIds: options.supportChannelIds ?? [] },
    ),
    botId: FAKE_BOT_ID,
    botUserId: FAKE_BOT_USER_ID,
    processBeforeResponse: options.processBeforeResponse ?? true,
  };
}

export async function startHttpHarness(options: HarnessOptions): Promise<SlackHarness> {
  const fake = await FakeSlack.start();
  const config = fakeSlackConfig(fake, {
    supportChannelIds: options.supportChannelIds ?? [],
    processBeforeResponse: options.processBeforeResponse ?? true,
  });
  const logger = recordingLogger();
  const adapter = createSlackAdapter({
    config,
    logger,
    api: { baseDelayMs: 50, ...options.api },
    ...(options.deliveries ? { deliveries: options.deliveries } : {}),
  });
  // The app's order: the transport (wrapped) → the Desk built on it → start with that Desk.
  const chat = options.wrapChat ? options.wrapChat(adapter.transport) : adapter.transport;
  options.bindChat?.({ chat, adapter });
  await adapter.start(typeof options.desk === 'function' ? options.desk() : options.desk, chat);
  const target = {
    url: `http://127.0.0.1:${adapter.boundPort()}/slack/events`,
    signingSecret: SIGNING_SECRET,
  };
  return {
    fake,
    adapter,
    target,
    config,
    logs: logger.lines,
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
}
