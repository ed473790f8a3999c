// Availability from chat and explained deadlines in Slack (issue 12 items 4 and 6), with the real
// Bolt app over HTTP against the fake Slack, on the real core (SQLite in a temp dir): `/support
// away|back|shift` change the engineer's availability in the store at once, bad input and a
// customer are refused with nothing changed, and `/support why CASE-…` explains a target.
import { describe, expect, it } from 'vitest';
import { ACTION_IDS, SLASH_COMMAND } from '../../src/adapters/slack/index.js';
import { blockAction, sendInteraction } from '../fakes/slack/signed-requests.js';
import { visibleText } from './slack-calls.js';
import {
  ALICE,
  h,
  openNormalCase,
  parts,
  SAM,
  support,
  useRealCoreSlack,
} from './real-core-slack.js';

useRealCoreSlack();

describe('availability and explained deadlines in Slack', () => {
  it('/support away until … is stored at once; a past time and a customer are refused, nothing changed', async () => {
    const before = await parts.store.directory.personByHandle('sam');
    expect(await support(SAM, 'away until yesterday')).toContain('is in the past');
    expect(await support(SAM, 'shift 08:00-17:00 Europe/Pariss')).toContain(
      'unknown time zone "Europe/Pariss"',
    );
    expect(await support(ALICE, 'away until 20:00')).toContain(
      'Away, back and shift are for support engineers',
    );
    expect(await parts.store.directory.personByHandle('sam')).toEqual(before);

    // Monday 10:00 in Paris (Sam's zone).
    expect(await support(SAM, 'away until 14:00')).toContain(
      'You are away until Monday 2 March 2026 14:00 (Europe/Paris)',
    );
    expect(await parts.store.directory.personByHandle('sam')).toMatchObject({
      availability: 'away',
      awayUntil: new Date('2026-03-02T13:00:00Z'),
    });
    expect(await support(SAM, 'shift 08:00-17:00 Europe/Paris mon-fri')).toContain(
      'Your shift is now 08:00–17:00 Europe/Paris, on Mon, Tue, Wed, Thu, Fri.',
    );
    expect(await support(SAM, 'back')).toContain('You are available again (you were away)');
    expect(await parts.store.directory.personByHandle('sam')).toMatchObject({
      availability: 'available',
      awayUntil: null,
      shift: { start: '08:00', end: '17:00', days: [1, 2, 3, 4, 5] },
    });
  });

  it('/support why CASE-… explains the target; usage without a case', async () => {
    const { reference } = await openNormalCase();
    const answer = await support(ALICE, `why ${reference}`);
    expect(answer).toContain(`Why this time? ${reference}: First response due`);
    expect(answer).toContain(
      'Rule: Gold × Normal (3), cloud: first response within 2 business days',
    );
    expect(answer).toContain(
      'Counted 18h: Mon 2 Mar 10:00–18:00 8h, Tue 3 Mar 09:00–18:00 9h, Wed 4 Mar 09:00–10:00 1h',
    );
    expect(await support(SAM, 'why')).toContain(`Usage: ${SLASH_COMMAND} why CASE-1001`);
  });

  it('the alert’s *Why this time?* button answers the engineer who pressed it, privately', async () => {
    const { reference, alertTs } = await openNormalCase();
    const alert = h.fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'CTEAM');
    expect(JSON.stringify(alert?.args)).toContain(ACTION_IDS.why);
    const stored = await parts.store.cases.byReference(reference);
    await sendInteraction(
      h.target,
      blockAction({
        user: SAM,
        channel: 'CTEAM',
        message: { ts: alertTs },
        actionId: ACTION_IDS.why,
        value: stored!.id,
      }),
    );
    const told = await h.fake.waitFor('chat.postEphemeral', (c) =>
      visibleText(c).includes('Why this time?'),
    );
    expect(told.args.user).toBe(SAM.id);
    expect(visibleText(told)).toContain('Skipped: no closed day');
  });
});
