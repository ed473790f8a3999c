// Discord in French (issue 14), with the real discord.js adapter against the fake Discord: the
// interaction's `locale` reaches the core on the Actor; views the core marks French are rendered
// with French labels (the case modal, its errors, suggestions, the team's alert); `/case lang fr`
// stores the choice through the real core, whose case modal and errors a French client gets in
// French end to end. The core’s own sentences are not the adapter's: the
// recording desk below plays a core that answers a French client in French (its view language)
// and a French team's channel in French, so what is checked here is the adapter's wording.
import { describe, expect, test } from 'vitest';
import { commandDefinitions } from '../../src/adapters/discord/commands.js';
import type { Actor } from '../../src/core/conversation/desk.js';
import { chooseLanguage, loadCatalogues } from '../../src/core/i18n/index.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import type { View } from '../../src/core/views.js';
import type { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { buttonPress, modalSubmit, slashCommand } from '../fakes/discord/payloads.js';
import { harnessForEachTest, type Answer } from './harness.js';
import { as, botMessage, buttonIds, buttonLabels, goodForm, recordingDeskFor } from './helpers.js';
import { realDeskFor } from './real-desk.js';
import type { RecordingDesk } from './recording-desk.js';

/**
 * The adapter's own English wording (discord: and labels:): each message's literal text up to its
 * first placeholder, long enough to be a label, and not a word French shares ("Situation").
 */
const catalogues = loadCatalogues();
const english = catalogues.get('en')!;
const adapterEnglish = [...english]
  .filter(([key]) => key.startsWith('discord.') || key.startsWith('labels.'))
  .filter(([key, message]) => catalogues.get('fr')!.get(key) !== message)
  .filter(([key]) => !key.startsWith('discord.commands.'))
  .map(([, message]) => message.replace(/\{[^}]*\}.*$/s, '').trim())
  .filter((literal) => literal.length >= 8 && !/[{}]/.test(literal));

function englishIn(text: string): string[] {
  return adapterEnglish.filter((literal) => text.includes(literal));
}

/** A core that speaks French to a French client and to the team's channel (a French team). */
function frenchCoreFor(context: { chat: ChatPort; fake: FakeDiscord }): RecordingDesk {
  const teamChannelId = context.fake.world.channels.team.id;
  const teamInFrench: ChatPort = {
    ...context.chat,
    post: (place, view) =>
      context.chat.post(
        place,
        place.channelId === teamChannelId ? { ...view, language: 'fr' } : view,
      ),
    update: (message, view) => context.chat.update(message, { ...view, language: 'fr' }),
  };
  const desk = recordingDeskFor({ ...context, chat: teamInFrench });
  const speak = <V extends View>(actor: Actor, view: V): V => ({
    ...view,
    language: chooseLanguage(actor.locale),
  });
  const { ask, caseForm, submitCase } = desk;
  desk.ask = async (request) => speak(request.actor, await ask(request));
  desk.caseForm = async (actor, ...rest) => speak(actor, await caseForm(actor, ...rest));
  desk.submitCase = async (actor, ...rest) => speak(actor, await submitCase(actor, ...rest));
  return desk;
}

