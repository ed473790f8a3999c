// True SLA states in the shell, through the real app (issue 12 item 1): a severity 1 breached, then
// answered, is "met late" in the engineer's answer, the alert, the queue and the customer's status,
// never "met"; a case raised to severity 1 after its target passed gets the new level's target from
// the change instead of an old "OVERDUE … was due"; resolving without a reply meets the target.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, runScript, turn, type Turn, type Workspace } from './shell-harness.js';

const REPLY = '/reply CASE-1001 Sorry for the wait: please send the agent logs.';
const RAISE = '/severity CASE-1002 1 Checkout is down now too';

describe('true SLA states in the shell', () => {
  let workspace: Workspace;
  let turns: Turn[];

  beforeAll(async () => {
    workspace = createWorkspace();
    const run = await runScript(workspace, [
      // Acme: Gold, Paris business hours; Monday 10:00 Paris. Urgent: 4 business hours.
      '/open severity=1 product=beacon type=bug title="Checkout down" situation="ECONNRESET on every checkout" seriousness="No sales in the EU"',
      // Normal: 2 business days → Wednesday 10:00 Paris.
      '/open severity=3 product=beacon type=question title="Slow dashboards" situation="Dashboards take 30 s" seriousness="Annoying"',
      '/as engineer kim',
      '/claim CASE-1001',
      '/clock +4h30m',
      REPLY,
      '/queue',
      '/as customer alice@acme',
      '/status',
      '/as engineer kim',
      '/clock +2d',
      RAISE,
      '/resolve CASE-1002',
    ]);
    turns = run.turns;
  }, 120_000);
  afterAll(() => workspace.cleanup());

  it('says a late first response is met late: the answer, the alert, the queue, the customer’s status', () => {
    expect(turn(turns, '/clock +4h30m').output).toContain(
      '[BREACHED] CASE-1001 · Urgent (1) · Gold · Acme Corp',
    );
    const reply = turn(turns, REPLY, 'kim').output;
    expect(reply).toContain(
      '✔ Sent to the customer. First response recorded: met late, 30 min of working time after its target.\n',
    );
    expect(reply).not.toContain('the SLA target is met');
    expect(reply).toContain(
      '(updated) 🚨 SEVERITY 1 🚨 [MET LATE] CASE-1001 · Urgent (1) · Gold · Acme Corp\n',
    );
    expect(reply).toContain('target: first response met late\n');
    expect(reply).toContain(
      '    SLA: first response met late: due 2026-03-02 13:00 UTC, met 2026-03-02 13:30 UTC\n',
    );
    expect(turn(turns, '/queue', 'kim').output).toContain(
      'CASE-1001 · Urgent (1) · claimed · Acme Corp · owner Kim Tanaka · first response met late · next update to the customer: 1h left (due 2026-03-02 14:30 UTC) · Checkout down',
    );
    expect(turn(turns, '/status', 'alice@acme').output).toContain(
      'CASE-1001 · Urgent (1) · claimed · owner Kim Tanaka · first response met late · next update to the customer: 1h left (due 2026-03-02 14:30 UTC) · Checkout down',
    );
  });

  it('a raise after the target passed counts Urgent’s target from the change, not an old "OVERDUE … was due"', () => {
    expect(turn(turns, '/clock +2d').output).toContain(
      'SLA: OVERDUE by 4h 30m (was due 2026-03-04 09:00 UTC)',
    );
    const raise = turn(turns, RAISE, 'kim').output;
    expect(raise).toContain('(updated) 🚨 SEVERITY 1 🚨 [NEW] CASE-1002 · Urgent (1)');
    // Wednesday 14:30 Paris + 4 business hours → Thursday 09:30 Paris.
    expect(raise).toContain('SLA: 4h of working time left (due 2026-03-05 08:30 UTC)');
    expect(raise).not.toContain('OVERDUE');
    expect(raise).toContain(
      'changed CASE-1002 from Normal (3) to Urgent (1). First response due Thursday 09:30 (Europe/Paris).',
    );
  });

  it('resolving answers the case: the first response is met', () => {
    expect(turn(turns, '/resolve CASE-1002', 'kim').output).toContain(
      '[RESOLVED] CASE-1002 · Urgent (1) · Gold · Acme Corp',
    );
    expect(turn(turns, '/resolve CASE-1002', 'kim').output).toContain(
      'target: first response met\n',
    );
  });
});
