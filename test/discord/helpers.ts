// Shared bits for the Discord tests: a Desk double wired to the fake world, and bot messages to
// click on.
import type { ChatPort } from '../../src/core/ports/platform.js';
import type { FakeDiscord } from '../fakes/discord/fake-discord.js';
import type { Desk } from '../../src/core/conversation/desk.js';
import { buttonPress, message, modalSubmit, slashCommand } from '../fakes/discord/payloads.js';
import type { Answer, Harness } from './harness.js';
import { createRecordingDesk } from './recording-desk.js';

export function recordingDeskFor({ chat, fake }: { chat: ChatPort; fake: FakeDiscord }) {
  const { roles, channels } = fake.world;
  return createRecordingDesk(() => chat, {
    teamChannelId: channels.team.id,
    onCallRoleId: roles.onCall.id,
    customerRoleId: roles.acme.id,
    engineerRoleId: roles.engineer.id,
    moderatorRoleIds: [roles.moderator.id],
  });
}

/** A message the bot posted, as Discord sends it back inside a button interaction. */
export function botMessage(
  fake: FakeDiscord,
  channelId: string,
  data: Record<string, unknown>,
  id?: string,
) {
  return {
    ...message({
      world: fake.world,
      author: fake.world.people.bot,
      channelId,
      content: String(data['content'] ?? ''),
      ...(id ? { id } : {}),
    }),
    embeds: data['embeds'] ?? [],
    components: data['components'] ?? [],
  };
}

type Row = { components: { custom_id?: string; label?: string }[] };

export function buttonIds(data: Record<string, unknown>): string[] {
  return ((data['components'] ?? []) as Row[]).flatMap((row) =>
    row.components.map((c) => c.custom_id ?? ''),
  );
}

export function buttonLabels(data: Record<string, unknown>): string[] {
  return ((data['components'] ?? []) as Row[]).flatMap((row) =>
    row.components.map((c) => c.label ?? ''),
  );
}

type People = FakeDiscord['world']['people'];

/** The common part of an interaction payload: who, where, with which permissions. */
export function as(fake: FakeDiscord, who: keyof People, channelId?: string, permissions?: string) {
  const { world, applicationId } = fake;
  return {
    world,
    applicationId,
    who: world.people[who],
    channelId: channelId ?? world.channels.support.id,
    ...(permissions ? { permissions } : {}),
  };
}

/** Alice asks with /ask in the support channel; returns the answer and the bot message it made. */
export async function askAsAlice(h: Harness<Desk>, question = 'Ingest is stuck since the upgrade') {
  const answer = await h.interact(
    slashCommand({
      ...as(h.fake, 'alice'),
      name: 'ask',
      options: [{ name: 'question', type: 3, value: question }],
    }),
  );
  return { answer, message: botMessage(h.fake, h.fake.world.channels.support.id, answer.data) };
}

/**
 * Alice asks, presses *Open a case* and submits the modal with `fields` (severity 2, Kibana):
 * the modal's answer.
 */
export async function submitFormAsAlice(h: Harness<Desk>, fields: Record<string, string>) {
  const { answer, message } = await askAsAlice(h, 'Cluster red after upgrade');
  const modal = await h.interact(
    buttonPress({
      ...as(h.fake, 'alice'),
      customId: buttonIds(answer.data).find((id) => id.startsWith('cb:open-case:'))!,
      message,
    }),
  );
  return h.interact(
    modalSubmit({
      ...as(h.fake, 'alice'),
      customId: String(modal.data['custom_id']),
      fields: { ...fields, severity: ['2'], product: ['Kibana'] },
    }),
  );
}

/** `as` and `askAsAlice` bound to one harness (one that lives for the whole file). */
export function bindTo(h: Harness<Desk>) {
  return {
    base: (who: keyof People, channelId?: string, permissions?: string) =>
      as(h.fake, who, channelId, permissions),
    askAsAlice: (question?: string) => askAsAlice(h, question),
  };
}

type ModalField = {
  component: { custom_id: string; value?: string; options?: { value: string }[] };
};

/** Values for a good form, taken from the modal the core asked for (severity 1 when offered). */
export function goodForm(modal: Answer): Record<string, string | string[]> {
  const fields = modal.data['components'] as ModalField[];
  const pick = (id: string, preferred?: string) => {
    const options = fields.find((f) => f.component.custom_id === id)?.component.options;
    if (!options)
      return fields.find((f) => f.component.custom_id === id)?.component.value ?? 'beacon';
    return [options.find((o) => o.value === preferred)?.value ?? options[0]!.value];
  };
  return {
    title: 'Cluster red after upgrade',
    situation: 'All shards unassigned since the upgrade',
    seriousness: 'Our sale starts tomorrow morning',
    severity: pick('severity', '1'),
    product: pick('product'),
  };
}
