// French on Slack (issue 14), with the real Bolt app over HTTP against the fake Slack: a user whose
// Slack locale is fr-FR (users.info) gets the case form, its errors and the buttons in French; a
// team whose language is French gets its alert in French while an English customer keeps English;
// `/support lang fr` (the real core) switches a user, and the adapter's own help follows.
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION_IDS, CALLBACK_IDS, SLASH_COMMAND } from '../../src/adapters/slack/index.js';
import { renderView } from '../../src/adapters/slack/render-view.js';
import { stopApp } from '../../src/app/create-app.js';
import type { RecordedCall } from '../fakes/slack/fake-slack.js';
import {
  globalShortcut,
  optionValue,
  sendCommand,
  sendEvent,
  sendInteraction,
  textValue,
  viewSubmission,
  type SlackUser,
} from '../fakes/slack/signed-requests.js';
import { CUSTOMER, question, useSlackHarness } from './bolt-setup.js';
import { buildConnectWorld, CONNECT, type ConnectWorld } from './connect-world.js';
import { englishIn } from '../helpers/english-leaks.js';
import { modalText } from './modal-text.js';
import { startHttpHarness, type SlackHarness } from './harness.js';
import { buttons, visibleText } from './slack-calls.js';
import { StoryDesk } from './story-desk.js';

const FRENCH_USER: SlackUser = { id: CUSTOMER.id, name: 'Amélie' };

function deskWith(teamLanguage?: string): StoryDesk {
  return new StoryDesk({
    customers: { [CUSTOMER.id]: 'Acme' },
    engineers: { UENGA: 'sam' },
    moderators: [],
    teamChannel: 'CTEAM',
    ...(teamLanguage ? { teamLanguage } : {}),
  });
}

