// The reference: the bare @slack/bolt app in HTTP mode, one chat.postMessage in the question's
// thread per message event, nothing written anywhere. Same stub Web API, same signed load.
import { App, LogLevel } from '@slack/bolt';

const port = Number(process.env.SLACK_PORT ?? '0');
const app = new App({
  token: process.env.SLACK_BOT_TOKEN ?? 'xoxb-bare',
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  botId: 'B0BOT',
  botUserId: 'U0BOT',
  tokenVerificationEnabled: false,
  logLevel: LogLevel.WARN,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL, retryConfig: { retries: 0 } },
});

app.event('message', async ({ event, client }) => {
  const message = event as { channel: string; ts: string; text?: string; user?: string };
  if (process.env.BARE_USERS_INFO)
    await client.users.info({ user: message.user ?? '', include_locale: true });
  await client.chat.postMessage({
    channel: message.channel,
    thread_ts: message.ts,
    text: `You asked: ${message.text ?? ''}`,
  });
});

await app.start(port);
process.stderr.write('{"msg":"casebot started"}\n');
process.on('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
