// The contract harness for Slack: the real adapter's ChatPort (Bolt's WebClient) against the fake
// Slack, read back from the Web API calls the fake recorded. The Bolt app is never started: the
// ChatPort needs only the Web API; settle() has nothing to flush (the adapter keeps no outbox).
import { createSlackAdapter } from '../../src/adapters/slack/create-slack-adapter.js';
import { parseSlackEnv } from '../../src/adapters/slack/slack-config.js';
import type { Place } from '../../src/core/model.js';
import {
  FAKE_BOT_ID,
  FAKE_BOT_USER_ID,
  FakeSlack,
  type RecordedCall,
} from '../fakes/slack/fake-slack.js';
import { silentLogger } from '../helpers/db.js';
import type { ContractHarness, PlatformRecord } from './contract-harness.js';

type Json = Record<string, unknown>;

function walk(node: unknown, visit: (obj: Json) => void): void {
  if (Array.isArray(node)) node.forEach((item) => walk(item, visit));
  else if (node && typeof node === 'object') {
    visit(node as Json);
    Object.values(node as Json).forEach((value) => walk(value, visit));
  }
}

/** The message's texts: [text, parsed] where parsed means Slack reads mrkdwn (mentions, links). */
function texts(args: Json): [string, boolean][] {
  const found: [string, boolean][] = [];
  // The top-level text is the notification and the fallback: Slack parses it too.
  if (typeof args.text === 'string') found.push([args.text, true]);
  walk([args.blocks, args.attachments], (obj) => {
    if (typeof obj.text === 'string') found.push([obj.text, obj.type !== 'plain_text']);
  });
  return found;
}

const unescape = (text: string) =>
  text
    .replace(/\u2060/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export function slackPings(args: Json): string[] {
  const pings = new Set<string>();
  for (const [text, parsed] of texts(args)) {
    if (!parsed) continue;
    if (/<!(channel|here|everyone)(\|[^>]*)?>/.test(text)) pings.add('everyone');
    // link_names turns bare @channel/@here/@everyone into broadcasts.
    if (args.link_names && /(^|[^\w\u2060])@(channel|here|everyone)\b/.test(text))
      pings.add('everyone');
    for (const [, id] of text.matchAll(/<@([UW][A-Z0-9]+)(\|[^>]*)?>/g)) pings.add(`user:${id}`);
    for (const [, id] of text.matchAll(/<!subteam\^([A-Z0-9]+)(\|[^>]*)?>/g))
      pings.add(`role:${id}`);
  }
  return [...pings];
}

export function slackMaskedLinks(args: Json): string[] {
  return texts(args)
    .filter(([, parsed]) => parsed)
    .flatMap(([text]) =>
      [...text.matchAll(/<((?:https?|mailto):[^|>]+)\|[^>]+>/g)].map((m) => m[1]!),
    );
}

export async function startSlackContractHarness(): Promise<ContractHarness> {
  const fake = await FakeSlack.start();
  const config = {
    ...parseSlackEnv(
      {
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: 'contract-secret',
        SLACK_API_URL: fake.apiUrl,
        PORT: '0',
      },
      { supportChannelIds: [] },
    ),
    botId: FAKE_BOT_ID,
    botUserId: FAKE_BOT_USER_ID,
  };
  const adapter = createSlackAdapter({
    config,
    logger: silentLogger,
    api: { baseDelayMs: 20, maxDelayMs: 100 },
  });
  const dmRecipients = () =>
    new Map(
      fake
        .callsTo('conversations.open')
        .map((c) => [(c.response.channel as { id: string }).id, String(c.args.users)]),
    );
  const toRecord = (call: RecordedCall, dms: Map<string, string>): PlatformRecord | null => {
    const { args } = call;
    const channel = String(args.channel);
    const common = {
      channel,
      thread: typeof args.thread_ts === 'string' ? args.thread_ts : null,
      text: texts(args)
        .map(([text]) => unescape(text))
        .join('\n'),
      pings: slackPings(args),
      maskedLinks: slackMaskedLinks(args),
    };
    if (call.method === 'chat.postMessage')
      return {
        op: 'post',
        messageId: String(call.response.ts),
        onlyFor: dms.get(channel) ?? null,
        ...common,
      };
    if (call.method === 'chat.update')
      return {
        op: 'edit',
        messageId: String(args.ts),
        onlyFor: dms.get(channel) ?? null,
        ...common,
      };
    if (call.method === 'chat.postEphemeral')
      return {
        op: 'ephemeral',
        messageId: String(call.response.message_ts),
        onlyFor: String(args.user),
        ...common,
      };
    return null;
  };

  return {
    port: adapter.transport,
    channel: { platform: 'slack', channelId: 'CTEAM' },
    customerUserId: 'UCUSTOMER',
    engineerUserId: 'UENGINEER',
    onCallRoleId: 'S0ONCALL',
    editsInPlace: true,
    failures: true,
    pings: true,
    records() {
      const dms = dmRecipients();
      return fake.calls
        .filter((c) => c.status === 200)
        .map((c) => toRecord(c, dms))
        .filter((r): r is PlatformRecord => r !== null);
    },
    membersOf(place: Place) {
      const dm = dmRecipients().get(place.channelId);
      return dm ? [dm] : 'public';
    },
    failPosts(status, times) {
      fake.fail('chat.postMessage', status, times, status === 429 ? 0 : undefined);
    },
    // A post is retried within its call (a post still failing after that is the durable port's).
    async settle() {},
    async close() {
      await fake.close();
    },
  };
}