describe('Discord for a French client and a French team', () => {
  const h = harnessForEachTest({ makeDesk: frenchCoreFor });
  const french = (who: 'alice' | 'sam', channelId?: string) => ({
    ...as(h.fake, who, channelId),
    locale: 'fr',
  });

  async function askInFrench() {
    const answer = await h.interact(
      slashCommand({
        ...french('alice'),
        name: 'ask',
        options: [{ name: 'question', type: 3, value: 'Cluster rouge après la mise à jour' }],
      }),
    );
    return { answer, message: botMessage(h.fake, h.fake.world.channels.support.id, answer.data) };
  }

  async function openModal(): Promise<Answer> {
    const { answer, message } = await askInFrench();
    return h.interact(
      buttonPress({
        ...french('alice'),
        customId: buttonIds(answer.data).find((id) => id.startsWith('cb:open-case:'))!,
        message,
      }),
    );
  }

  test('the interaction locale is on the Actor the core gets', async () => {
    await askInFrench();
    const call = h.desk.calls.find((c) => c.method === 'ask')!;
    expect((call.args[0] as { actor: Actor }).actor.locale).toBe('fr');
  });

  test('suggestions: French title, link text, footer and buttons', async () => {
    const { answer } = await askInFrench();
    const embed = (answer.data['embeds'] as { title: string; footer: { text: string } }[])[0]!;
    expect(embed.title).toBe('Ces articles peuvent vous aider');
    expect(embed.footer.text).toBe(
      'Seule la personne qui a posé la question peut utiliser ces boutons.',
    );
    expect(buttonLabels(answer.data)).toContain('Ouvrir un dossier');
    expect(englishIn(JSON.stringify(answer.data))).toEqual([]);
  });

  test('the case modal: French title, labels and hints', async () => {
    const modal = await openModal();
    expect(modal.callbackType).toBe(9);
    expect(modal.data['title']).toBe('Ouvrir un dossier de support');
    const labels = (modal.data['components'] as { label: string; description?: string }[]).map(
      (c) => c.label,
    );
    expect(labels).toEqual(['Titre', 'Situation', 'Impact sur l’activité', 'Sévérité', 'Produit']);
    const hints = (modal.data['components'] as { description?: string }[]).map(
      (c) => c.description,
    );
    expect(hints[0]).toMatch(/^En une ligne : quel est le problème \? \(\d+ caractères au plus\)$/);
    expect(hints[3]).toBe('Seuls les niveaux couverts par votre abonnement sont proposés.');
    // Discord's ceilings: a modal title and a label hold 45 characters, a description 100.
    expect(String(modal.data['title']).length).toBeLessThanOrEqual(45);
    for (const label of labels) expect(label.length).toBeLessThanOrEqual(45);
    for (const hint of hints) expect((hint ?? '').length).toBeLessThanOrEqual(100);
    expect(englishIn(JSON.stringify(modal.data))).toEqual([]);
  });

  test('form errors: French heading, field names and Retry / Discard', async () => {
    const modal = await openModal();
    const submit = await h.interact(
      modalSubmit({
        ...french('alice'),
        customId: String(modal.data['custom_id']),
        fields: {
          title: 'Red',
          situation: 'x',
          seriousness: '',
          severity: ['2'],
          product: ['Kibana'],
        },
      }),
    );
    const content = String(submit.data['content']);
    expect(content.split('\n')[0]).toBe('❌ Le dossier n’a pas été ouvert :');
    expect(content).toContain('• **titre** : ');
    expect(content).toContain('• **impact** : ');
    expect(buttonLabels(submit.data)).toEqual(['Réessayer', 'Abandonner']);
    const discard = await h.interact(
      buttonPress({
        ...french('alice'),
        customId: buttonIds(submit.data)[1]!,
        message: botMessage(h.fake, h.fake.world.channels.support.id, submit.data),
      }),
    );
    expect(discard.data['content']).toBe('Formulaire abandonné : aucun dossier n’a été ouvert.');
  });

  test('a French team gets a French alert: fields, state line and buttons', async () => {
    const modal = await openModal();
    await h.interact(
      modalSubmit({
        ...french('alice'),
        customId: String(modal.data['custom_id']),
        fields: goodForm(modal),
      }),
    );
    const alert = h.postsTo(h.fake.world.channels.team.id).at(-1)!.body as Record<string, unknown>;
    const embed = (
      alert['embeds'] as { description: string; fields: { name: string; value: string }[] }[]
    )[0]!;
    expect(embed.fields.map((f) => f.name)).toEqual([
      'Sévérité',
      'Niveau',
      'Organisation',
      'Produit',
      'Type',
      'Suggéré',
      'Impact',
      'Réponse attendue',
    ]);
    expect(embed.description.split('\n')[0]).toBe('🆕 Nouveau : en attente d’un ingénieur');
    expect(String(alert['content'])).toMatch(
      /🚨 \*\*.*\*\* : CASE-\d+ attend quelqu’un tout de suite/,
    );
    expect(buttonLabels(alert)).toEqual([
      'Prendre',
      'En attente du client',
      'Pourquoi cette heure ?',
    ]);
    expect(englishIn(JSON.stringify(alert))).toEqual([]);
  });

  test('an English client of the same adapter still gets English', async () => {
    const answer = await h.interact(
      slashCommand({
        ...as(h.fake, 'alice'),
        name: 'ask',
        options: [{ name: 'question', type: 3, value: 'Cluster red' }],
      }),
    );
    const embed = (answer.data['embeds'] as { title: string }[])[0]!;
    expect(embed.title).toBe('These articles may help');
  });

  test('a refusal the adapter makes itself follows the client locale', async () => {
    const { answer, message } = await askInFrench();
    const reply = await h.interact(
      buttonPress({
        ...as(h.fake, 'sam'),
        locale: 'fr',
        customId: buttonIds(answer.data)[0]!,
        message,
      }),
    );
    expect(String(reply.data['content'])).toContain(
      'Seule la personne qui a posé la question peut utiliser ces boutons.',
    );
  });
});

