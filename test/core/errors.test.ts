// errors.ts: refusals are shown as written; anything else gets a reference id that the log has too.
import { describe, expect, it } from 'vitest';
import { CaseError } from '../../src/core/cases/index.js';
import {
  DeskError,
  errorToNotice,
  isCodedError,
  newErrorReference,
} from '../../src/core/errors.js';
import { createMemoryLogger } from '../../src/logging/logger.js';

describe('errorToNotice', () => {
  it('shows a coded refusal as a friendly notice without a reference', () => {
    const logger = createMemoryLogger();
    const notice = errorToNotice(
      new CaseError('CASE_ALREADY_CLAIMED', 'CASE-1001 is already claimed by Sam.'),
      logger,
    );
    expect(notice).toEqual({
      kind: 'notice',
      tone: 'warning',
      text: 'CASE-1001 is already claimed by Sam.',
    });
    expect(logger.entries.filter((e) => e.level === 'error')).toHaveLength(0);
  });

  it('gives an unexpected error a reference id, shown to the person and written to the log with the stack', () => {
    const logger = createMemoryLogger();
    const notice = errorToNotice(new TypeError('x is undefined'), logger, { flow: 'claim' });
    expect(notice.errorReference).toMatch(/^ERR-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(notice.text).toContain(notice.errorReference);
    expect(notice.text).not.toContain('x is undefined');
    expect(logger.entries).toEqual([
      expect.objectContaining({
        level: 'error',
        fields: expect.objectContaining({
          flow: 'claim',
          errorReference: notice.errorReference,
          error: 'x is undefined',
          stack: expect.stringContaining('TypeError'),
        }),
      }),
    ]);
  });

  it('does not mistake system or driver codes for refusals', () => {
    const withCode = (code: string) => Object.assign(new Error('boom'), { code });
    expect(isCodedError(new DeskError('NOT_A_MODERATOR', 'no'))).toBe(true);
    expect(isCodedError(withCode('POLICY_INVALID'))).toBe(true);
    for (const code of [
      'ECONNRESET',
      'ERR_INVALID_ARG_TYPE',
      'SQLITE_BUSY',
      'P2002',
      'UND_ERR_SOCKET',
    ])
      expect(isCodedError(withCode(code))).toBe(false);
  });

  it('makes distinct references', () => {
    expect(new Set(Array.from({ length: 200 }, newErrorReference)).size).toBe(200);
  });
});
