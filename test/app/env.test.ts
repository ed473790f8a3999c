// config/env.ts: defaults, parsing, fix-it messages, and which adapters run.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  databaseUrlFromEnv,
  draftsDirFor,
  loadConfig,
  platformsWithTokens,
} from '../../src/config/env.js';
import { chooseAdapters } from '../../src/app/create-app.js';

describe('loadConfig', () => {
  it('has defaults that run the shell on SQLite and kb/', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      kbDir: 'kb',
      databaseUrl: undefined,
      setupFile: 'casebot.yml',
      adapter: 'auto',
      internalNotePrefixes: ['//', '!note'],
      warningThresholds: undefined,
      slaTickMs: 30_000,
      reopenWindowMs: 7 * 86_400_000,
      ratingWindowMs: 7 * 86_400_000,
      slack: {},
      discord: {},
    });
    expect(chooseAdapters(config)).toBe('shell');
  });

  it('parses lists and numbers, and treats empty values as unset', () => {
    const config = loadConfig({
      SLA_WARNING_THRESHOLDS: '0.9, 0.5,0.75',
      INTERNAL_NOTE_PREFIX: '#internal, //',
      REOPEN_WINDOW_DAYS: '3',
      RATING_WINDOW_DAYS: '14',
      SLA_TICK_SECONDS: '5',
      KB_DIR: '',
      CASEBOT_CLOCK_START: '2026-03-02T09:00:00Z',
    });
    expect(config.warningThresholds).toEqual([0.5, 0.75, 0.9]);
    expect(config.internalNotePrefixes).toEqual(['#internal', '//']);
    expect(config.reopenWindowMs).toBe(3 * 86_400_000);
    expect(config.ratingWindowMs).toBe(14 * 86_400_000);
    expect(config.slaTickMs).toBe(5000);
    expect(config.kbDir).toBe('kb');
    expect(config.clockStart?.toISOString()).toBe('2026-03-02T09:00:00.000Z');
  });

  it('reports every bad value with how to fix it', () => {
    let error: unknown;
    try {
      loadConfig({
        SLA_WARNING_THRESHOLDS: '50,75',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        SLA_TICK_SECONDS: 'soon',
        RATING_WINDOW_DAYS: 'a week',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(
      /SLA_WARNING_THRESHOLDS must be comma-separated fractions between 0 and 1, e\.g\. "0\.5,0\.75,0\.9"/,
    );
    expect(problems).toMatch(/DATABASE_URL must start with file: \(SQLite\) or postgresql:\/\//);
    expect(problems).toMatch(/LOG_LEVEL must be one of/);
    expect(problems).toMatch(/SLA_TICK_SECONDS must be a number, e\.g\. SLA_TICK_SECONDS=30/);
    expect(problems).toMatch(/RATING_WINDOW_DAYS must be a number, e\.g\. RATING_WINDOW_DAYS=7/);
  });

  it('passes SLACK_* and DISCORD_* through untouched and picks the platforms from the tokens', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      PORT: '3001',
      DISCORD_TOKEN: 't',
      OTHER: 'x',
    });
    expect(config.slack).toEqual({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      PORT: '3001',
    });
    expect(config.discord).toEqual({ DISCORD_TOKEN: 't' });
    expect(platformsWithTokens(config)).toEqual(['slack', 'discord']);
    expect(chooseAdapters(config)).toBe('platforms');
    expect(
      chooseAdapters(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', CASEBOT_ADAPTER: 'shell' })),
    ).toBe('shell');
    // Half a Slack setup still means Slack (whose parser then says what is missing), not the shell.
    for (const only of [{ SLACK_APP_TOKEN: 'xapp-1' }, { SLACK_SIGNING_SECRET: 's' }]) {
      expect(platformsWithTokens(loadConfig(only))).toEqual(['slack']);
      expect(chooseAdapters(loadConfig(only))).toBe('platforms');
    }
    // Likewise half a Discord setup: its parser names the missing token.
    expect(
      platformsWithTokens(loadConfig({ DISCORD_APPLICATION_ID: '123456789012345678' })),
    ).toEqual(['discord']);
    expect(chooseAdapters(loadConfig({ SLACK_API_URL: 'https://slack-gov.com/api/' }))).toBe(
      'shell',
    );
  });
});

describe('the CLI readers', () => {
  it('give the drafts folder and DATABASE_URL with the same default as loadConfig', () => {
    expect(draftsDirFor('docs/kb', {})).toBe(path.join('docs/kb', 'drafts'));
    expect(draftsDirFor('docs/kb', { KB_DRAFTS_DIR: '' })).toBe(path.join('docs/kb', 'drafts'));
    expect(draftsDirFor('docs/kb', { KB_DRAFTS_DIR: '/srv/drafts' })).toBe('/srv/drafts');
    expect(loadConfig({ KB_DIR: 'docs/kb' }).kbDraftsDir).toBe(draftsDirFor('docs/kb', {}));
    expect(databaseUrlFromEnv({ DATABASE_URL: '' })).toBeUndefined();
    expect(databaseUrlFromEnv({ DATABASE_URL: 'file:./x.db' })).toBe('file:./x.db');
  });
});
