// Which failures of a Discord interaction or question are left for a redo (failure-scope.ts): the
// network or Discord not answering for now, never a request that is wrong in itself. And the
// shared reporting scope (core/delivery/failure-report.ts) applies the intake's own judgement.
import { describe, expect, it } from 'vitest';
import { canRedoFix } from '../../src/adapters/discord/failure-scope.js';
import { classifyDiscordStartFailure } from '../../src/adapters/discord/start-up.js';
import {
  reportFailure,
  reportLeftForRedo,
  runReportingFailure,
} from '../../src/core/delivery/failure-report.js';
import { DeskError } from '../../src/core/errors.js';

/** An error as undici or Node raise it, maybe wrapped by discord.js as its cause. */
const coded = (code: string) => Object.assign(new Error(code), { code });
const wrapped = (cause: unknown) => new Error('request to Discord failed', { cause });

describe('a Discord failure a redo can fix', () => {
  it.each([
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'EPIPE',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
    'UND_ERR_ABORTED',
    'UND_ERR_DESTROYED',
  ])('is a request cut or timed out (%s), also as a cause', (code) => {
    expect(canRedoFix(coded(code))).toBe(true);
    expect(canRedoFix(wrapped(coded(code)))).toBe(true);
  });

  it.each([
    'UND_ERR_INVALID_ARG',
    'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
    'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
    'UND_ERR_RES_EXCEEDED_MAX_SIZE',
    'UND_ERR_NOT_SUPPORTED',
  ])('is never a request wrong in itself (%s): it would fail the same way', (code) => {
    expect(canRedoFix(coded(code))).toBe(false);
    expect(canRedoFix(wrapped(coded(code)))).toBe(false);
  });

  it('is a 5xx or a 429, never a 4xx, a refusal or a bug', () => {
    expect(canRedoFix(Object.assign(new Error('Bad Gateway'), { status: 502 }))).toBe(true);
    expect(canRedoFix(Object.assign(new Error('Too Many Requests'), { status: 429 }))).toBe(true);
    expect(canRedoFix(Object.assign(new Error('Missing Access'), { status: 403 }))).toBe(false);
    expect(canRedoFix(new DeskError('CASE_ALREADY_CLAIMED', 'taken'))).toBe(false);
    expect(canRedoFix(new TypeError('undefined is not a function'))).toBe(false);
  });
});

describe('the failure reporting scope', () => {
  const cut = coded('ECONNRESET');
  const bug = new TypeError('undefined is not a function');

  it('leaves the work undone only for a failure its intake says a redo can fix', async () => {
    const verdicts: boolean[] = [];
    expect(
      await runReportingFailure(async () => void verdicts.push(reportFailure(bug)), canRedoFix),
    ).toBe(false);
    expect(
      await runReportingFailure(async () => void verdicts.push(reportFailure(cut)), canRedoFix),
    ).toBe(true);
    expect(verdicts).toEqual([false, true]);
    // Slack's intake: every failure may pass on a redelivery.
    expect(
      await runReportingFailure(
        async () => void reportFailure(bug),
        () => true,
      ),
    ).toBe(true);
  });

  it('leaves work to its first run whatever failed, and reports nothing outside any work', async () => {
    expect(
      await runReportingFailure(
        async () => reportLeftForRedo(),
        () => false,
      ),
    ).toBe(true);
    expect(reportFailure(cut)).toBe(false);
    expect(
      await runReportingFailure(
        async () => undefined,
        () => true,
      ),
    ).toBe(false);
  });
});

describe('a cut connection, at start-up and in a redo', () => {
  it.each(['EPIPE', 'ENOTFOUND', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_CLOSED'])(
    'is judged alike for %s: the start-up call retries it and a redo may fix it',
    (code) => {
      const error = wrapped(coded(code));
      expect(classifyDiscordStartFailure(error).retry).toBe(true);
      expect(canRedoFix(error)).toBe(true);
    },
  );
});
