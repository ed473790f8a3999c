// Flow 2a (the form): the three S, with only the severities the customer's tier may open, prefilled
// from the question. A person who maps to no org is told how to get access instead.
import { DeskError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { CaseType, Org, Person } from '../model.js';
import { allowedSeverities } from '../sla/index.js';
import type { CaseFormView, NoticeView } from '../views.js';
import { CASE_FORM_LIMITS } from './case-form-limits.js';
import type { Actor } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { resolveActor } from './identity.js';

export const CASE_TYPES: CaseType[] = ['bug', 'question', 'feature', 'account', 'maintenance'];

export function noOrgNotice(actor: Actor, language: string): NoticeView {
  return {
    kind: 'notice',
    tone: 'info',
    text: t(language, 'conversation.caseForm.noOrg', {
      platform: actor.platform,
      userId: actor.userId,
    }),
    language,
  };
}

export async function productOptions(ctx: DeskContext): Promise<string[]> {
  return ctx.store.directory.listProducts();
}

/** First sentence of the question, trimmed to a title-sized line. */
export function titleFrom(question: string): string {
  const first = (question.split(/(?<=[.?!])\s/)[0] ?? question).trim();
  return first.length > 80 ? `${first.slice(0, 77).trimEnd()}…` : first;
}

export function guessType(question: string): CaseType {
  if (
    /\b(error|fail|fails|failed|crash|down|broken|timeout|exception|bug|erreur|panne)\b/i.test(
      question,
    )
  )
    return 'bug';
  if (/\b(add|remove) (a )?user|licen[cs]e|invoice|billing\b/i.test(question)) return 'account';
  return 'question';
}

async function guessProduct(
  ctx: DeskContext,
  articleIds: string[],
  products: string[],
): Promise<string | null> {
  for (const id of articleIds) {
    const product = ctx.kb.article(id)?.product;
    const match =
      product && products.find((candidate) => candidate.toLowerCase() === product.toLowerCase());
    if (match) return match;
  }
  return products.length === 1 ? (products[0] ?? null) : null;
}

/** A product for free text (a flagged post): the best KB hit's product, else the only product. */
export async function guessProductFor(ctx: DeskContext, text: string): Promise<string | null> {
  const products = await productOptions(ctx);
  const hits = ctx.kb.search(text, { audience: 'staff', limit: 3 }).results.map((hit) => hit.id);
  return (await guessProduct(ctx, hits, products)) ?? products[0] ?? null;
}

export function defaultSeverityFor(ctx: DeskContext, org: Org): number | null {
  const allowed = allowedSeverities(ctx.policy, org.tier).map((option) => option.value);
  if (allowed.includes(ctx.policy.defaultSeverity)) return ctx.policy.defaultSeverity;
  return allowed.length > 0 ? Math.max(...allowed) : null;
}

export async function buildCaseForm(
  ctx: DeskContext,
  person: Person,
  org: Org,
  deflectionId: string | null,
  question: string,
  articleIds: string[],
  /** The customer's language (the form's labels and the severity descriptions' reader). */
  language: string,
): Promise<CaseFormView> {
  const products = await productOptions(ctx);
  void person;
  return {
    kind: 'case-form',
    language,
    deflectionId,
    limits: CASE_FORM_LIMITS,
    severityOptions: allowedSeverities(ctx.policy, org.tier, language),
    productOptions: products,
    typeOptions: CASE_TYPES,
    prefill: {
      title: titleFrom(question),
      situation: question,
      severity: defaultSeverityFor(ctx, org),
      seriousness: '',
      product: await guessProduct(ctx, articleIds, products),
      type: guessType(question),
    },
  };
}

export async function caseForm(
  ctx: DeskContext,
  actor: Actor,
  deflectionId: string | null,
  question?: string,
): Promise<CaseFormView | NoticeView> {
  const { person, org, language } = await resolveActor(ctx, actor);
  if (!org) return noOrgNotice(actor, language);
  let text = question ?? '';
  let articleIds: string[] = [];
  if (deflectionId) {
    const deflection = await ctx.store.deflections.byId(deflectionId);
    if (!deflection)
      throw new DeskError('DEFLECTION_NOT_FOUND', { key: 'conversation.ask.questionGone' });
    if (deflection.askerId !== person.id)
      throw new DeskError('NOT_THE_ASKER', { key: 'conversation.caseForm.notTheAsker' });
    text = question ?? deflection.question;
    articleIds = deflection.articleIds;
  }
  return buildCaseForm(ctx, person, org, deflectionId, text, articleIds, language);
}
