// `/support severity CASE-1001 <level> <reason>` with the real Bolt app over HTTP against the fake
// Slack, on the real conversation core (SQLite in a temp dir, a temp knowledge base): the alert
// is updated in place, the alert thread and the customer's thread are told with the reason escaped,
// and bad input, another org and the help text are answered ephemerally.
import { describe, expect, it } from 'vitest';
import { SLASH_COMMAND } from '../../src/adapters/slack/index.js';
import { visibleText } from './slack-calls.js';
import {
  BOB,
  deliverKept,
  h,
  openNormalCase,
  parts,
  SAM,
  support,
  useRealCoreSlack,
} from './real-core-slack.js';

useRealCoreSlack();

describe('/support severity', () => {
  it('lets an engineer raise a case: alert updated in place, both threads told, reason escaped', async () => {
    const { reference, alertTs } = await openNormalCase();
    const answer = await support(
      SAM,
      `severity ${reference} 2 Checkout fails for all EU shoppers @channel <!channel>`,
    );
    expect(answer).toContain(
      `${reference} is now High (2). First response due Tuesday 10:00 (Europe/Paris).`,
    );

    const update = h.fake.callsTo('chat.update').find((c) => c.args.ts === alertTs);
    expect(update && visibleText(update)).toContain('High (2)');
    const inAlertThread = h.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === 'CTEAM' && c.args.thread_ts === alertTs);
    expect(inAlertThread).toHaveLength(1);
    const told = JSON.stringify(inAlertThread[0]!.args);
    expect(visibleText(inAlertThread[0]!)).toContain(
      `Sam Rivera changed ${reference} from Normal (3) to High (2): Checkout fails for all EU shoppers`,
    );
    // The reason reaches Slack as text: no broadcast, no control sequence.
    expect(told).toContain('&lt;!channel&gt;');
    expect(told).not.toContain('<!channel>');
    expect(told).not.toMatch(/(^|[^\u2060])@channel/);

    const toCustomer = h.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === 'CSUPPORT' && c.args.thread_ts === '100.1');
    expect(toCustomer.map((c) => visibleText(c)).join('\n')).toContain(
      `Sam Rivera from support changed ${reference} from Normal (3) to High (2).`,
    );
    expect((await parts.store.cases.byReference(reference))?.severity).toBe(2);
  });

  it('raising to Urgent pages the on-call subteam once, in the alert thread; the reason stays inert', async () => {
    const { reference, alertTs } = await openNormalCase();
    const reason = 'All of checkout is down @everyone <!channel> <!subteam^S0OTHER> <@UCUSTB>';
    expect(await support(SAM, `severity ${reference} 1 ${reason}`)).toContain(
      `${reference} is now Urgent (1).`,
    );
    const inAlertThread = h.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === 'CTEAM' && c.args.thread_ts === alertTs);
    expect(inAlertThread).toHaveLength(1);
    const { text, blocks } = inAlertThread[0]!.args as { text: string; blocks: unknown };
    // Every real ping Slack would act on (<!…> and <@…> sequences), in the notification text and
    // in the blocks: the on-call subteam once each, nothing from the reason.
    const pingsIn = (raw: string) => raw.match(/<[!@][^>]*>/g) ?? [];
    expect(pingsIn(text)).toEqual(['<!subteam^S0ONCALL>']);
    expect(pingsIn(JSON.stringify(blocks))).toEqual(['<!subteam^S0ONCALL>']);
    expect(visibleText(inAlertThread[0]!)).toContain(
      `Sam Rivera changed ${reference} from Normal (3) to Urgent (1): All of checkout is down`,
    );
    expect(text).toContain('&lt;!channel&gt; &lt;!subteam^S0OTHER&gt; &lt;@UCUSTB&gt;');
    expect(text).not.toMatch(/(^|[^\u2060])@everyone/);

    // Neither the edited alert nor the customer's notice pages anyone.
    const update = h.fake.callsTo('chat.update').find((c) => c.args.ts === alertTs);
    expect(visibleText(update!)).toContain('Urgent (1)');
    expect(JSON.stringify(update!.args)).not.toContain('<!subteam');
    const toCustomer = h.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === 'CSUPPORT' && c.args.thread_ts === '100.1');
    expect(toCustomer.map((c) => visibleText(c)).join('\n')).toContain(
      `changed ${reference} from Normal (3) to Urgent (1)`,
    );
    expect(JSON.stringify(toCustomer.map((c) => c.args))).not.toContain('<!subteam');

    // Lowering it again pages nobody.
    await support(SAM, `severity ${reference} 2 Only one shop is down`);
    const lowered = h.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts === alertTs)
      .at(-1)!;
    expect(visibleText(lowered)).toContain('from Urgent (1) to High (2)');
    expect(JSON.stringify(lowered.args)).not.toContain('<!subteam');
  });

  it('a raise whose page Slack refuses for now waits in the journal and is delivered with the ping', async () => {
    const { reference, alertTs } = await openNormalCase();
    // Every attempt of the next post fails (503): the team notice, the first post of the raise.
    h.fake.fail('chat.postMessage', 503, 4);
    expect(await support(SAM, `severity ${reference} 1 All of checkout is down`)).toContain(
      `${reference} is now Urgent (1).`,
    );
    expect((await parts.store.cases.byReference(reference))?.severity).toBe(1);
    const pending = async () => (await parts.store.journal.figures(new Date())).pending;
    expect(await pending()).toBe(1);
    await deliverKept();
    const delivered = h.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts === alertTs);
    expect(delivered).toHaveLength(1);
    expect(String(delivered[0]!.args.text)).toMatch(/^<!subteam\^S0ONCALL> Sam Rivera changed/);
    expect(await pending()).toBe(0);
  });

  it('answers bad input with the usage, another org with "no such case", and lists it in help', async () => {
    const { reference } = await openNormalCase();
    for (const text of [
      'severity',
      `severity ${reference}`,
      `severity ${reference} high it is worse`,
      `severity ${reference} 2`,
    ]) {
      // Notice text is escaped for mrkdwn: Slack shows `<level> <reason>`.
      expect(await support(SAM, text)).toContain(
        `Usage: ${SLASH_COMMAND} severity CASE-1001 &lt;level&gt; &lt;reason&gt;`,
      );
    }
    expect(await support(BOB, `severity ${reference} 1 let me in`)).toContain(
      `There is no case ${reference}.`,
    );
    expect(await support(SAM, `severity ${reference} 4 not production`)).toContain(
      'A Gold subscription opens production cases with severities 1–3',
    );
    expect((await parts.store.cases.byReference(reference))?.severity).toBe(3);
    expect(await support(SAM, 'help')).toContain(`${SLASH_COMMAND} severity CASE-1001`);
  });
});