describe('a French Slack user and a French team (users.info locale, team language)', () => {
  const start = useSlackHarness();

  async function openForm(h: SlackHarness): Promise<Record<string, unknown>> {
    await sendInteraction(
      h.target,
      globalShortcut({ user: FRENCH_USER, callbackId: CALLBACK_IDS.openCaseShortcut }),
    );
    return (await h.fake.waitFor('views.open')).args.view as Record<string, unknown>;
  }

  it('gives a fr-FR user the case form in French: labels, severities, choices, buttons', async () => {
    const desk = deskWith();
    const h = await start(desk);
    h.fake.addUser(CUSTOMER.id, FRENCH_USER.name, 'fr-FR');
    const modal = await openForm(h);

    // The locale came from users.info, asked for it, and reached the core on the actor.
    expect(h.fake.callsTo('users.info')[0]!.args.include_locale).toBeTruthy();
    const actor = desk.callsOf('caseForm')[0]!.args[0] as { locale?: string };
    expect(actor.locale).toBe('fr-FR');

    expect((modal.title as { text: string }).text).toBe('Ouvrir un dossier');
    expect((modal.submit as { text: string }).text).toBe('Ouvrir le dossier');
    expect((modal.close as { text: string }).text).toBe('Annuler');
    const blocks = modal.blocks as {
      block_id: string;
      label: { text: string };
      hint?: { text: string };
      element: {
        placeholder?: { text: string };
        options?: { text: { text: string }; value: string }[];
      };
    }[];
    const byId = Object.fromEntries(blocks.map((block) => [block.block_id, block]));
    expect(blocks.map((block) => block.label.text)).toEqual([
      'Titre',
      'Situation',
      'Sévérité',
      'Impact sur l’activité',
      'Produit',
      'Type de demande',
    ]);
    expect(byId.title!.hint!.text).toBe('Une ligne, 120 caractères au plus.');
    expect(byId.severity!.element.options!.map((option) => option.text.text)).toEqual([
      'Urgente (1)',
      'Haute (2)',
      'Normale (3)',
    ]);
    // Label and definition as French writes them, with a space before the colon.
    expect(byId.severity!.hint!.text.split('\n')[0]).toBe(
      'Urgente (1) : La production est arrêtée, sans contournement',
    );
    expect(byId.product!.element.placeholder!.text).toBe('Choisissez un produit');
    // Case types are shown translated but submitted as the core's values.
    expect(byId.type!.element.options!.map((option) => [option.value, option.text.text])).toEqual([
      ['bug', 'bogue'],
      ['question', 'question'],
    ]);
    expect(englishIn(modalText(modal))).toEqual([]);
  });

  it('answers a French form’s mistakes inline in French, and renders a late list of them in French', async () => {
    const desk = deskWith();
    const h = await start(desk);
    h.fake.addUser(CUSTOMER.id, FRENCH_USER.name, 'fr-FR');
    const modal = await openForm(h);
    const reply = await sendInteraction(
      h.target,
      viewSubmission({
        user: FRENCH_USER,
        view: modal,
        values: {
          title: textValue(''),
          situation: textValue('Plus rien n’est indexé depuis 9 h'),
          severity: optionValue('2', 'radio_buttons'),
          seriousness: textValue('?'),
          product: optionValue('kibana'),
          type: optionValue('bug'),
        },
      }),
    );
    expect(reply.json).toEqual({
      response_action: 'errors',
      errors: {
        title: 'Donnez un titre au cas.',
        seriousness: 'Dites-nous pourquoi c’est urgent (impact métier).',
      },
    });
    // Too late for the modal, the same errors reach the customer as a message.
    const late = renderView({
      kind: 'case-form-errors',
      language: 'fr',
      errors: { title: 'Donnez un titre au cas.', seriousness: 'Trop court.' },
    });
    expect(late.text).toBe('Le formulaire du dossier contient des erreurs');
    expect(visibleText(late)).toContain(
      ':x: À corriger :\n• *titre* : Donnez un titre au cas.\n• *impact* : Trop court.',
    );
    expect(englishIn(visibleText(late))).toEqual([]);
  });

  it('offers the suggestion buttons to a French asker in French', async () => {
    const h = await start(deskWith());
    h.fake.addUser(CUSTOMER.id, FRENCH_USER.name, 'fr-FR');
    await sendEvent(h.target, question('31.1'));
    const suggestions = (await h.fake.waitFor('chat.postMessage')) as RecordedCall;
    expect(buttons(suggestions).map((button) => [button.action_id, button.text])).toEqual([
      [ACTION_IDS.solved, 'C’est résolu'],
      [ACTION_IDS.openCase, 'Ouvrir un dossier'],
    ]);
    const text = visibleText(suggestions);
    expect(text).toContain('Ces articles répondent peut-être à votre question :');
    expect(text).toContain('1 article suggéré');
    expect(englishIn(text)).toEqual([]);
  });

  it('alerts a French team in French and confirms to the French customer in French', async () => {
    const h = await start(deskWith('fr'));
    h.fake.addUser(CUSTOMER.id, FRENCH_USER.name, 'fr-FR');
    const modal = await openForm(h);
    await sendInteraction(
      h.target,
      viewSubmission({
        user: FRENCH_USER,
        view: modal,
        values: {
          title: textValue('Ingestion bloquée'),
          situation: textValue('Plus rien n’est indexé depuis 9 h'),
          severity: optionValue('1', 'radio_buttons'),
          seriousness: textValue('La paie tourne ce soir'),
          product: optionValue('kibana'),
          type: optionValue('bug'),
        },
      }),
    );
    const posts = h.fake.callsTo('chat.postMessage');
    const alert = posts.find((call) => call.args.channel === 'CTEAM')!;
    const text = visibleText(alert);
    expect(text).toContain('🚨 SÉVÉRITÉ 1 · CASE-1001 · Urgente (1)');
    expect(text).toContain(
      '*Client :* Acme · *Niveau :* Platinum · *Produit :* kibana · *Type :* bogue',
    );
    expect(text).toContain('*Impact :* La paie tourne ce soir');
    expect(text).toContain(':new: En attente d’un ingénieur');
    expect(text).toContain('Proposé : *Sam*');
    expect(text).toContain('Répondre sous 1 heure : échéance');
    expect(buttons(alert).map((button) => button.text)).toEqual([
      'Prendre',
      'En attente du client',
      'Pourquoi cette heure ?',
    ]);
    expect(englishIn(text)).toEqual([]);
    const confirmation = posts.find((call) => call.args.channel === 'DCUSTA')!;
    expect(visibleText(confirmation)).toContain(
      ':white_check_mark: Le dossier *CASE-1001* est ouvert : Ingestion bloquée',
    );
    // Slack's date token is formatted the French way too ("7 déc. à 12:30" in the reader's zone).
    expect(visibleText(confirmation)).toContain('^{date_short_pretty} à {time}|');
    expect(englishIn(visibleText(confirmation))).toEqual([]);
  });

  it('keeps an English team’s alert in English when the customer writes in French', async () => {
    const h = await start(deskWith());
    h.fake.addUser(CUSTOMER.id, FRENCH_USER.name, 'fr-FR');
    const modal = await openForm(h);
    await sendInteraction(
      h.target,
      viewSubmission({
        user: FRENCH_USER,
        view: modal,
        values: {
          title: textValue('Ingestion bloquée'),
          situation: textValue('Plus rien n’est indexé depuis 9 h'),
          severity: optionValue('2', 'radio_buttons'),
          seriousness: textValue('La paie tourne ce soir'),
          product: optionValue('kibana'),
          type: optionValue('bug'),
        },
      }),
    );
    const alert = h.fake.callsTo('chat.postMessage').find((call) => call.args.channel === 'CTEAM')!;
    expect(visibleText(alert)).toContain(':new: Waiting for an engineer');
    expect(buttons(alert)[0]!.text).toBe('Claim');
    // The check the French renders pass does see English when there is some.
    expect(englishIn(visibleText(alert)).map(({ key }) => key)).toContain('slack.alert.state.new');
  });
});

