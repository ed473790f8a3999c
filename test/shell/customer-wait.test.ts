// Waiting on the customer in the shell, through the real app (issue 12 item 2): `/pending` pauses
// the resolution target (a policy file that sets one for Gold), the alert and the queue show the
// paused time, the customer's reply resumes it with the time it had left, the reminder and the
// automatic close come from `/clock` ticks once each, and `/pending` on the closed case is refused.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetPath } from '../../src/core/sla/index.js';
import { createWorkspace, runScript, turn, type Turn, type Workspace } from './shell-harness.js';

/** The shipped Elastic policy, with resolution targets for Gold (the wait pauses them). */
function goldResolutionPolicy(dir: string): string {
  const text = readFileSync(presetPath('elastic'), 'utf8');
  const gold = '      3: 2 business days\n    refusal: >-\n      A Gold subscription';
  if (!text.includes(gold)) throw new Error('policies/elastic.yml changed its Gold tier');
  const changed = text.replace(
    gold,
    '      3: 2 business days\n    resolution:\n      1: 2 business days\n      2: 5 business days\n      3: 10 business days\n    refusal: >-\n      A Gold subscription',
  );
  const path = join(dir, 'gold-resolution.yml');
  writeFileSync(path, changed);
  return path;
}

describe('waiting on the customer in the shell', () => {
  let workspace: Workspace;
  let turns: Turn[];

  beforeAll(async () => {
    workspace = createWorkspace();
    const run = await runScript(
      workspace,
      [
        // Acme: Gold, Paris business hours; Monday 10:00 Paris. High: resolution 5 business days.
        '/open severity=2 product=beacon type=bug title="Agents drop" situation="Agents disconnect hourly" seriousness="Gaps in monitoring"',
        '/as engineer kim',
        '/claim CASE-1001',
        '/reply CASE-1001 Please send the agent logs.',
        '/clock +1h',
        '/pending CASE-1001',
        '/queue',
        '/clock +1d',
        '/as customer alice@acme',
        '/reply CASE-1001 Here are the logs.',
        '/as engineer kim',
        '/pending CASE-1001',
        '/clock +3d',
        '/clock +4d',
        '/pending CASE-1001',
      ],
      { SLA_POLICY: goldResolutionPolicy(workspace.dir) },
    );
    turns = run.turns;
  }, 120_000);
  afterAll(() => workspace.cleanup());

  it('pauses the resolution target, shows the time it keeps, and announces the reminder and close in advance', () => {
    const pending = turn(turns, '/pending CASE-1001', 'kim').output;
    expect(pending).toContain('(updated) [PAUSED] CASE-1001 · High (2) · Gold · Acme Corp\n');
    expect(pending).toContain('target: resolution paused\n');
    expect(pending).toContain(
      'SLA: resolution paused since 2026-03-02 10:00 UTC: 1d 20h left when the customer replies\n',
    );
    expect(pending).toContain(
      'ℹ Kim Tanaka from support is waiting for your reply on CASE-1001: reply here to carry on. Without a reply, you will get a reminder Thursday 11:00 (Europe/Paris) and the case closes by itself Monday 9 March 2026 11:00 (Europe/Paris).',
    );
    expect(pending).toContain(
      '✔ CASE-1001 is waiting on the customer. Paused: resolution (1 d 20 h left (business time)).',
    );
    expect(turn(turns, '/queue', 'kim').output).toContain(
      'CASE-1001 · High (2) · waiting-on-customer · Acme Corp · owner Kim Tanaka · resolution paused since 2026-03-02 10:00 UTC: 1d 20h left when the customer replies',
    );
  });

  it('the customer’s reply resumes the target with the time it had left', () => {
    const reply = turn(turns, '/reply CASE-1001 Here are the logs.', 'alice@acme').output;
    expect(reply).toContain(
      'ℹ The customer replied after 1 d: CASE-1001 is no longer waiting on them. SLA resumed: resolution 1 d 20 h left (business time).',
    );
    // A day later, the same working time left: due a day later than before the wait.
    expect(reply).toContain('(updated) [CLAIMED] CASE-1001');
    expect(reply).toContain('SLA: 1d 20h of working time left (due 2026-03-10 09:00 UTC)');
  });

  it('reminds once, closes once, and refuses /pending on the closed case', () => {
    const remind = turn(turns, '/clock +3d').output;
    expect(remind.match(/Reminder: CASE-1001 is waiting for your reply/g)).toHaveLength(1);
    expect(remind).toContain('Without a reply it closes by itself Tuesday 11:00 (Europe/Paris).');
    const close = turn(turns, '/clock +4d').output;
    expect(close.match(/CASE-1001 was closed after 7 d without a reply/g)).toHaveLength(1);
    expect(close).toContain('(updated) [CLOSED] CASE-1001');
    const last = turns.filter((t) => t.command === '/pending CASE-1001').at(-1);
    expect(last?.output).toContain('✖ CASE-1001 is closed: there is nothing to wait for.');
  });
});
