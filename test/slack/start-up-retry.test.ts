// A replica that starts while Slack answers 429/5xx waits for it (issue 15 item 5): the real Bolt
// app against the fake Slack, whose start-up calls (auth.test, Socket Mode's
// apps.connections.open) fail first. A refused token still stops the start at once, in one line.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSlackAdapter,
  parseSlackEnv,
  type SlackAdapter,
  type SlackConfig,
} from '../../src/adapters/slack/index.js';
import { PlatformUnavailableError } from '../../src/adapters/start-retry.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { sendEvent } from '../fakes/slack/signed-requests.js';
import { newDesk, question } from './bolt-setup.js';
import { recordingLogger, SIGNING_SECRET, type LogLine } from './harness.js';

let fake: FakeSlack | null = null;
let adapter: SlackAdapter | null = null;
let desk: ReturnType<typeof newDesk> | null = null;
afterEach(async () => {
  await adapter?.stop();
  await fake?.close();
  adapter = null;
  fake = null;
});

const RETRY_LOG = 'slack start-up call failed, will retry';

/** The adapter as production builds it: no bot ids known in advance, so auth.test runs at start. */
function build(slack: FakeSlack, env: Record<string, string>, logs: LogLine[] = []) {
  const config: SlackConfig = parseSlackEnv(
    { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: slack.apiUrl, ...env },
    { supportChannelIds: ['CSUPPORT'] },
  );
  const desk = newDesk();
  const built = createSlackAdapter({
    config: { ...config, processBeforeResponse: true },
    logger: recordingLogger(logs),
  });
  desk.chat = built.transport;
  return { adapter: built, desk };
}

const HTTP = { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_PORT: '0' };

describe('starting while Slack is unavailable', () => {
  it('retries auth.test after a 429 (waiting its Retry-After) and a 503, then serves', async () => {
    fake = await FakeSlack.start();
    fake.failInOrder('auth.test', [{ status: 429, retryAfter: 1 }, { status: 503 }]);
    const logs: LogLine[] = [];
    const built = build(fake, HTTP, logs);
    adapter = built.adapter;
    await adapter.start(built.desk);

    const calls = fake.calls.filter((call) => call.method === 'auth.test');
    expect(calls.map((call) => call.status)).toEqual([429, 503, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    const retries = logs.filter((line) => line.message === RETRY_LOG);
    expect(retries.map((line) => [line.level, line.fields?.reason, line.fields?.delayMs])).toEqual([
      ['warn', 'HTTP 429 rate limited', 1000],
      ['warn', 'HTTP 503', 2000],
    ]);

    const target = {
      url: `http://127.0.0.1:${adapter.boundPort()}/slack/events`,
      signingSecret: SIGNING_SECRET,
    };
    const reply = await sendEvent(target, question('5.1'));
    expect(reply.status).toBe(200);
    expect(built.desk.callsOf('ask')).toHaveLength(1);
    await fake.waitFor('chat.postMessage', (call) => call.args.thread_ts === '5.1');
  });

  it('in Socket Mode, also retries apps.connections.open after a 503, then connects', async () => {
    fake = await FakeSlack.start();
    fake.failInOrder('auth.test', [{ status: 429, retryAfter: 1 }]);
    fake.failInOrder('apps.connections.open', [{ status: 503 }]);
    const logs: LogLine[] = [];
    ({ adapter, desk } = build(fake, { SLACK_APP_TOKEN: 'xapp-test' }, logs));
    await adapter.start(desk!);

    expect(fake.callsTo('apps.connections.open')).toHaveLength(1);
    expect(fake.socketCount).toBe(1);
    const retried = logs.filter((line) => line.message === RETRY_LOG).map((l) => l.fields?.call);
    expect(retried).toEqual(['auth.test', 'apps.connections.open']);
  });

  it('gives up after SLACK_START_RETRY_SECONDS with one line that says what failed', async () => {
    fake = await FakeSlack.start();
    fake.fail('auth.test', 503, 1000);
    ({ adapter, desk } = build(fake, { ...HTTP, SLACK_START_RETRY_SECONDS: '1.5' }));
    const error = await adapter.start(desk!).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PlatformUnavailableError);
    expect((error as Error).message).toMatch(
      /^Slack kept failing auth\.test at start-up \(2 attempts in 1 s, last: HTTP 503\): [^\n]*SLACK_START_RETRY_SECONDS$/,
    );
  });
});

describe('starting with a token Slack refuses', () => {
  it.each(['invalid_auth', 'not_authed', 'account_inactive'])(
    'stops at once on %s, naming SLACK_BOT_TOKEN and the fix in one line',
    async (code) => {
      fake = await FakeSlack.start();
      fake.failInOrder('auth.test', [{ error: code }]);
      ({ adapter, desk } = build(fake, HTTP));
      const started = Date.now();
      const error = await adapter.start(desk!).then(
        () => null,
        (e: unknown) => e,
      );
      expect(Date.now() - started).toBeLessThan(1000);
      expect(fake.calls.filter((call) => call.method === 'auth.test')).toHaveLength(1);
      expect((error as { code?: string }).code).toBe('SLACK_CONFIG_INVALID');
      expect((error as Error).message).toMatch(
        new RegExp(
          `^Slack refused SLACK_BOT_TOKEN \\(${code}\\): copy the Bot User OAuth Token[^\\n]*$`,
        ),
      );
    },
  );
});
