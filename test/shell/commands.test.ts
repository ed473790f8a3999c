// Parsing of shell input and plain-text rendering.
import { describe, expect, it } from 'vitest';
import {
  looksLikeCaseReference,
  parseDuration,
  parseFields,
  tokenize,
} from '../../src/adapters/shell/commands.js';
import { countdown, formatDuration, renderText } from '../../src/adapters/shell/render-text.js';

describe('shell commands', () => {
  it('splits words and keeps quoted values whole, also inside key="…"', () => {
    expect(tokenize(`/open severity=1 seriousness="Checkout is down" title='a b'`)).toEqual([
      '/open',
      'severity=1',
      'seriousness=Checkout is down',
      'title=a b',
    ]);
    expect(tokenize('  /claim   CASE-1001 ')).toEqual(['/claim', 'CASE-1001']);
    expect(tokenize('x=""')).toEqual(['x=']);
  });

  it('reads form fields and reports the words that are not fields', () => {
    expect(parseFields(['severity=2', 'Product=beacon', 'oops', 'colour=red'])).toEqual({
      fields: { severity: '2', product: 'beacon' },
      unknown: ['oops', 'colour=red'],
    });
  });

  it('reads clock moves', () => {
    expect(parseDuration('+3h')).toBe(3 * 3_600_000);
    expect(parseDuration('+1h30m')).toBe(90 * 60_000);
    expect(parseDuration('2d')).toBe(2 * 86_400_000);
    expect(parseDuration('+3 hours')).toBeNull();
    expect(parseDuration('-1h')).toBeNull();
  });

  it('recognises case references', () => {
    expect(looksLikeCaseReference('CASE-1001')).toBe(true);
    expect(looksLikeCaseReference('1001')).toBe(true);
    expect(looksLikeCaseReference('hello')).toBe(false);
  });
});

describe('plain-text rendering', () => {
  const now = new Date('2026-03-02T09:00:00Z');
  it('formats countdowns, including overdue ones', () => {
    expect(formatDuration(90 * 60_000)).toBe('1h 30m');
    expect(countdown(new Date('2026-03-02T13:00:00Z'), now)).toBe(
      '4h left (due 2026-03-02 13:00 UTC)',
    );
    expect(countdown(new Date('2026-03-02T08:15:00Z'), now)).toBe(
      'OVERDUE by 45m (was due 2026-03-02 08:15 UTC)',
    );
  });

  it('renders an SLA breach with its mentions', () => {
    const text = renderText(
      {
        kind: 'sla-event',
        caseReference: 'CASE-1',
        caseId: 'c',
        title: 'Down',
        severityLabel: 'Urgent (1)',
        isTopSeverity: true,
        event: 'breach',
        threshold: 1,
        dueAt: now,
        mentions: [
          { kind: 'role', id: 'oncall' },
          { kind: 'user', id: 'sam' },
        ],
      },
      { now },
    );
    expect(text).toBe(
      '⛔ SLA BREACHED: CASE-1 (Urgent (1)) missed its target 2026-03-02 09:00 UTC @oncall @sam\n  Down',
    );
  });
});