describe('/case lang on the real core', () => {
  const h = harnessForEachTest({ makeDesk: realDeskFor, cleanup: (desk) => desk.cleanup() });

  const lang = (value?: string) =>
    slashCommand({
      ...as(h.fake, 'alice'),
      name: 'case',
      options: [
        {
          name: 'lang',
          type: 1,
          options: value === undefined ? [] : [{ name: 'language', type: 3, value }],
        },
      ],
    });

  test('is registered, described in French for French clients', () => {
    const definition = commandDefinitions.find((c) => c.name === 'case') as {
      options: { name: string; description_localizations?: Record<string, string> }[];
    };
    const subcommand = definition.options.find((o) => o.name === 'lang')!;
    expect(subcommand.description_localizations?.['fr']).toBe(
      'La langue dans laquelle casebot vous parle : la voir, ou en choisir une',
    );
    // Every description in every language fits Discord's 100 characters, and has a French one.
    const walk = (node: unknown): { description: string; description_localizations?: object }[] =>
      Array.isArray(node)
        ? node.flatMap(walk)
        : node && typeof node === 'object'
          ? [
              ...('description' in node ? [node as { description: string }] : []),
              ...walk((node as { options?: unknown }).options ?? []),
            ]
          : [];
    const described = walk(commandDefinitions);
    expect(described.length).toBeGreaterThan(25);
    for (const item of described) {
      const translations = Object.values(item.description_localizations ?? {}) as string[];
      expect(translations).toHaveLength(1);
      for (const text of [item.description, ...translations])
        expect(text.length).toBeLessThanOrEqual(100);
    }
  });

  test('a client whose Discord is in French gets the real core’s French case modal and errors', async () => {
    const asked = await h.interact(
      slashCommand({
        ...as(h.fake, 'alice'),
        locale: 'fr',
        name: 'ask',
        options: [{ name: 'question', type: 3, value: 'Ingest bloqué depuis la mise à jour' }],
      }),
    );
    const modal = await h.interact(
      buttonPress({
        ...as(h.fake, 'alice'),
        locale: 'fr',
        customId: buttonIds(asked.data).find((id) => id.startsWith('cb:open-case:'))!,
        message: botMessage(h.fake, h.fake.world.channels.support.id, asked.data),
      }),
    );
    expect(modal.data['title']).toBe('Ouvrir un dossier de support');
    expect(englishIn(JSON.stringify(modal.data))).toEqual([]);
    const submit = await h.interact(
      modalSubmit({
        ...as(h.fake, 'alice'),
        locale: 'fr',
        customId: String(modal.data['custom_id']),
        fields: { ...goodForm(modal), title: 'x', seriousness: '' },
      }),
    );
    const content = String(submit.data['content']);
    expect(content.split('\n')[0]).toBe('❌ Le dossier n’a pas été ouvert :');
    expect(content).toContain('• **titre** : ');
    expect(englishIn(content)).toEqual([]);
  });

  test('/case lang fr stores French and answers in French; /case lang says so; auto follows Discord', async () => {
    const set = await h.interact(lang('fr'));
    expect(set.ephemeral).toBe(true);
    expect(String(set.data['content'])).toContain('Langue choisie : français.');
    const alice = await h.desk.store.directory.personByIdentity({
      platform: 'discord',
      userId: h.fake.world.people.alice.id,
    });
    expect(alice?.language).toBe('fr');
    const shown = await h.interact(lang());
    expect(String(shown.data['content'])).toContain('Votre langue : français.');
    const auto = await h.interact(lang('auto'));
    expect(String(auto.data['content'])).toContain(
      "casebot now follows your platform's language (English for now).",
    );
  });

  test('a refusal the adapter makes itself follows /case lang, not only the client locale', async () => {
    const sam = as(h.fake, 'sam');
    await h.interact(
      slashCommand({
        ...sam,
        name: 'case',
        options: [{ name: 'lang', type: 1, options: [{ name: 'language', type: 3, value: 'fr' }] }],
      }),
    );
    const asked = await h.interact(
      slashCommand({
        ...as(h.fake, 'alice'),
        name: 'ask',
        options: [{ name: 'question', type: 3, value: 'Ingest is stuck since the upgrade' }],
      }),
    );
    // Sam's Discord is in English; his own choice is French.
    const refused = await h.interact(
      buttonPress({
        ...sam,
        customId: buttonIds(asked.data).find((id) => id.startsWith('cb:open-case:'))!,
        message: botMessage(h.fake, h.fake.world.channels.support.id, asked.data),
      }),
    );
    const text = String(refused.data['content']);
    expect(text).toContain('Seule la personne qui a posé la question peut utiliser ces boutons.');
    expect(englishIn(text)).toEqual([]);
    const gone = await h.interact(
      buttonPress({
        ...sam,
        customId: 'cb:nothing-known',
        message: botMessage(h.fake, h.fake.world.channels.support.id, asked.data),
      }),
    );
    expect(String(gone.data['content'])).not.toBe('');
    expect(englishIn(String(gone.data['content']))).toEqual([]);
  });
});
