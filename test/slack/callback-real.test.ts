// Scheduled callbacks in Slack, the real Bolt app over HTTP against the fake Slack, on the real
// core (SQLite): *Request a call* on the confirmation offers times in a select menu, the time
// picked is booked with the contact given, Sam confirms from his DM's button, and both sides get
// the invitation; `/support callback` refuses bad input with the rule it breaks.
import { describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/adapters/slack/index.js';
import { renderView } from '../../src/adapters/slack/render-view.js';
import { blockAction, sendInteraction } from '../fakes/slack/signed-requests.js';
import { visibleText } from './slack-calls.js';
import { parseIcs } from '../helpers/ics.js';
import { englishIn } from '../helpers/english-leaks.js';
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

/** The labels of a call's buttons, in order. */
function buttonTexts(call: { args: Record<string, unknown> }): string[] {
  const blocks = (call.args.blocks ?? []) as {
    elements?: { type: string; text?: { text: string } }[];
  }[];
  return blocks.flatMap((block) =>
    (block.elements ?? []).filter((e) => e.type === 'button').map((e) => e.text?.text ?? ''),
  );
}

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
    // The invitation is a file shared right after the message, in its thread (not a snippet).
    const filename = `${reference.toLowerCase()}-call-20260303-1300.ics`;
    expect(visibleText(toAlice)).not.toContain('BEGIN:VCALENDAR');
    expect(visibleText(toAlice)).toContain(`${filename}*: the invitation follows as a file`);
    await h.fake.waitUntil(() => h.fake.sharedFiles('CSUPPORT').length > 0);
    const [aliceFile] = h.fake.sharedFiles('CSUPPORT');
    expect(aliceFile).toMatchObject({ filename, threadTs: toAlice.args.thread_ts ?? null });
    expect(parseIcs(aliceFile!.bytes).events[0]?.['DTSTART']).toBe('20260303T130000Z');
    // Sam pressed in his DM: his answer is ephemeral, so his copy of the file goes to the DM.
    const toSam = await h.fake.waitFor('chat.postEphemeral', (c) =>
      visibleText(c).includes('Call confirmed'),
    );
    expect(visibleText(toSam)).toContain(`${filename}*: the invitation is sent to you as a file`);
    expect(JSON.stringify(toSam.args)).toContain(ACTION_IDS.callbackHeld);
    const samFiles = h.fake.sharedFiles(String(dm.args.channel));
    expect(samFiles.map((file) => [file.filename, file.threadTs])).toEqual([[filename, null]]);
    expect(parseIcs(samFiles[0]!.bytes).events[0]?.['DTSTART']).toBe('20260303T130000Z');
    // The buttons keep their English labels.
    expect(buttonTexts(toSam)).toEqual(['Call held', 'Call missed', 'Cancel the call']);
    // The queue shows it.
    expect(await support(SAM, 'queue')).toContain('call Tuesday 3 March 14:00 (Europe/Paris)');
  });

  /** Alice books Tuesday 14:00 (Paris) on a case Sam holds; resolves with Sam's DM channel. */
  async function bookedCall(reference: string): Promise<string> {
    await claim(reference);
    await support(ALICE, `callback ${reference} contact=+33612345678`);
    await press(
      ALICE,
      'CSUPPORT',
      ACTION_IDS.callbackPick,
      `${reference}|2026-03-03T13:00:00.000Z`,
      true,
    );
    const dm = await h.fake.waitFor('chat.postMessage', (c) =>
      JSON.stringify(c.args).includes(ACTION_IDS.callbackConfirm),
    );
    return String(dm.args.channel);
  }

  it('in French: French buttons, and the invitation as a file on both sides', async () => {
    await support(ALICE, 'lang fr');
    await support(SAM, 'lang fr');
    const { reference } = await openNormalCase();
    const dmChannel = await bookedCall(reference);
    await press(SAM, dmChannel, ACTION_IDS.callbackConfirm, reference);
    const toAlice = await h.fake.waitFor(
      'chat.postMessage',
      (c) =>
        c.args.channel === 'CSUPPORT' && JSON.stringify(c.args).includes(ACTION_IDS.callbackCancel),
    );
    expect(buttonTexts(toAlice)).toEqual(['Annuler l’appel']);
    expect(englishIn(visibleText(toAlice))).toEqual([]);
    const toSam = await h.fake.waitFor('chat.postEphemeral', (c) =>
      JSON.stringify(c.args).includes(ACTION_IDS.callbackHeld),
    );
    expect(buttonTexts(toSam)).toEqual(['Appel tenu', 'Appel manqué', 'Annuler l’appel']);
    expect(englishIn(visibleText(toSam))).toEqual([]);
    await h.fake.waitUntil(() => h.fake.sharedFiles().length === 2);
    for (const file of h.fake.sharedFiles())
      expect(parseIcs(file.bytes).events[0]?.['DTSTART']).toBe('20260303T130000Z');
    expect(h.fake.sharedFiles().map((file) => file.channel)).toEqual(['CSUPPORT', dmChannel]);
  });

  it('/support callback … confirm: the answer is ephemeral, so the file goes to the DM', async () => {
    const { reference } = await openNormalCase();
    const dmChannel = await bookedCall(reference);
    const answer = await support(SAM, `callback ${reference} confirm`);
    expect(answer).toContain(`Call confirmed on ${reference}`);
    expect(answer).toContain('the invitation is sent to you as a file');
    expect(answer).not.toContain('BEGIN:VCALENDAR');
    await h.fake.waitUntil(() => h.fake.sharedFiles(dmChannel).length === 1);
    const [file] = h.fake.sharedFiles(dmChannel);
    expect(parseIcs(file!.bytes).events[0]?.['DTSTART']).toBe('20260303T130000Z');
  });

  it('an upload Slack refuses puts the invitation inline in the message instead', async () => {
    const { reference } = await openNormalCase();
    const dmChannel = await bookedCall(reference);
    // Alice's copy is shared first: its completion is refused.
    h.fake.failInOrder('files.completeUploadExternal', [{ error: 'not_allowed_token_type' }]);
    await press(SAM, dmChannel, ACTION_IDS.callbackConfirm, reference);
    const toAlice = await h.fake.waitFor(
      'chat.postMessage',
      (c) => c.args.channel === 'CSUPPORT' && visibleText(c).includes('Call confirmed'),
    );
    const fixed = await h.fake.waitFor(
      'chat.update',
      (c) => c.args.channel === 'CSUPPORT' && c.args.ts === toAlice.response.ts,
    );
    expect(visibleText(fixed)).toContain('DTSTART:20260303T130000Z');
    expect(visibleText(fixed)).toContain('save this as a .ics file');
    expect(h.fake.sharedFiles('CSUPPORT')).toEqual([]);
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
