import { describe, expect, test } from 'vitest';
import { buttonPress, modalSubmit } from '../fakes/discord/payloads.js';
import { type Answer, harnessForEachTest } from './harness.js';
import { bindTo, botMessage, buttonIds, buttonLabels, recordingDeskFor } from './helpers.js';

const h = harnessForEachTest({ makeDesk: recordingDeskFor });
const { base, askAsAlice } = bindTo(h);

describe('opening a case', () => {
  async function openModal() {
    const { answer, message: msg } = await askAsAlice('Cluster red after upgrade');
    const modal = await h.interact(
      buttonPress({
        ...base('alice'),
        customId: buttonIds(answer.data).find((id) => id.startsWith('cb:open-case:'))!,
        message: msg,
      }),
    );
    return modal;
  }

  /** Alice sends the case-form modal with these inputs. */
  const submitForm = (modal: Answer, fields: Record<string, string | string[]>) =>
    h.interact(
      modalSubmit({ ...base('alice'), customId: String(modal.data['custom_id']), fields }),
    );

  test('Open a case shows a modal of five inputs: three texts, severity and product selects', async () => {
    const modal = await openModal();
    expect(modal.callbackType).toBe(9);
    const components = modal.data['components'] as {
      type: number;
      label: string;
      component: { type: number; custom_id: string; value?: string; options?: { value: string }[] };
    }[];
    expect(components).toHaveLength(5);
    expect(components.map((c) => c.component.custom_id)).toEqual([
      'title',
      'situation',
      'seriousness',
      'severity',
      'product',
    ]);
    expect(components[0]!.component.value).toBe('Cluster red after upgrade');
    expect(components[3]!.component.type).toBe(3);
    expect(components[3]!.component.options!.map((o) => o.value)).toEqual(['1', '2', '3']);
  });

  test('invalid input is answered ephemerally with Retry, and Retry reopens the modal with what was typed', async () => {
    const modal = await openModal();
    const submit = await submitForm(modal, {
      title: 'Red',
      situation: 'All shards unassigned',
      seriousness: '',
      severity: ['2'],
      product: ['Kibana'],
    });
    expect(submit.ephemeral).toBe(true);
    expect(String(submit.data['content'])).toContain('title');
    expect(String(submit.data['content'])).toContain('seriousness');
    // A private thread waits for the case, but the customer is not added to it before it exists.
    expect(h.fake.rest.threads.filter((t) => t['type'] === 12)).toHaveLength(1);
    expect(h.fake.rest.find('PUT', /\/thread-members\//)).toHaveLength(0);
    const retryId = buttonIds(submit.data)[0]!;
    expect(retryId).toBe(`cb:retry-form:${h.fake.world.people.alice.id}`);
    const again = await h.interact(
      buttonPress({
        ...base('alice'),
        customId: retryId,
        message: botMessage(h.fake, h.fake.world.channels.support.id, submit.data),
      }),
    );
    expect(again.callbackType).toBe(9);
    const components = again.data['components'] as {
      component: {
        custom_id: string;
        value?: string;
        options?: { value: string; default?: boolean }[];
      };
    }[];
    expect(components[0]!.component.value).toBe('Red');
    expect(components[1]!.component.value).toBe('All shards unassigned');
    expect(components[3]!.component.options!.find((o) => o.default)?.value).toBe('2');
    expect(components[4]!.component.options!.find((o) => o.default)?.value).toBe('Kibana');
  });

  test('a valid form opens the case: confirmation to the customer, private thread, alert in the team channel', async () => {
    const modal = await openModal();
    const submit = await submitForm(modal, {
      title: 'Cluster red',
      situation: 'All shards unassigned',
      seriousness: 'Black Friday sale tomorrow',
      severity: ['1'],
      product: ['Elasticsearch'],
    });
    expect(submit.ephemeral).toBe(true);
    expect((submit.data['embeds'] as { title: string }[])[0]!.title).toBe('Case CASE-1001 opened');
    expect(h.desk.calls.find((c) => c.method === 'submitCase')?.args[2]).toMatchObject({
      title: 'Cluster red',
      severity: '1',
      product: 'Elasticsearch',
      type: 'bug',
    });
    const thread = h.fake.rest.find('POST', /^\/channels\/\d+\/threads$/)[0]!;
    expect(thread.body).toMatchObject({ type: 12, invitable: false });
    expect(
      h.fake.rest.find('PUT', new RegExp(`/thread-members/${h.fake.world.people.alice.id}$`)),
    ).toHaveLength(1);
    const alert = h.postsTo(h.fake.world.channels.team.id)[0]!.body as {
      content: string;
      embeds: { color: number; fields: { name: string; value: string }[] }[];
      components: unknown[];
      allowed_mentions: unknown;
    };
    expect(alert.content).toContain('🚨');
    expect(alert.embeds[0]!.color).toBe(0xd0021b);
    expect(alert.embeds[0]!.fields.find((f) => f.name === 'Response due')!.value).toMatch(
      /<t:\d+:R>/,
    );
    expect(buttonLabels(alert as unknown as Record<string, unknown>)).toEqual([
      'Claim',
      'Waiting on customer',
      'Why this time?',
    ]);
    expect(alert.allowed_mentions).toMatchObject({ parse: [] });
  });

  test('a slow form is offered behind a button instead of a late modal, and the button opens it', async () => {
    const { answer, message: msg } = await askAsAlice('Cluster red after upgrade');
    h.desk.delayMs = 500;
    const offer = await h.interact(
      buttonPress({
        ...base('alice'),
        customId: buttonIds(answer.data).find((id) => id.startsWith('cb:open-case:'))!,
        message: msg,
      }),
    );
    expect(offer.callbackType).toBe(5);
    expect(offer.ephemeral).toBe(true);
    expect(buttonLabels(offer.data)).toEqual(['Open the form']);
    h.desk.delayMs = 0;
    const calls = h.desk.calls.length;
    const modal = await h.interact(
      buttonPress({
        ...base('alice'),
        customId: buttonIds(offer.data)[0]!,
        message: botMessage(h.fake, h.fake.world.channels.support.id, offer.data),
      }),
    );
    expect(modal.callbackType).toBe(9);
    // The form fetched for the offer is reused: no second trip to the core.
    expect(h.desk.calls.length).toBe(calls);
  });
});
