// Messages and Slack's delivery rules, with the real Bolt app over HTTP against the fake Slack.
import { describe, expect, it } from 'vitest';
import type { SuggestionsView } from '../../src/core/views.js';
import { FAKE_BOT_ID, FAKE_BOT_USER_ID } from '../fakes/slack/fake-slack.js';
import { sendEvent } from '../fakes/slack/signed-requests.js';
import { CUSTOMER, newDesk, question, useSlackHarness } from './bolt-setup.js';
import { visibleText } from './slack-calls.js';

const start = useSlackHarness();

describe('the HTTP receiver', () => {
  it('answers the load balancer health check', async () => {
    const { target } = await start();
    const health = await fetch(target.url.replace('/slack/events', '/healthz'));
    expect([health.status, await health.text()]).toEqual([200, 'ok']);
  });
});

describe('requests Slack did not sign', () => {
  it('refuses a bad signature and a stale timestamp, and the Desk never hears of them', async () => {
    const desk = newDesk();
    const { target } = await start(desk);
    const forged = await sendEvent(target, question('1.1'), { signature: 'v0=' + '0'.repeat(64) });
    const stale = await sendEvent(target, question('1.2'), {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    const good = await sendEvent(target, question('1.3'));
    expect([forged.status, stale.status, good.status]).toEqual([401, 401, 200]);
    expect(desk.callsOf('ask')).toHaveLength(1);
  });
});

describe('messages', () => {
  it('processes a redelivered event (same event_id, X-Slack-Retry-Num) once', async () => {
    const desk = newDesk();
    const { target, fake } = await start(desk);
    await sendEvent(target, question('2.1'), { eventId: 'Ev0DUP' });
    const retry = await sendEvent(target, question('2.1'), { eventId: 'Ev0DUP', retryNum: 1 });
    expect(retry.status).toBe(200);
    expect(desk.callsOf('ask')).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('ignores its own messages, other bots and edits', async () => {
    const desk = newDesk();
    const { target, fake } = await start(desk);
    await sendEvent(target, question('3.1', { user: FAKE_BOT_USER_ID, bot_id: FAKE_BOT_ID }));
    await sendEvent(target, question('3.2', { user: 'UOTHERBOT', bot_id: 'B0OTHER' }));
    await sendEvent(target, question('3.3', { subtype: 'message_changed' }));
    expect(desk.calls).toHaveLength(0);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('answers a mention once, in a thread, even though Slack also sends it as a message', async () => {
    const desk = newDesk();
    const { target, fake } = await start(desk);
    const text = `<@${FAKE_BOT_USER_ID}> how do I rotate keys?`;
    const event = {
      channel: 'CRANDOM',
      channel_type: 'channel',
      user: CUSTOMER.id,
      text,
      ts: '4.1',
    };
    await sendEvent(target, { type: 'message', ...event });
    await sendEvent(target, { type: 'app_mention', ...event });
    expect(desk.callsOf('ask').map((c) => (c.args[0] as { question: string }).question)).toEqual([
      'how do I rotate keys?',
    ]);
    expect(fake.callsTo('chat.postMessage').map((c) => c.args.thread_ts)).toEqual(['4.1']);
  });

  it('stays silent on top-level chatter in channels that are not support channels', async () => {
    const desk = newDesk();
    const { target, fake } = await start(desk);
    await sendEvent(target, {
      type: 'message',
      channel: 'CRANDOM',
      channel_type: 'channel',
      user: CUSTOMER.id,
      text: 'lunch?',
      ts: '5.1',
    });
    expect(desk.callsOf('ask')).toHaveLength(0);
    expect(fake.calls).toHaveLength(0);
  });

  it('escapes user text: no @channel, user or channel pings, no injected links', async () => {
    const evil =
      '<!channel> <!here> @everyone <@U0BOSS> <#C0SECRET> <https://evil.example|click me> & more';
    const desk = newDesk();
    desk.ask = async (request): Promise<SuggestionsView> => ({
      kind: 'suggestions',
      deflectionId: 'd1',
      question: request.question,
      askerUserId: request.actor.userId,
      articles: [
        {
          id: 'a',
          title: evil,
          snippet: evil,
          url: 'javascript:alert(1)',
          section: evil,
          score: 1,
        },
      ],
      noGoodMatch: false,
      canOpenCase: true,
    });
    const { target, fake } = await start(desk);
    await sendEvent(target, question('6.1', { text: evil }));
    // Everything a reader sees (button values are opaque data, never rendered).
    const posted = visibleText(fake.callsTo('chat.postMessage')[0]!);
    for (const ping of [
      '<!channel>',
      '<!here>',
      '<@U0BOSS>',
      '<#C0SECRET>',
      '<https://evil',
      'javascript:',
      '@everyone',
    ]) {
      expect(posted).not.toContain(ping);
    }
    expect(posted).toContain('&lt;!channel&gt;');
  });

  it('hands the core the Slack Connect workspace, the channel and the display name of the asker', async () => {
    const desk = newDesk();
    const { target, fake } = await start(desk);
    fake.addUser(CUSTOMER.id, 'Alice Martin');
    await sendEvent(target, question('9.1', { user_team: 'T0ACME', team: 'T0ACME' }), {
      teamId: 'T0HOST',
    });
    const request = desk.callsOf('ask')[0]!.args[0] as { actor: Record<string, unknown> };
    expect(request.actor).toMatchObject({
      platform: 'slack',
      userId: CUSTOMER.id,
      workspaceId: 'T0ACME',
      channelId: 'CSUPPORT',
      displayName: 'Alice Martin',
    });
    // The name is looked up once and cached.
    await sendEvent(target, question('9.2'));
    expect(fake.callsTo('users.info')).toHaveLength(1);
  });
});
