// `/severity` through the real app in the shell (store, KB, Desk, shell adapter): an engineer
// raises a case, the requester raises it again, another org is told there is no such case, and
// malformed lines get the one-line usage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSeverityLine, SEVERITY_USAGE } from '../../src/adapters/shell/shell-severity.js';
import { createWorkspace, runScript, turn, type Turn, type Workspace } from './shell-harness.js';

const RAISE = '/severity CASE-1001 2 Checkout now fails for all EU shoppers';
const URGENT = '/severity 1001 1 "All of checkout is down @everyone"';

describe('/severity in the shell', () => {
  let workspace: Workspace;
  let turns: Turn[];

  beforeAll(async () => {
    workspace = createWorkspace();
    const run = await runScript(workspace, [
      'Checkout fails with ECONNRESET',
      '/open severity=3 seriousness="Some checkouts fail"',
      '/as engineer sam',
      '/severity',
      '/severity CASE-1001',
      '/severity CASE-1001 high because it is worse',
      '/severity CASE-1001 2',
      '/severity CASE-1001 2 ""',
      RAISE,
      '/as customer bob@globex',
      '/severity CASE-1001 1 let me in',
      '/as customer alice@acme',
      URGENT,
      '/help',
    ]);
    turns = run.turns;
  }, 120_000);
  afterAll(() => workspace.cleanup());

  it('answers each malformed line with the one-line usage, and asks the core nothing', () => {
    for (const line of [
      '/severity',
      '/severity CASE-1001',
      '/severity CASE-1001 high because it is worse',
      '/severity CASE-1001 2',
      '/severity CASE-1001 2 ""',
    ]) {
      expect(turn(turns, line, 'sam').output).toBe(`${SEVERITY_USAGE}\n`);
    }
  });

  it('lets the engineer raise the case: alert updated, team thread and customer told, new due time', () => {
    const out = turn(turns, RAISE, 'sam').output;
    // High is not the top severity: nobody is paged.
    expect(out).not.toContain('@platform-oncall');
    expect(out).toMatch(/\[#team-platform\] \(updated\) \[NEW\] CASE-1001 · High \(2\) · Gold/);
    expect(out).toContain('target: within 1 business day');
    expect(out).toContain('SLA: 9h of working time left (due 2026-03-03 09:00 UTC)');
    expect(out).toMatch(
      /\[#team-platform › \S+\] ℹ Sam Rivera changed CASE-1001 from Normal \(3\) to High \(2\): Checkout now fails for all EU shoppers/,
    );
    expect(out).toMatch(
      /\[#support › \S+\] ℹ Sam Rivera from support changed CASE-1001 from Normal \(3\) to High \(2\)\. First response due Tuesday 10:00 \(Europe\/Paris\)\. Reason: Checkout now fails for all EU shoppers\n/,
    );
    expect(out).toContain(
      '[→ sam] ✔ CASE-1001 is now High (2). First response due Tuesday 10:00 (Europe/Paris).',
    );
  });

  it('answers a customer of another org as for a missing case', () => {
    expect(turn(turns, '/severity CASE-1001 1 let me in', 'bob@globex').output).toBe(
      '[→ bob@globex] ✖ There is no case CASE-1001.\n',
    );
  });

  it('lets the requester raise it to Urgent with a quoted reason: the team notice pages on-call once', () => {
    const out = turn(turns, URGENT, 'alice@acme').output;
    expect(out).toMatch(/\(updated\) 🚨 SEVERITY 1 🚨 \[NEW\] CASE-1001 · Urgent \(1\)/);
    // The on-call role leads the notice in the alert thread, as it is named on an opening alert;
    // the reason's "@everyone" is only text.
    expect(out).toMatch(
      /\[#team-platform › \S+\] ℹ @platform-oncall Alice Martin \(customer\) changed CASE-1001 from High \(2\) to Urgent \(1\): All of checkout is down @everyone\n/,
    );
    // The customer's own change is not echoed into their thread.
    expect(out).not.toContain('[#support ›');
    // The page is that notice alone: the updated alert never pages again.
    expect(out.match(/@platform-oncall/g)).toHaveLength(1);
    expect(out).not.toMatch(/\(updated\)[^\n]*@platform-oncall/);
    expect(out).toContain('✔ CASE-1001 is now Urgent (1). First response due Monday 14:00');
  });

  it('lists the command in /help', () => {
    expect(turn(turns, '/help').output).toContain('/severity CASE-1001 2 reason');
  });
});

describe('parseSeverityLine', () => {
  it('reads the case, the level and the reason as typed', () => {
    expect(parseSeverityLine('/severity case-7 3  "it is back to  normal" ')).toEqual({
      caseIdOrReference: 'CASE-7',
      severity: 3,
      reason: 'it is back to  normal',
    });
    expect(parseSeverityLine('/severity CASE-7 -1 worse')).toBeNull();
    expect(parseSeverityLine('/severity hello 2 worse')).toBeNull();
  });
});
