// Flow 2b (submit): validate per field, open the case, alert the team, confirm to the customer
// with the case number and the response target in their own time zone.
import { DeskError } from '../errors.js';
import { DEFAULT_LANGUAGE, formatDateTime, formatWeekdayTime, t } from '../i18n/index.js';
import { openCase } from '../cases/index.js';
import { isRedo } from '../delivery/work-scope.js';
import type { Org, Person, Place, SupportCase } from '../model.js';
import { findTier, targetTextIn, type DueResult } from '../sla/index.js';
import type { CaseConfirmationView, CaseFormErrors, CaseFormInput, NoticeView } from '../views.js';
import { severityLabel } from './alert-view.js';
import { noOrgNotice, productOptions } from './case-form.js';
import { validateCaseForm } from './case-form-validation.js';
import { caseDeps } from './case-ops.js';
import type { Actor } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { resolveActor } from './identity.js';
import { postAlertSafely } from './post-alert.js';

/** The thread a conversation continues in: the given thread, or one started on the message. */
export function threadOf(place: Place): Place {
  return {
    platform: place.platform,
    channelId: place.channelId,
    threadId: place.threadId ?? place.messageId ?? null,
  };
}

/**
 * A deadline in the reader's zone: within the week "Monday 14:00 (Europe/Paris)", later ones with
 * the date. Shared by the case confirmation and the severity-change notices.
 */
export function localDueText(
  now: Date,
  dueAt: Date,
  timeZone: string,
  language: string = DEFAULT_LANGUAGE,
): string {
  const soon = dueAt.getTime() - now.getTime() < 6 * 86_400_000;
  return soon
    ? formatWeekdayTime(dueAt, language, timeZone)
    : formatDateTime(dueAt, language, timeZone);
}

export function confirmationFor(
  ctx: DeskContext,
  reference: string,
  title: string,
  severity: number,
  due: DueResult | null,
  timeZone: string,
  language: string = DEFAULT_LANGUAGE,
  /** The org's tier: its phone support decides whether *Request a call* is offered. */
  tier?: string,
): CaseConfirmationView {
  const phone = tier === undefined ? false : (findTier(ctx.policy, tier)?.phoneSupport ?? false);
  return {
    kind: 'case-confirmation',
    caseReference: reference,
    title,
    severityLabel: severityLabel(ctx.policy, severity, language),
    targetText: due ? targetSaid(due, language) : t(language, 'conversation.submit.noTarget'),
    dueAt: due?.dueAt ?? null,
    dueLocalText: due ? localDueText(ctx.clock.now(), due.dueAt, timeZone, language) : null,
    language,
    canRequestCall: phone,
  };
}

/** "within 4 business hours" in the reader's language (English as the deadline computed it). */
function targetSaid(due: DueResult, language: string): string {
  if (language === DEFAULT_LANGUAGE || !due.target) return due.targetText;
  return t(language, 'sla.target.within', { target: targetTextIn(due.target, language) });
}

export function timeZoneOf(person: Person, org: Org): string {
  return person.timeZone ?? org.calendar.timeZone;
}

export async function submitCase(
  ctx: DeskContext,
  actor: Actor,
  place: Place,
  form: CaseFormInput,
  intakeKey: string | null = null,
): Promise<CaseConfirmationView | CaseFormErrors | NoticeView> {
  const { person, org, language } = await resolveActor(ctx, actor);
  if (!org) return noOrgNotice(actor, language);
  if (form.deflectionId) {
    const deflection = await ctx.store.deflections.byId(form.deflectionId);
    if (deflection && deflection.askerId !== person.id)
      throw new DeskError('NOT_THE_ASKER', { key: 'conversation.caseForm.notTheAsker' });
  }
  const valid = validateCaseForm(ctx, org, await productOptions(ctx), form, language);
  if ('kind' in valid) return valid;
  const customerPlace = threadOf(place);
  const opened = await openCase(caseDeps(ctx), {
    requesterId: person.id,
    ...valid,
    origin: place,
    customerPlace,
    deflectionId: form.deflectionId ?? null,
    intakeKey,
  });
  const confirmation = confirmationFor(
    ctx,
    opened.case.reference,
    opened.case.title,
    opened.case.severity,
    opened.firstResponse,
    timeZoneOf(person, org),
    language,
    org.tier,
  );
  if (opened.repeated) return repeatedSubmission(ctx, opened.case, actor, confirmation);
  await postAlertSafely(ctx, opened.case, actor.platform, opened.suggestedAssignee?.id ?? null);
  ctx.logger.info('case opened', {
    case: opened.case.reference,
    org: org.slug,
    severity: valid.severity,
  });
  return confirmation;
}

/**
 * The same form again (its first answer was lost, or the process handling it died). A case
 * whose alert was posted had its submission handled to the end: the customer is only reminded,
 * privately. One without an alert was cut off after the case was stored: it gets its alert and
 * the confirmation now. Redone by the delivery worker, it confirms (at most once, see above).
 */
async function repeatedSubmission(
  ctx: DeskContext,
  first: SupportCase,
  actor: Actor,
  confirmation: CaseConfirmationView,
): Promise<CaseConfirmationView | NoticeView> {
  ctx.logger.info('case form submitted again', {
    case: first.reference,
    alerted: first.alertPlace !== null,
  });
  // Redone after a crash (the delivery worker): the first run may have died before confirming;
  // the message journal sends the confirmation only if it did not go out then.
  if (first.alertPlace !== null && !isRedo())
    return {
      kind: 'notice',
      tone: 'info',
      text: t(confirmation.language ?? DEFAULT_LANGUAGE, 'conversation.submit.alreadyOpened', {
        reference: first.reference,
        title: first.title,
      }),
      language: confirmation.language ?? DEFAULT_LANGUAGE,
    };
  if (first.alertPlace === null) await postAlertSafely(ctx, first, actor.platform, null);
  return confirmation;
}
