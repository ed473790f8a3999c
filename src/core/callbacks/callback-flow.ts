// The Desk's callback flow: one line of input (`callback …` on every platform, or a button's
// equivalent) read by callback-input.ts, then the step it names on the case.
import type { Actor } from '../conversation/desk.js';
import type { DeskContext } from '../conversation/desk-context.js';
import type { NoticeView } from '../views.js';
import { bookCallback, confirmCallback, offerCallback, proposeCallback } from './book-callback.js';
import { parseCallbackCommand } from './callback-input.js';
import {
  cancelCallback,
  holdCallback,
  immediateCallback,
  missCallback,
} from './finish-callback.js';
import { loadScene } from './scene.js';
import { CallbackError } from './callback-error.js';
import { resolveActor } from '../conversation/identity.js';

export interface CallbackRequest {
  actor: Actor;
  caseIdOrReference: string;
  /** What follows `callback` as typed ("book Tue 14:00 contact=+33…"); empty: offer times. */
  text: string;
}

/** Refusals are made in English (the log's) and said in the actor's language here. */
export async function callback(ctx: DeskContext, request: CallbackRequest): Promise<NoticeView> {
  try {
    return await runCallback(ctx, request);
  } catch (error) {
    if (!(error instanceof CallbackError)) throw error;
    const { language } = await resolveActor(ctx, request.actor);
    throw error.in(language);
  }
}

async function runCallback(ctx: DeskContext, request: CallbackRequest): Promise<NoticeView> {
  const command = parseCallbackCommand(request.text);
  const zone = 'timeZone' in command ? command.timeZone : null;
  const scene = await loadScene(ctx, request.actor, request.caseIdOrReference, zone);
  switch (command.kind) {
    case 'offer':
      return offerCallback(scene, command.contact);
    case 'book':
      // The owner naming a time proposes it to the customer.
      if (scene.isOwner) return proposeCallback(scene, command.when, command.timeZone);
      return bookCallback(scene, { when: command.when }, command.contact);
    case 'windows':
      return bookCallback(scene, { windows: command.windows }, command.contact);
    case 'propose':
      return proposeCallback(scene, command.when, command.timeZone);
    case 'confirm':
      return confirmCallback(scene);
    case 'held':
      return holdCallback(scene);
    case 'missed':
      return missCallback(scene);
    case 'cancel':
      return cancelCallback(scene);
    case 'now':
      return immediateCallback(scene, command.contact);
  }
}
