import { describe, expect, it } from 'vitest';
import { parseSlackEnv, SlackConfigError } from '../../src/adapters/slack/index.js';

function problems(env: Record<string, string>): string[] {
  try {
    parseSlackEnv(env);
  } catch (error) {
    if (error instanceof SlackConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseSlackEnv', () => {
  it('chooses Socket Mode with an app token and HTTP mode with only a signing secret', () => {
    expect(
      parseSlackEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).transport,
    ).toEqual({ mode: 'socket', appToken: 'xapp-1' });
    expect(
      parseSlackEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: '8080' })
        .transport,
    ).toEqual({ mode: 'http', signingSecret: 's', port: 8080, path: '/slack/events' });
    expect(
      parseSlackEnv({
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 's',
        SLACK_PORT: '8081',
        PORT: '8080',
      }).transport,
    ).toMatchObject({ port: 8081 });
    expect(
      parseSlackEnv({
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_APP_TOKEN: 'xapp-1',
        SLACK_SIGNING_SECRET: 's',
        SLACK_MODE: 'http',
      }).transport.mode,
    ).toBe('http');
  });

  it('normalises SLACK_API_URL and merges support channels from setup and env', () => {
    const config = parseSlackEnv(
      {
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_APP_TOKEN: 'xapp-1',
        SLACK_API_URL: 'https://slack-gov.com/api',
        SLACK_SUPPORT_CHANNELS: 'C1, C2',
      },
      { supportChannelIds: ['C0', 'C1'] },
    );
    expect(config.apiUrl).toBe('https://slack-gov.com/api/');
    expect(config.supportChannelIds).toEqual(['C0', 'C1', 'C2']);
  });

  it('says how to fix missing or contradictory settings', () => {
    expect(problems({}).join('\n')).toMatch(/SLACK_BOT_TOKEN is missing.*xoxb-/s);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' }).join('\n')).toMatch(
      /SLACK_APP_TOKEN .*or SLACK_SIGNING_SECRET/,
    );
    expect(problems({ SLACK_BOT_TOKEN: 'xapp-1', SLACK_APP_TOKEN: 'xoxb-1' })).toHaveLength(2);
    expect(
      problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_MODE: 'http' }).join(),
    ).toMatch(/SLACK_MODE=http needs SLACK_SIGNING_SECRET/);
    expect(
      problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: 'eighty' }).join(),
    ).toMatch(/SLACK_PORT \(or PORT\) must be/);
    expect(
      problems({
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 's',
        SLACK_API_URL: 'slack.com',
      }).join(),
    ).toMatch(/SLACK_API_URL/);
    expect(
      problems({
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 's',
        SLACK_SUPPORT_CHANNELS: '#support',
      }).join(),
    ).toMatch(/channel ids/);
  });
});
