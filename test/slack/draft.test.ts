// `/support draft CASE-…` in Slack (issue 13 item 3), with the real Bolt app over HTTP against the
// fake Slack, on the real core built by the app (SQLite in a temp dir, KB_DRAFTS_DIR set): the owner
// of a resolved case gets an ephemeral answer and a draft file in KB_DRAFTS_DIR; an open case and a
// missing reference are refused with no file.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLASH_COMMAND } from '../../src/adapters/slack/index.js';
import {
  openNormalCase,
  parts,
  SAM,
  support,
  useRealCoreSlack,
  workspace,
} from './real-core-slack.js';

useRealCoreSlack((w) => ({ KB_DRAFTS_DIR: join(w.dir, 'drafts') }));

describe('drafting an article in Slack', () => {
  it('/support draft: refused while open, written to KB_DRAFTS_DIR once resolved; usage without a case', async () => {
    const { reference } = await openNormalCase();
    const sam = { platform: 'slack' as const, userId: SAM.id, displayName: 'Sam Rivera' };
    const drafts = join(workspace.dir, 'drafts');
    await parts.desk.act(sam, reference, 'claim');
    expect(await support(SAM, `draft ${reference}`)).toContain(
      'draft an article once it is resolved',
    );
    expect(existsSync(drafts)).toBe(false);

    await parts.desk.act(sam, reference, 'resolve');
    const answer = await support(SAM, `draft ${reference.toLowerCase()}`);
    expect(answer).toContain('Draft article written');
    expect(readdirSync(drafts)).toEqual(['checkout-fails.md']);
    expect(await support(SAM, 'draft')).toContain(`Usage: ${SLASH_COMMAND} draft CASE-1001`);
  });
});
