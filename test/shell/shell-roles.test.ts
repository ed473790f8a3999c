// Roles and isolation through the shell: the moderator's flag, a refused non-moderator, a customer
// of another org, a person with no org, and form errors that come back per field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, runScript, turn, type Turn, type Workspace } from './shell-harness.js';

const POST = 'Our prod cluster is down, here is our license key KEY-SECRET-42';

describe('roles in the shell', () => {
  let workspace: Workspace;
  let turns: Turn[];
  let text: string;

  beforeAll(async () => {
    workspace = createWorkspace();
    const run = await runScript(workspace, [
      'Checkout fails with ECONNRESET',
      '/open severity=2 seriousness="Half of the checkouts fail"',
      '/as engineer kim',
      `/flag bob@globex ${POST}`,
      '/as customer alice@acme',
      `/flag bob@globex ${POST}`,
      '/as moderator mo',
      `/flag bob@globex ${POST}`,
      '/as customer bob@globex',
      '/status',
      '/claim CASE-1001',
      '/reply CASE-1001 let me in',
      '/note CASE-1001 sneaky internal note',
      '/close CASE-1001',
      '/close CASE-1999',
      '/as customer alice@acme',
      '/status',
      '/open severity=9 seriousness=x product=nope type=rant',
      '/open',
      'severity=2 seriousness="Reports are late for the board"',
      'type=question',
      '/submit',
      '/as customer carol@initech',
      'How do I choose a severity?',
      '/open',
      '/as engineer sam',
      '/queue',
      '/as moderator mo',
      '/flag bob@globex "our prod is down"',
    ]);
    turns = run.turns;
    text = run.text;
  });
  afterAll(() => workspace.cleanup());

  it('refuses a flag from anyone but a moderator', () => {
    expect(turn(turns, `/flag bob@globex ${POST}`, 'kim').output).toContain(
      '✖ Only community moderators can move a thread to private support.',
    );
    expect(turn(turns, `/flag bob@globex ${POST}`, 'alice@acme').output).toContain(
      '✖ Only community moderators',
    );
  });

  it('moves a flagged post to private support: neutral public note, private space, case for the author, team alerted', () => {
    const flagged = turn(turns, `/flag bob@globex ${POST}`, 'mo').output;
    const publicNote = flagged.split('\n').filter((line) => line.startsWith('[#community ›'));
    expect(publicNote).toEqual([expect.stringContaining('moved to private support')]);
    expect(publicNote.join('\n')).not.toContain('KEY-SECRET-42');
    expect(flagged).toMatch(
      /\[#private-bob@globex › \S+\] private support space opened for bob@globex/,
    );
    expect(flagged).toMatch(
      /\[#team-platform\] [^\n]*\[NEW\] CASE-1002 · Normal \(3\) · Enterprise · Globex Inc/,
    );
    expect(flagged).toMatch(/\[#private-bob@globex › \S+\] Case CASE-1002 opened/);
    expect(flagged).toContain('✔ Moved to private support: CASE-1002 opened for Bob Stone.');
  });

  it('shows a customer their own org only, and refuses engineer actions and other orgs’ threads', () => {
    const bob = turn(turns, '/status', 'bob@globex').output;
    expect(bob).toContain('Open cases for Globex Inc (1)');
    expect(bob).toContain('CASE-1002');
    expect(bob).not.toContain('CASE-1001');
    expect(turn(turns, '/claim CASE-1001', 'bob@globex').output).toMatch(/✖ /);
    // Another org's case is answered exactly like a case number nobody uses.
    expect(turn(turns, '/reply CASE-1001 let me in', 'bob@globex').output).toContain(
      '✖ There is no case CASE-1001.',
    );
    expect(text).not.toMatch(/on CASE-1001: let me in/);
    expect(turn(turns, '/close CASE-1001', 'bob@globex').output).toContain(
      '✖ There is no case CASE-1001.',
    );
    expect(turn(turns, '/close CASE-1999', 'bob@globex').output).toContain(
      '✖ There is no case CASE-1999.',
    );
  });

  it('refuses an internal note from a customer, without confirming another org’s case exists', () => {
    expect(turn(turns, '/note CASE-1001 sneaky internal note', 'bob@globex').output).toContain(
      '✖ There is no case CASE-1001.',
    );
    expect(text).not.toContain('Internal note kept');
    // Only the echoed command line mentions it: nothing was posted or stored for anyone to see.
    const echoes = text.split('\n').filter((line) => line.includes('sneaky'));
    expect(echoes).toEqual(['bob@globex> /note CASE-1001 sneaky internal note']);
    const alice = turn(turns, '/status', 'alice@acme').output;
    expect(alice).toContain('Open cases for Acme Corp (1)');
    expect(alice).not.toContain('CASE-1002');
  });

  it('returns form errors per field instead of failing', () => {
    const errors = turn(turns, '/open severity=9 seriousness=x product=nope type=rant').output;
    expect(errors).toContain('The case was not opened; please fix:');
    expect(errors).toMatch(/severity: /);
    expect(errors).toMatch(/seriousness: /);
    expect(errors).toMatch(/product: Choose a product: beacon/);
    expect(errors).toMatch(/type: Choose a case type/);
  });

  it('fills an open form with key=value lines, then submits it', () => {
    expect(turn(turns, 'severity=2 seriousness="Reports are late for the board"').output).toContain(
      'ℹ form: severity="2" seriousness="Reports are late for the board"',
    );
    const submitted = turn(turns, '/submit', 'alice@acme').output;
    expect(submitted).toMatch(
      /\[#team-platform\] \[NEW\] CASE-1003 · High \(2\) · Gold · Acme Corp/,
    );
    expect(submitted).toMatch(/impact: Reports are late for the board/);
    expect(submitted).toMatch(/type: question/);
  });

  it('tells a person with no org how to get access', () => {
    expect(turn(turns, '/open', 'carol@initech').output).toContain(
      'is not linked to a customer organisation yet',
    );
  });

  it('flags a quoted post without the quotes in the case title', () => {
    const flagged = turn(turns, '/flag bob@globex "our prod is down"', 'mo').output;
    expect(flagged).toContain('[#community] Bob Stone: our prod is down');
    expect(flagged).toContain('Case CASE-1004 opened: "our prod is down"');
    expect(flagged).not.toContain('""');
  });

  it('lists the team queue for an engineer, most urgent first', () => {
    const queue = turn(turns, '/queue', 'sam').output;
    expect(queue).toContain('Queue of Platform team (3)');
    expect(queue.indexOf('CASE-1001')).toBeLessThan(queue.indexOf('CASE-1002'));
  });
});
