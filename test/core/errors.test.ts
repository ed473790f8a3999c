// errors.ts: refusals are shown as written; anything else gets a reference id that the log has too.
import { describe, expect, it } from 'vitest';
import { CaseError } from '../../src/core/cases/index.js';
import { ConfigError } from '../../src/config/env.js';
import { SetupError } from '../../src/config/setup-errors.js';
import { SlaRuleError } from '../../src/core/sla/tier-rules.js';
import { PolicyError } from '../../src/core/sla/load-policy.js';
import { ReportInputError } from '../../src/reports/period.js';
import {
  DeskError,
  errorToNotice,
  isConfigurationError,
  isRefusal,
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

  it('shows only casebot refusals as written: a driver error with a code is a bug', () => {
    const withCode = (code: string) => Object.assign(new Error('boom'), { code });
    expect(isRefusal(new DeskError('NOT_A_MODERATOR', 'no'))).toBe(true);
    expect(isRefusal(new SlaRuleError('UNKNOWN_SEVERITY', 'no'))).toBe(true);
    expect(isRefusal(new ReportInputError('--from after --to'))).toBe(true);
    for (const code of [
      'CASE_ALREADY_CLAIMED',
      'ECONNRESET',
      'ERR_INVALID_ARG_TYPE',
      'SQLITE_BUSY',
      'P2002',
      'UND_ERR_SOCKET',
    ])
      expect(isRefusal(withCode(code))).toBe(false);
    expect(errorToNotice(withCode('P2002'), createMemoryLogger()).tone).toBe('error');
  });

  it('tells configuration mistakes from refusals by kind, with one code each', () => {
    const mistakes = [
      new ConfigError(['KB_DIR: no folder']),
      new SetupError('casebot.yml', []),
      new PolicyError('bad policy'),
    ];
    for (const mistake of mistakes) {
      expect(isConfigurationError(mistake)).toBe(true);
      expect(isRefusal(mistake)).toBe(false);
      expect(mistake.code).toMatch(/^[A-Z]+(_[A-Z]+)+$/);
    }
    expect(mistakes.map((m) => m.name)).toEqual(['ConfigError', 'SetupError', 'PolicyError']);
    expect(isConfigurationError(new DeskError('NOT_A_MODERATOR', 'no'))).toBe(false);
  });

  it('makes distinct references', () => {
    expect(new Set(Array.from({ length: 200 }, newErrorReference)).size).toBe(200);
  });
});
