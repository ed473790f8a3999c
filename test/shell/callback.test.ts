// Scheduled callbacks in the shell, through the real app: the customer asks for a call, is offered
// times in both Acme's business hours and the owner's shift, books one; bad times are refused with
// the rule they break; the owner confirms (both sides get the .ics), is reminded 15 minutes before
// by the SLA loop, and marks the call held, which counts as the first response.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, runScript, type Turn, type Workspace } from './shell-harness.js';

describe('scheduled callbacks in the shell', () => {
  let workspace: Workspace;
  let turns: Turn[];

  beforeAll(async () => {
    workspace = createWorkspace();
    // Monday 2 March 2026 09:00 UTC: 10:00 in Paris (Alice, Sam).
    const run = await runScript(workspace, [
      '/open severity=2 product=beacon type=bug title="Slow dashboards" situation="Dashboards take 30s to load" seriousness="Board demo on Friday"',
      '/callback CASE-1001',
      '/as engineer sam',
      '/shift 09:00-17:00 Europe/Paris mon-thu',
      '/claim CASE-1001',
      '/as customer alice@acme',
      '/callback CASE-1001',
      '/callback CASE-1001 book Tue 19:00 contact=+33612345678',
      '/callback CASE-1001 book Fri 10:00 contact=+33612345678',
      '/callback CASE-1001 book Tue 14:00 contact=+33612345678 tz=Europe/Pariss',
      '/callback CASE-1001 book Tue 14:00',
      '/callback CASE-1001 book Tue 14:00 contact=+33612345678',
      '/as engineer sam',
      '/callback CASE-1001 confirm',
      '/queue',
      '/clock +1d3h45m',
      '/clock +20m',
      '/callback CASE-1001 held',
      '/as customer alice@acme',
      '/status',
    ]);
    turns = run.turns;
  }, 120_000);
  afterAll(() => workspace.cleanup());

  /** The n-th line starting with `command` typed by `who`. */
  function turn(_turns: Turn[], command: string, who: string, n = 0): Turn {
    const found = turns.filter((t) => t.command.startsWith(command) && t.who === who)[n];
    if (!found) throw new Error(`no turn "${command}" by ${who}`);
    return found;
  }

  it('offers a call on the case confirmation, and refuses one before anybody owns the case', () => {
    expect(turn(turns, '/open severity=2', 'alice@acme').output).toContain(
      '[/callback CASE-1001  (request a call)]',
    );
    expect(turn(turns, '/callback CASE-1001', 'alice@acme').output).toContain(
      'CASE-1001 has no owner yet',
    );
  });

  it('offers times inside both Acme hours and Sam shift, in Alice zone, with what to type', () => {
    const offer = turn(turns, '/callback CASE-1001', 'alice@acme', 1).output;
    expect(offer).toContain(
      'Pick a time for a call on CASE-1001 with Sam Rivera (times in Europe/Paris, 30 minutes each)',
    );
    expect(offer).toContain(
      '1. Monday 2 March 10:30 (Europe/Paris)   [/callback CASE-1001 book 2026-03-02T09:30Z]',
    );
  });

  it('refuses bad times with the rule they break', () => {
    expect(turn(turns, '/callback CASE-1001 book Tue 19:00', 'alice@acme').output).toContain(
      "Tuesday 3 March 19:00 (Europe/Paris) is outside Acme Corp's support hours (Mon–Fri 09:00–18:00, Europe/Paris).",
    );
    expect(turn(turns, '/callback CASE-1001 book Fri 10:00', 'alice@acme').output).toContain(
      "Friday 6 March 10:00 (Europe/Paris) falls on Sam Rivera's day off (works Mon–Thu).",
    );
    expect(
      turn(turns, '/callback CASE-1001 book Tue 14:00 contact=+33612345678 tz=', 'alice@acme')
        .output,
    ).toContain('unknown time zone "Europe/Pariss"');
    expect(turn(turns, '/callback CASE-1001 book Tue 14:00', 'alice@acme', 1).output).toContain(
      'Give the phone number or meeting link to call',
    );
  });

  it('books, the owner confirms with an invitation for both sides, is reminded, and the held call is the response', () => {
    const booked = turn(
      turns,
      '/callback CASE-1001 book Tue 14:00 contact=+33612345678',
      'alice@acme',
      1,
    ).output;
    expect(booked).toContain(
      'You asked for a call on CASE-1001 Tuesday 3 March 14:00 (Europe/Paris), at +33612345678.',
    );
    expect(booked).toContain(
      '[DM → sam] ℹ Alice Martin (Acme Corp) asks for a call on CASE-1001 Tuesday 3 March 14:00 (Europe/Paris)',
    );
    const confirmed = turn(turns, '/callback CASE-1001 confirm', 'sam').output;
    expect(confirmed).toContain(
      'Call confirmed on CASE-1001: Tuesday 3 March 14:00 (Europe/Paris), Sam Rivera calls +33612345678.',
    );
    expect(
      confirmed.match(
        /📎 case-1001-call-20260303-1300.ics \(text\/calendar, DTSTART 20260303T130000Z\)/g,
      ),
    ).toHaveLength(2);
    expect(turn(turns, '/queue', 'sam').output).toContain(
      '📞 call Tuesday 3 March 14:00 (Europe/Paris)',
    );
    expect(turn(turns, '/clock +1d3h45m', 'sam').output).toContain(
      'In 15 minutes: call Alice Martin (Acme Corp) on CASE-1001',
    );
    expect(turn(turns, '/clock +20m', 'sam').output).not.toContain('In 15 minutes');
    expect(turn(turns, '/callback CASE-1001 held', 'sam').output).toContain(
      'it counts as the response: first response met',
    );
    expect(turn(turns, '/status', 'alice@acme').output).not.toContain('📞');
  });
});
