// /solved in the terminal after "no good match": refused with what to do instead, and the question
// keeps its "no answer" outcome (nothing is recorded as solved with zero articles).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, runScript, turn, type Turn, type Workspace } from './shell-harness.js';

const NO_MATCH = 'Our invoice shows the wrong VAT number';

describe('/solved in the shell', () => {
  let workspace: Workspace;
  let turns: Turn[];

  beforeAll(async () => {
    workspace = createWorkspace();
    const run = await runScript(workspace, [
      '/as customer alice@acme',
      NO_MATCH,
      '/solved',
      'Dashboards are slow to load',
      '/solved',
    ]);
    turns = run.turns;
  });
  afterAll(() => workspace.cleanup());

  it('does not offer /solved when no article was shown', () => {
    const answer = turn(turns, NO_MATCH).output;
    expect(answer).toContain('No good match');
    expect(answer).not.toContain('/solved');
    expect(answer).toContain('/open');
  });

  it('refuses /solved after no good match, and says what to do instead', () => {
    const [refused] = turns.filter((t) => t.command === '/solved');
    expect(refused?.output).toMatch(/✖ No article was suggested for this question/);
    expect(refused?.output).toMatch(/open a case/i);
  });

  it('still accepts /solved after suggestions', () => {
    const accepted = turns.filter((t) => t.command === '/solved')[1];
    expect(accepted?.output).toContain('Glad it helped! Marked as solved.');
  });
});
