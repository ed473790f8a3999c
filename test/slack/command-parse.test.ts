import { describe, expect, it } from 'vitest';
import { parseSeverityArgs } from '../../src/adapters/severity-args.js';
import { parseSupportCommand } from '../../src/adapters/slack/handlers/command.js';

describe('/support sub-commands', () => {
  it('reads the sub-command and keeps the rest as typed, line breaks included', () => {
    const { sub, rest } = parseSupportCommand(
      'severity CASE-1001 2 Checkout is down\nfor EU shoppers',
    );
    expect(sub).toBe('severity');
    expect(parseSeverityArgs(rest)).toEqual({
      caseIdOrReference: 'CASE-1001',
      severity: 2,
      reason: 'Checkout is down\nfor EU shoppers',
    });
  });

  it('treats anything else as a question, and nothing as help', () => {
    expect(parseSupportCommand('  my cluster\nis red ')).toEqual({
      sub: 'ask',
      rest: 'my cluster\nis red',
    });
    expect(parseSupportCommand('ASK how do I open a case')).toEqual({
      sub: 'ask',
      rest: 'how do I open a case',
    });
    expect(parseSupportCommand('   ')).toEqual({ sub: 'help', rest: '' });
  });

  it('refuses a severity line without a numeric level or a reason', () => {
    expect(parseSeverityArgs('CASE-1001 high because')).toBeNull();
    expect(parseSeverityArgs('CASE-1001 2')).toBeNull();
    expect(parseSeverityArgs('1001 2 why')).toMatchObject({ caseIdOrReference: 'CASE-1001' });
  });
});
