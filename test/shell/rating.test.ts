// CSAT in the terminal: the resolution asks the requester, `/rate` answers. Bad scores, other
// people, repeats, answers after a reopen and after the window are refused with a clear line, and
// the database holds exactly the ratings accepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { createWorkspace, runScript, type Turn, type Workspace } from './shell-harness.js';

const outputsOf = (turns: Turn[], command: string, who: string) =>
  turns.filter((t) => t.command === command && t.who === who).map((t) => t.output);

describe('/rate in the shell', () => {
  let workspace: Workspace;
  let turns: Turn[];
  let ratings: { score: number; comment: string | null }[];

  beforeAll(async () => {
    workspace = createWorkspace();
    const run = await runScript(workspace, [
      '/as customer alice@acme',
      'Checkout fails with ECONNRESET since the upgrade',
      '/open severity=2 seriousness="Checkout is slow"',
      '/rate 4',
      '/as engineer sam',
      '/claim CASE-1001',
      '/resolve CASE-1001',
      '/rate CASE-1001 5',
      '/as customer bob@globex',
      '/rate CASE-1001 5',
      '/as customer alice@acme',
      '/rate 6',
      '/rate 0',
      '/rate five',
      '/rate CASE-1001 4.5',
      '/rate',
      '/rate 4 "Quick and clear, thanks @everyone <!channel> *bold*"',
      '/rate 5',
      '/reopen CASE-1001',
      '/rate CASE-1001 3',
      '/as engineer sam',
      '/resolve CASE-1001',
      '/as customer alice@acme',
      '/rate CASE-1001 2',
      '/reopen CASE-1001',
      '/as engineer sam',
      '/resolve CASE-1001',
      '/as customer alice@acme',
      '/clock +8d',
      '/rate CASE-1001 1',
    ]);
    turns = run.turns;
    const store = await openStore({ url: workspace.dbUrl, logger: createMemoryLogger() });
    const supportCase = await store.cases.byReference('CASE-1001');
    const events = supportCase ? await store.events.forCase(supportCase.id) : [];
    ratings = [];
    const resolutions = events.filter((e) => e.kind === 'resolved').length;
    expect(resolutions).toBe(3);
    for (let resolution = 1; resolution <= resolutions; resolution++) {
      const rating = await store.ratings.forResolution(supportCase?.id ?? '', resolution);
      if (rating) ratings.push({ score: rating.score, comment: rating.comment });
    }
    await store.close();
  }, 60_000);
  afterAll(() => workspace.cleanup());

  it('asks the requester on resolution, with the command to type', () => {
    const [resolved] = outputsOf(turns, '/resolve CASE-1001', 'sam');
    expect(resolved).toMatch(/How did we do\? Rate it from 1 \(poor\) to 5 \(excellent\)\./);
    expect(resolved).toContain('rate it: /rate CASE-1001 1-5 [comment]');
  });

  it('has nothing to rate before the case is resolved', () => {
    expect(outputsOf(turns, '/rate 4', 'alice@acme')[0]).toMatch(/no resolved case to rate/);
  });

  it('lets only the requester rate', () => {
    expect(outputsOf(turns, '/rate CASE-1001 5', 'sam')[0]).toMatch(
      /Only the person who opened CASE-1001 can rate it/,
    );
    // Another org's case is answered like a missing one.
    expect(outputsOf(turns, '/rate CASE-1001 5', 'bob@globex')[0]).toMatch(
      /There is no case CASE-1001/,
    );
  });

  it('refuses a score outside 1–5 clearly, recording nothing', () => {
    for (const [line, shown] of [
      ['/rate 6', '6'],
      ['/rate 0', '0'],
      ['/rate five', 'five'],
      ['/rate CASE-1001 4.5', '4.5'],
    ] as const) {
      const [output] = outputsOf(turns, line, 'alice@acme');
      expect(output, line).toContain(`✖ "${shown}" is not a rating.`);
      expect(output, line).toMatch(
        /whole number from 1 \(poor\) to 5 \(excellent\).*Nothing was recorded/,
      );
    }
    expect(outputsOf(turns, '/rate', 'alice@acme')[0]).toContain('usage: /rate');
  });

  it('records the rating with its comment and tells the team, defused', () => {
    const line = '/rate 4 "Quick and clear, thanks @everyone <!channel> *bold*"';
    const output = outputsOf(turns, line, 'alice@acme')[0] ?? '';
    expect(output).toContain('✔ Thank you: you rated CASE-1001 4/5. Your comment was passed on');
    // The team's alert thread (the shell prints every place) sees the score and the comment.
    expect(output).toMatch(
      /Alice Martin \(customer\) rated CASE-1001 4\/5 ★★★★☆\. "Quick and clear/,
    );
  });

  it('refuses a second rating of the same resolution, and one after a reopen', () => {
    expect(outputsOf(turns, '/rate 5', 'alice@acme')[0]).toMatch(
      /You already rated CASE-1001 4\/5: thank you! One rating per resolution\./,
    );
    expect(outputsOf(turns, '/rate CASE-1001 3', 'alice@acme')[0]).toMatch(
      /CASE-1001 is not resolved, so there is nothing to rate yet/,
    );
  });

  it('asks again after a reopen and a new resolution', () => {
    expect(outputsOf(turns, '/rate CASE-1001 2', 'alice@acme')[0]).toContain(
      '✔ Thank you: you rated CASE-1001 2/5.',
    );
  });

  it('closes the rating of a resolution after the window (7 days)', () => {
    expect(outputsOf(turns, '/rate CASE-1001 1', 'alice@acme')[0]).toMatch(
      /ratings of CASE-1001 closed 7 days after it was resolved/,
    );
  });

  it('stored the two ratings accepted, one per resolution', () => {
    expect(ratings).toEqual([
      { score: 4, comment: 'Quick and clear, thanks @everyone <!channel> *bold*' },
      { score: 2, comment: null },
    ]);
  });
});
