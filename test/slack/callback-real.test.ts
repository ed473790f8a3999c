// Scheduled callbacks in Slack, the real Bolt app over HTTP against the fake Slack, on the real
// core (SQLite): *Request a call* on the confirmation offers times in a select menu, the time
// picked is booked with the contact given, Sam confirms from his DM's button, and both sides get
// the invitation; `/support callback` refuses bad input with the rule it breaks.
import { describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/adapters/slack/index.js';
import { renderView } from '../../src/adapters/slack/render-view.js';
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

const claim = (reference: string) =>
  parts.desk.act(
    { platform: 'slack', userId: SAM.id, displayName: 'Sam Rivera' },
    reference,
    'claim',
  );

async function press(
  user: typeof ALICE | typeof SAM,
  channel: string,
  actionId: string,
  value: string,
  select = false,
) {
  const payload = blockAction({ user, channel, message: { ts: '100.1' }, actionId, value });
  if (select) {
    const [action] = payload.actions as Record<string, unknown>[];
    Object.assign(action!, {
      type: 'static_select',
      selected_option: { value, text: { type: 'plain_text', text: 'x' } },
    });
    delete action!.value;
  }
  await sendInteraction(h.target, payload);
}

describe('scheduled callbacks in Slack', () => {
  it('renders *Request a call* on the confirmation of a tier with phone support only', () => {
    const base = {
      kind: 'case-confirmation' as const,
      caseReference: 'CASE-1001',
      title: 'T',
      severityLabel: 'Normal (3)',
      targetText: 'within 2 business days',
      dueAt: null,
      dueLocalText: null,
    };
    expect(JSON.stringify(renderView({ ...base, canRequestCall: true }))).toContain(
      ACTION_IDS.callbackRequest,
    );
    expect(JSON.stringify(renderView({ ...base, canRequestCall: false }))).not.toContain(
      ACTION_IDS.callbackRequest,
    );
  });

  it('request, pick from the menu, confirm from the DM button: both sides get the invitation', async () => {
    const { reference } = await openNormalCase();
    await claim(reference);
    // The contact is given with the request; the button has none, so it asks for it.
    await press(ALICE, 'CSUPPORT', ACTION_IDS.callbackRequest, reference);
    const offer = await h.fake.waitFor('chat.postEphemeral', (c) =>
      visibleText(c).includes('Pick a time'),
    );
    expect(visibleText(offer)).toContain(
      `Pick a time for a call on ${reference} with Sam Rivera (times in Europe/Paris`,
    );
    const menu = JSON.stringify(offer.args);
    expect(menu).toContain(ACTION_IDS.callbackPick);
    expect(menu).toContain('Monday 2 March 10:30 (Europe/Paris)');
    expect(await support(ALICE, `callback ${reference} contact=+33612345678`)).toContain(
      'Pick a time',
    );
    await press(
      ALICE,
      'CSUPPORT',
      ACTION_IDS.callbackPick,
      `${reference}|2026-03-03T13:00:00.000Z`,
      true,
    );
    const booked = await h.fake.waitFor('chat.postEphemeral', (c) =>
      visibleText(c).includes('You asked for a call'),
    );
    expect(visibleText(booked)).toContain('Tuesday 3 March 14:00 (Europe/Paris), at +33612345678');
    // Sam's DM carries *Confirm*.
    const dm = await h.fake.waitFor('chat.postMessage', (c) =>
      visibleText(c).includes('asks for a call'),
    );
    expect(JSON.stringify(dm.args)).toContain(ACTION_IDS.callbackConfirm);
    await press(SAM, String(dm.args.channel), ACTION_IDS.callbackConfirm, reference);
    const toAlice = await h.fake.waitFor(
      'chat.postMessage',
      (c) => c.args.channel === 'CSUPPORT' && visibleText(c).includes('Call confirmed'),
    );
    expect(visibleText(toAlice)).toContain('DTSTART:20260303T130000Z');
    const toSam = await h.fake.waitFor('chat.postEphemeral', (c) =>
      visibleText(c).includes('Call confirmed'),
    );
    expect(visibleText(toSam)).toContain(`${reference.toLowerCase()}-call.ics`);
    expect(JSON.stringify(toSam.args)).toContain(ACTION_IDS.callbackHeld);
    // The queue shows it.
    expect(await support(SAM, 'queue')).toContain('call Tuesday 3 March 14:00 (Europe/Paris)');
  });

  it('/support callback refuses bad input with the rule it breaks', async () => {
    const { reference } = await openNormalCase();
    await claim(reference);
    expect(
      await support(ALICE, `callback ${reference} book Tue 19:00 contact=+33612345678`),
    ).toContain("outside Acme Corp's support hours");
    expect(
      await support(
        ALICE,
        `callback ${reference} book Tue 14:00 contact=+33612345678 tz=Paris/France`,
      ),
    ).toContain('unknown time zone "Paris/France"');
    expect(await support(ALICE, 'callback')).toContain('Usage: /support callback CASE-1001');
  });
});
