// Flow 2a (the form): the three S, with only the severities the customer's tier may open, prefilled
// from the question. A person who maps to no org is told how to get access instead.
import { DeskError } from '../errors.js';
import type { CaseType, Org, Person } from '../model.js';
import { allowedSeverities } from '../sla/index.js';
import type { CaseFormView, NoticeView } from '../views.js';
import { CASE_FORM_LIMITS } from './case-form-limits.js';
import type { Actor } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { resolveActor } from './identity.js';

export const CASE_TYPES: CaseType[] = ['bug', 'question', 'feature', 'account', 'maintenance'];

export function noOrgNotice(actor: Actor): NoticeView {
  return {
    kind: 'notice',
    tone: 'info',
    text:
      `Your ${actor.platform} account (${actor.userId}) is not linked to a customer organisation yet, so you cannot open a case. ` +
      'You can still ask questions. To get access, ask your company’s support contact to add your account to casebot ' +
      '(setup file: under your org, add your workspace, guild, role or user id), or email your account manager.',
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
): Promise<CaseFormView> {
  const products = await productOptions(ctx);
  void person;
  return {
    kind: 'case-form',
    deflectionId,
    limits: CASE_FORM_LIMITS,
    severityOptions: allowedSeverities(ctx.policy, org.tier),
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
  const { person, org } = await resolveActor(ctx, actor);
  if (!org) return noOrgNotice(actor);
  let text = question ?? '';
  let articleIds: string[] = [];
  if (deflectionId) {
    const deflection = await ctx.store.deflections.byId(deflectionId);
    if (!deflection)
      throw new DeskError(
        'DEFLECTION_NOT_FOUND',
        'That question is no longer known; ask it again.',
      );
    if (deflection.askerId !== person.id)
      throw new DeskError(
        'NOT_THE_ASKER',
        'Only the person who asked the question can open a case from it.',
      );
    text = question ?? deflection.question;
    articleIds = deflection.articleIds;
  }
  return buildCaseForm(ctx, person, org, deflectionId, text, articleIds);
}
