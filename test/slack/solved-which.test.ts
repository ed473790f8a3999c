// *This one solved it* in Slack: with several suggestions, each article has its own button, and
// the one pressed is the article the question teaches (the knowledge loop), not the first. Real
// Bolt over HTTP against the fake Slack, on the real core (SQLite, the sample KB).
import { describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/adapters/slack/index.js';
import { blockAction, sendEvent, sendInteraction } from '../fakes/slack/signed-requests.js';
import { ALICE, h, parts, useRealCoreSlack } from './real-core-slack.js';
import { visibleText } from './slack-calls.js';

useRealCoreSlack();

interface SectionBlock {
  type: string;
  text?: { text?: string };
  accessory?: { action_id?: string; value?: string };
}

describe('which suggestion solved it, in Slack', () => {
  it('credits the article whose button was pressed', async () => {
    await sendEvent(h.target, {
      type: 'message',
      channel: 'CSUPPORT',
      channel_type: 'channel',
      user: ALICE.id,
      team: ALICE.teamId,
      text: 'Dashboards are slow to load and checkout fails with ECONNRESET',
      ts: '200.1',
    });
    const answer = await h.fake.waitFor('chat.postMessage', (c) =>
      visibleText(c).includes('may answer your question'),
    );
    const blocks = answer.args.blocks as SectionBlock[];
    const perArticle = blocks.filter((b) => b.accessory?.action_id === ACTION_IDS.solved);
    expect(perArticle.length).toBeGreaterThan(1);
    await sendInteraction(
      h.target,
      blockAction({
        user: ALICE,
        channel: 'CSUPPORT',
        message: { ts: String(answer.response.ts), thread_ts: '200.1' },
        actionId: ACTION_IDS.solved,
        value: perArticle[1]!.accessory!.value!,
      }),
    );
    await h.fake.waitFor('chat.postEphemeral', (c) => visibleText(c).includes('solved'));
    const deflections = await parts.store.deflections.report();
    expect(deflections.byOutcome.solved).toBe(1);
    const learned = await parts.store.learned.list();
    expect(learned).toHaveLength(1);
    // The second suggestion's article, as shown in the answer.
    const article = parts.kb.article(learned[0]!.articleId);
    expect((JSON.parse(perArticle[1]!.accessory!.value!) as { n?: number }).n).toBe(2);
    expect(JSON.stringify(blocks[2])).toContain(article!.title);
    expect(JSON.stringify(blocks[1])).not.toContain(article!.title);
  });
});