describe('/support lang on the real core', () => {
  let world: ConnectWorld | null = null;
  let h: SlackHarness | null = null;
  afterEach(async () => {
    await h?.close();
    if (world) {
      await stopApp(world.parts);
      rmSync(world.dir, { recursive: true, force: true });
    }
    h = null;
    world = null;
  });

  async function startWorld(): Promise<{ world: ConnectWorld; h: SlackHarness }> {
    world = await buildConnectWorld();
    const ports = world.ports;
    h = await startHttpHarness({
      desk: world.parts.desk,
      supportChannelIds: [CONNECT.supportChannel],
      bindChat: (a) => (ports.slack = a.chat),
    });
    return { world, h };
  }

  async function command(harness: SlackHarness, user: SlackUser, text: string): Promise<string> {
    const url = harness.fake.responseUrl('lang');
    await sendCommand(harness.target, {
      command: SLASH_COMMAND,
      text,
      user_id: user.id,
      user_name: user.name,
      ...(user.teamId ? { user_team: user.teamId } : {}),
      channel_id: CONNECT.supportChannel,
      response_url: url,
    });
    return visibleText(harness.fake.responses.find((r) => url.endsWith(r.path))!.body);
  }

  it('switches an English Slack user to French, and the help follows', async () => {
    const { world, h } = await startWorld();
    h.fake.addUser(CONNECT.bob.id, CONNECT.bob.name, 'en-US');
    expect(await command(h, CONNECT.bob, 'help')).toContain('search the knowledge base');

    const set = await command(h, CONNECT.bob, 'lang fr');
    expect(set).toContain('Langue choisie : français.');
    const bob = await world.parts.store.directory.personByIdentity({
      platform: 'slack',
      userId: CONNECT.bob.id,
    });
    expect(bob?.language).toBe('fr');
    expect(bob?.locale).toBe('en-US');

    const help = await command(h, CONNECT.bob, 'help');
    expect(help).toContain(
      '/support ask &lt;question&gt; : chercher dans la base de connaissances',
    );
    expect(help).toContain(
      '/support lang [code | auto] : la langue dans laquelle casebot vous parle',
    );
    expect(englishIn(set + help)).toEqual([]);
    // One users.info call for the three commands: the locale is cached with the name.
    expect(h.fake.callsTo('users.info')).toHaveLength(1);
  });

  it('speaks French to a user whose Slack locale is fr-FR, and says where it comes from', async () => {
    const { h } = await startWorld();
    h.fake.addUser(CONNECT.bob.id, CONNECT.bob.name, 'fr-FR');
    const shown = await command(h, CONNECT.bob, 'lang');
    expect(shown).toContain('Votre langue : français (celle de votre plateforme).');
    expect(englishIn(shown)).toEqual([]);
    const back = await command(h, CONNECT.bob, 'lang auto');
    expect(back).toContain('casebot suit désormais la langue de votre plateforme (français');
  });
});
