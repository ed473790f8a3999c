// Waiting on the customer in Slack (issue 12 item 2), with the real Bolt app over HTTP against the
// fake Slack, on the real core (SQLite in a temp dir): `/support pending CASE-…` and the alert's
// *Waiting on customer* button set the case waiting, the alert is updated in place to say so (and
// loses the button), the alert thread and the customer's thread are told, and a closed case is
// refused with nothing changed.
import { describe, expect, it } from 'vitest';
import { ACTION_IDS, SLASH_COMMAND } from '../../src/adapters/slack/index.js';
import { blockAction, sendInteraction } from '../fakes/slack/signed-requests.js';
import { visibleText } from './slack-calls.js';
import { h, openNormalCase, parts, SAM, support, useRealCoreSlack } from './real-core-slack.js';

useRealCoreSlack();

describe('waiting on the customer in Slack', () => {
  it('/support pending sets the case waiting: answer, alert updated in place, both threads told', async () => {
    const { reference, alertTs } = await openNormalCase();
    const answer = await support(SAM, `pending ${reference.toLowerCase()}`);
    expect(answer).toContain(`${reference} is waiting on the customer.`);
    expect(answer).toContain('the customer is reminded');
    expect(answer).toContain('the case closes by itself');
    expect((await parts.store.cases.byReference(reference))?.status).toBe('waiting-on-customer');

    const update = h.fake
      .callsTo('chat.update')
      .filter((c) => c.args.ts === alertTs)
      .at(-1);
    expect(update && visibleText(update)).toContain('Waiting on the customer (SLA paused)');
    // Already waiting: the alert no longer offers the button.
    expect(JSON.stringify(update?.args)).not.toContain(ACTION_IDS.pending);
    const inAlertThread = h.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === 'CTEAM' && c.args.thread_ts === alertTs);
    expect(inAlertThread.map((c) => visibleText(c)).join('\n')).toContain(
      `Sam Rivera set ${reference} to wait on the customer.`,
    );
    const toCustomer = h.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === 'CSUPPORT' && c.args.thread_ts === '100.1');
    expect(toCustomer.map((c) => visibleText(c)).join('\n')).toContain(
      `Sam Rivera from support is waiting for your reply on ${reference}: reply here to carry on.`,
    );
    // Twice: told it is waiting already.
    expect(await support(SAM, `pending ${reference}`)).toContain(
      `${reference} is already waiting on the customer.`,
    );
  });

  it('the alert’s *Waiting on customer* button does the same', async () => {
    const { reference, alertTs } = await openNormalCase();
    const alert = h.fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'CTEAM');
    expect(JSON.stringify(alert?.args)).toContain(ACTION_IDS.pending);
    const stored = await parts.store.cases.byReference(reference);
    await sendInteraction(
      h.target,
      blockAction({
        user: SAM,
        channel: 'CTEAM',
        message: { ts: alertTs },
        actionId: ACTION_IDS.pending,
        value: stored!.id,
      }),
    );
    const told = await h.fake.waitFor('chat.postEphemeral', (c) =>
      visibleText(c).includes('waiting on the customer'),
    );
    expect(visibleText(told)).toContain(`${reference} is waiting on the customer.`);
    expect((await parts.store.cases.byReference(reference))?.status).toBe('waiting-on-customer');
  });

  it('a closed case is refused and nothing changes; usage without a case', async () => {
    const { reference } = await openNormalCase();
    await parts.desk.act(
      { platform: 'slack', userId: SAM.id, displayName: 'Sam Rivera' },
      reference,
      'close',
    );
    expect(await support(SAM, `pending ${reference}`)).toContain(
      `${reference} is closed: there is nothing to wait for.`,
    );
    expect((await parts.store.cases.byReference(reference))?.status).toBe('closed');
    expect(await support(SAM, 'pending')).toContain(`Usage: ${SLASH_COMMAND} pending CASE-1001`);
  });
});
