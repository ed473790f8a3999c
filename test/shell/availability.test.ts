// Availability from chat and explained deadlines in the shell, through the real app (issue 12
// items 4 and 6): bad input is refused with a clear message and changes nothing; `/away until …`
// keeps new cases from the engineer and ends by itself; `/shift` and `/back` take effect at once;
// `/why` explains a target across a weekend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, runScript, turn, type Turn, type Workspace } from './shell-harness.js';

describe('availability and explained deadlines in the shell', () => {
  let workspace: Workspace;
  let turns: Turn[];

  beforeAll(async () => {
    workspace = createWorkspace();
    // Monday 2 March 2026 09:00 UTC: 10:00 in Paris (Sam), 18:00 in Tokyo (Kim).
    const run = await runScript(workspace, [
      '/away until 20:00',
      '/shift 08:00-17:00 Europe/Paris',
      '/as engineer kim',
      '/away until yesterday',
      '/away until someday',
      '/away until 2026-02-30',
      '/shift 08:00-17:00 Mars/Olympus',
      '/shift 8am-5pm Europe/Paris',
      '/shift 09:00-09:00 Europe/Paris',
      '/shift 08:00-17:00 Europe/Paris weekdays',
      '/as customer alice@acme',
      '/open severity=3 product=beacon type=question title="Retention" situation="How long are logs kept?" seriousness="Planning"',
      '/as engineer kim',
      '/away until 20:00',
      '/as customer alice@acme',
      '/open severity=2 product=beacon type=bug title="Agents drop" situation="Agents disconnect hourly" seriousness="Gaps in monitoring"',
      '/as engineer kim',
      '/claim CASE-1002',
      '/clock +2h',
      '/claim CASE-1002',
      '/shift 22:00-06:00 Asia/Tokyo',
      '/away',
      '/back',
      '/clock +4d',
      '/as customer alice@acme',
      '/open severity=2 product=beacon type=bug title="Ingest lags" situation="Ingest is 10 minutes late" seriousness="Stale dashboards"',
      '/why CASE-1003',
      '/as customer bob@globex',
      '/why CASE-1003',
    ]);
    turns = run.turns;
  }, 120_000);
  afterAll(() => workspace.cleanup());

  it('refuses a customer, whatever they type', () => {
    for (const command of ['/away until 20:00', '/shift 08:00-17:00 Europe/Paris'])
      expect(turn(turns, command, 'alice@acme').output).toContain(
        'Away, back and shift are for support engineers',
      );
  });

  it('refuses bad input with a message that says what to type', () => {
    expect(turn(turns, '/away until yesterday', 'kim').output).toContain(
      'Sunday 1 March 2026 00:00 (Asia/Tokyo) is in the past',
    );
    expect(turn(turns, '/away until someday', 'kim').output).toContain(
      'I cannot read the time "someday": write `/away`, `/away until 14:00`',
    );
    expect(turn(turns, '/away until 2026-02-30', 'kim').output).toContain('I cannot read the time');
    expect(turn(turns, '/shift 08:00-17:00 Mars/Olympus', 'kim').output).toContain(
      'unknown time zone "Mars/Olympus": use an IANA name',
    );
    // "8h-17h" reads (the French form); "8am-5pm" does not.
    expect(turn(turns, '/shift 8am-5pm Europe/Paris', 'kim').output).toContain(
      '"8am-5pm" is not a range of hours: write start-end as HH:MM-HH:MM',
    );
    expect(turn(turns, '/shift 09:00-09:00 Europe/Paris', 'kim').output).toContain('has no length');
    expect(turn(turns, '/shift 08:00-17:00 Europe/Paris weekdays', 'kim').output).toContain(
      'I cannot read the days "weekdays"',
    );
  });

  it('nothing was changed by the refusals: Kim is still the suggested engineer', () => {
    const opened = turns.filter((t) => t.command.startsWith('/open') && t.who === 'alice@acme');
    // Both engineers are free and on shift; ties go to the earliest handle.
    expect(opened[0]?.output).toContain('suggested: Kim Tanaka');
  });

  it('away until a time keeps new cases from the engineer, then ends by itself', () => {
    expect(turn(turns, '/away until 20:00', 'kim').output).toContain(
      'You are away until Monday 2 March 2026 20:00 (Asia/Tokyo)',
    );
    const opened = turns.filter((t) => t.command.startsWith('/open') && t.who === 'alice@acme');
    expect(opened[1]?.output).toContain('suggested: Sam Rivera');
    const claims = turns.filter((t) => t.command === '/claim CASE-1002' && t.who === 'kim');
    expect(claims[0]?.output).toContain('You are marked as away, so CASE-1002 cannot be assigned');
    // Two hours later it is 20:00 in Tokyo: Kim is available again without a word.
    expect(claims[1]?.output).toContain('You own CASE-1002 now');
  });

  it('a shift (overnight allowed), /away and /back take effect at once', () => {
    expect(turn(turns, '/shift 22:00-06:00 Asia/Tokyo', 'kim').output).toContain(
      'Your shift is now 22:00–06:00 Asia/Tokyo (overnight: it ends the next morning), on Mon, Tue, Wed, Thu, Fri, Sat, Sun. You are off shift now.',
    );
    expect(turn(turns, '/away', 'kim').output).toContain(
      'You are away: no case is suggested or assigned to you until you say /back. You still own CASE-1002: reassign it if nobody should wait for you.',
    );
    expect(turn(turns, '/back', 'kim').output).toContain(
      'You are available again (you were away): new cases may be suggested to you when your shift starts.',
    );
  });

  it('/why explains a Friday target that runs over the weekend', () => {
    const why = turn(turns, '/why CASE-1003', 'alice@acme').output;
    expect(why).toContain(
      'Why this time? CASE-1003: First response due Monday 9 March 2026 12:00 (Europe/Paris)',
    );
    expect(why).toContain('Rule: Gold × High (2), cloud: first response within 1 business day');
    expect(why).toContain('Counted 9h: Fri 6 Mar 12:00–18:00 6h, Mon 9 Mar 09:00–12:00 3h');
    expect(why).toContain('Skipped: Sat 7 Mar: not a working day; Sun 8 Mar: not a working day');
    // Another org's case is answered like a missing one.
    expect(turn(turns, '/why CASE-1003', 'bob@globex').output).toContain(
      'There is no case CASE-1003.',
    );
  });
});
