// The whole story through the shell's input, as each role sees it: ask → suggestions → case →
// alert → claim race → replies both ways → warning → breach → resolve.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  count,
  createWorkspace,
  runScript,
  turn,
  type Turn,
  type Workspace,
} from './shell-harness.js';

describe('the shell, driven through standard input', () => {
  let workspace: Workspace;
  let turns: Turn[];
  let text: string;

  beforeAll(async () => {
    workspace = createWorkspace();
    const run = await runScript(workspace, [
      'Checkout fails with ECONNRESET since the upgrade',
      '/open severity=1 seriousness="Checkout is down for every EU shopper"',
      '/as engineer sam',
      '/claim CASE-1001 &',
      '/as engineer kim',
      '/claim CASE-1001 &',
      '/as engineer sam',
      '/reply CASE-1001 Hi Alice, please send the agent logs.',
      '/note CASE-1001 looks like the pool bug',
      '/as customer alice@acme',
      '/reply CASE-1001 Logs attached',
      '/as customer bob@globex',
      'Our dashboards are slow',
      '/open severity=1 seriousness="The whole NOC is blind" title="Dashboards down"',
      '/as engineer kim',
      '/claim CASE-1002',
      '/clock +35m',
      '/clock +40m',
      '/resolve CASE-1002',
      '/as customer bob@globex',
      '/status',
    ]);
    turns = run.turns;
    text = run.text;
  });
  afterAll(() => workspace.cleanup());

  it('prints how to play each role at start', () => {
    expect(text).toMatch(/\(demo seeded\)/);
    expect(text).toMatch(/\/as engineer sam/);
    expect(text).toMatch(/\/as moderator mo/);
  });

  it('answers a question with public articles only, and offers to open a case', () => {
    const ask = turn(turns, 'Checkout fails with ECONNRESET since the upgrade').output;
    expect(ask).toContain('Connection reset errors (ECONNRESET)');
    expect(ask).not.toMatch(/Internal runbook|pool\.recycle/);
    expect(ask).toContain('/open');
  });

  it('opens the case, alerts the team with severity, tier and countdown, and confirms the target', () => {
    const open = turn(
      turns,
      '/open severity=1 seriousness="Checkout is down for every EU shopper"',
    ).output;
    expect(open).toMatch(
      /\[#team-platform\] 🚨 SEVERITY 1 🚨 \[NEW\] CASE-1001 · Urgent \(1\) · Gold · Acme Corp/,
    );
    expect(open).toMatch(/SLA: 4h left \(due 2026-03-02 13:00 UTC\)/);
    expect(open).toContain('[/claim CASE-1001]');
    expect(open).toContain('Case CASE-1001 opened');
    expect(open).toContain(
      'We will respond within 4 business hours — by Monday 14:00 (Europe/Paris).',
    );
  });

  it('settles the claim race: one winner, the loser is told who has it, the customer who is on it', () => {
    expect(count(text, /✔ You own CASE-1001 now/)).toBe(1);
    expect(count(text, /✖ CASE-1001 is already claimed by (Sam Rivera|Kim Tanaka)\./)).toBe(1);
    // Each background claim answers the engineer who typed it, whoever is active when it ends.
    const names: Record<string, string> = { sam: 'Sam Rivera', kim: 'Kim Tanaka' };
    const winner = /\[→ (\w+)\] ✔ You own CASE-1001 now/.exec(text)?.[1] ?? '';
    const loser = /\[→ (\w+)\] ✖ CASE-1001 is already claimed by ([A-Za-z ]+)\./.exec(text);
    expect(['sam', 'kim']).toContain(winner);
    expect(loser?.[1]).toBe(winner === 'sam' ? 'kim' : 'sam');
    expect(loser?.[2]).toBe(names[winner]);
    expect(text).toMatch(
      /\[#team-platform\] \(updated\) 🚨 SEVERITY 1 🚨 \[CLAIMED\] CASE-1001[\s\S]*?owner: (Sam Rivera|Kim Tanaka)/,
    );
    expect(text).toMatch(
      /\[#support › \S+\] ℹ (Sam Rivera|Kim Tanaka) from support is on CASE-1001 now\./,
    );
  });

  it('relays replies both ways with who said what, and keeps internal notes internal', () => {
    const reply = turn(
      turns,
      '/reply CASE-1001 Hi Alice, please send the agent logs.',
      'sam',
    ).output;
    expect(reply).toMatch(
      /\[#support › \S+\] Sam Rivera \(engineer\) on CASE-1001: Hi Alice, please send the agent logs\./,
    );
    expect(reply).toContain('First response recorded');
    const note = turn(turns, '/note CASE-1001 looks like the pool bug').output;
    expect(note).toContain('Internal note kept');
    expect(text).not.toMatch(/#support[^\n]*pool bug/);
    const back = turn(turns, '/reply CASE-1001 Logs attached', 'alice@acme').output;
    expect(back).toMatch(
      /\[#team-platform › \S+\] Alice Martin \(customer\) on CASE-1001: Logs attached/,
    );
  });

  it('warns the owner first (the ladder’s first rung), then reports the breach once to the channel with the on-call role', () => {
    const warn = turn(turns, '/clock +35m').output;
    // 50 %: the owner alone, by direct message (the team channel's rung is 75 %).
    expect(count(warn, /⚠ SLA WARNING: CASE-1002/)).toBe(1);
    expect(warn).not.toMatch(/\[#team-platform › \S+\] ⚠ SLA WARNING/);
    expect(warn).toMatch(
      /\[DM → kim\] ⚠ SLA WARNING: CASE-1002 \(Urgent \(1\)\) at 50% of its target/,
    );
    expect(warn).toMatch(/\(updated\) 🚨 SEVERITY 1 🚨 \[WARNED\] CASE-1002/);
    const breach = turn(turns, '/clock +40m').output;
    // 75 % and 90 % were crossed too while the clock jumped: only the breach is reported.
    expect(breach).not.toMatch(/SLA WARNING/);
    expect(breach).toMatch(/⛔ SLA BREACHED: CASE-1002 \(Urgent \(1\)\)[^\n]*@platform-oncall/);
    expect(count(breach, /⛔ SLA BREACHED: CASE-1002/)).toBe(2);
    expect(breach).toMatch(/\[BREACHED\] CASE-1002/);
  });

  it('resolves, and the customer of another org sees only their own cases', () => {
    expect(turn(turns, '/resolve CASE-1002').output).toContain('CASE-1002 is resolved.');
    const status = turn(turns, '/status', 'bob@globex').output;
    expect(status).toContain('Open cases for Globex Inc (0)');
    expect(status).not.toContain('CASE-1001');
  });
});
