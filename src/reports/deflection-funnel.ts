// The deflection funnel and the honest deflection rate. A question counts as deflected only when
// its asker marked it solved after articles were shown AND did not open a case on a similar topic
// within the recontact window. Staff questions are left out entirely, and a "solved" with no
// article shown (recorded before casebot refused it) never counts.
import type { Deflection } from '../core/model.js';
import type { ReportCase, ReportData, ReportPerson, ReportScope } from './report-data.js';
import { inPeriod, isStaff } from './report-data.js';
import type { DeflectionFigures } from './report-types.js';
import { percent, rate } from './stats.js';
import { caseCoversQuestion, topicOf } from './topics.js';

const DAY_MS = 24 * 3_600_000;

export interface DeflectionInput {
  data: Pick<ReportData, 'deflections' | 'people' | 'cases' | 'related'>;
  scope: ReportScope;
  recontactMs: number;
}

/** The period's questions of the scope's org, split into customers' and staff's. */
export function scopedQuestions(
  data: Pick<ReportData, 'deflections' | 'people'>,
  scope: ReportScope,
): { customer: Deflection[]; staff: Deflection[] } {
  const people = new Map<string, ReportPerson>(data.people.map((person) => [person.id, person]));
  const customer: Deflection[] = [];
  const staff: Deflection[] = [];
  for (const question of data.deflections) {
    if (!inPeriod(question.askedAt, scope)) continue;
    if (scope.orgId !== null && question.orgId !== scope.orgId) continue;
    const asker = question.askerId ? people.get(question.askerId) : undefined;
    (asker && isStaff(asker) ? staff : customer).push(question);
  }
  return { customer, staff };
}

export function deflectionFigures(input: DeflectionInput): DeflectionFigures {
  const windowDays = input.recontactMs / DAY_MS;
  if (input.scope.teamId !== null) return unavailable(windowDays);
  const { customer, staff } = scopedQuestions(input.data, input.scope);
  const count = (test: (question: Deflection) => boolean) => customer.filter(test).length;
  const shown = (question: Deflection) => question.articleIds.length > 0;
  const solved = customer.filter((q) => q.outcome === 'solved' && shown(q));
  const laterCases = casesByRequester([...input.data.cases, ...input.data.related]);
  const cameBack = solved.filter((question) =>
    openedSimilarCase(question, laterCases, input.recontactMs),
  ).length;
  const pending = count((q) => q.outcome === 'pending');
  const deflected = solved.length - cameBack;
  const decided = customer.length - pending;
  return {
    available: true,
    note: null,
    questions: customer.length,
    staffQuestionsExcluded: staff.length,
    suggestionsShown: count(shown),
    articleOpened: { tracked: true, count: count((q) => shown(q) && q.openedAt !== null) },
    markedSolved: solved.length,
    solvedWithoutArticleExcluded: count((q) => q.outcome === 'solved' && !shown(q)),
    solvedThenCase: cameBack,
    escalated: count((q) => q.outcome === 'escalated'),
    escalatedAfterSuggestions: count((q) => q.outcome === 'escalated' && shown(q)),
    abandoned: count((q) => q.outcome === 'abandoned'),
    noGoodMatch: count((q) => q.outcome === 'no-answer'),
    pending,
    deflected,
    decided,
    deflectionRatePercent: percent(rate(deflected, decided)),
    recontactWindowDays: windowDays,
  };
}

function casesByRequester(cases: readonly ReportCase[]): Map<string, ReportCase[]> {
  const byRequester = new Map<string, ReportCase[]>();
  const seen = new Set<string>();
  for (const supportCase of cases) {
    if (seen.has(supportCase.id)) continue;
    seen.add(supportCase.id);
    const list = byRequester.get(supportCase.requesterId);
    if (list) list.push(supportCase);
    else byRequester.set(supportCase.requesterId, [supportCase]);
  }
  return byRequester;
}

/** A case by the asker, opened from the question until the window after "solved", on its topic. */
function openedSimilarCase(
  question: Deflection,
  byRequester: Map<string, ReportCase[]>,
  recontactMs: number,
): boolean {
  if (!question.askerId) return false;
  const solvedAt = (question.outcomeAt ?? question.askedAt).getTime();
  const topic = topicOf(question.question);
  return (byRequester.get(question.askerId) ?? []).some((supportCase) => {
    const opened = supportCase.openedAt.getTime();
    return (
      opened >= question.askedAt.getTime() &&
      opened <= solvedAt + recontactMs &&
      caseCoversQuestion(topic, topicOf(`${supportCase.title}\n${supportCase.situation}`))
    );
  });
}

function unavailable(windowDays: number): DeflectionFigures {
  return {
    available: false,
    note: 'questions belong to no team until they become cases: run the report without --team for the deflection figures',
    questions: 0,
    staffQuestionsExcluded: 0,
    suggestionsShown: 0,
    articleOpened: { tracked: false, count: null },
    markedSolved: 0,
    solvedWithoutArticleExcluded: 0,
    solvedThenCase: 0,
    escalated: 0,
    escalatedAfterSuggestions: 0,
    abandoned: 0,
    noGoodMatch: 0,
    pending: 0,
    deflected: 0,
    decided: 0,
    deflectionRatePercent: null,
    recontactWindowDays: windowDays,
  };
}
