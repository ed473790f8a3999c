// Knowledge gaps: customers' questions the knowledge base could not answer ("no good match"), or
// answered without helping (escalated although articles were shown), grouped by topic so the
// team sees which article to write first.
import type { Deflection } from '../core/model.js';
import { scopedQuestions } from './deflection-funnel.js';
import type { ReportData, ReportScope } from './report-data.js';
import type { KnowledgeGap, KnowledgeGapFigures } from './report-types.js';
import { groupByTopic, topicOf, type Topic } from './topics.js';

const EXAMPLES = 3;
const TOPIC_WORDS = 4;

export function knowledgeGaps(
  data: Pick<ReportData, 'deflections' | 'people'>,
  scope: ReportScope,
): KnowledgeGapFigures {
  if (scope.teamId !== null) {
    return {
      available: false,
      note: 'questions belong to no team until they become cases: run the report without --team for the knowledge gaps',
      questions: 0,
      groups: [],
    };
  }
  const gaps = scopedQuestions(data, scope)
    .customer.filter((q) => isNoMatch(q) || isEscalatedDespiteSuggestions(q))
    .sort((a, b) => a.askedAt.getTime() - b.askedAt.getTime());
  const topics = new Map<Deflection, Topic>(gaps.map((q) => [q, topicOf(q.question)]));
  const topicFor = (q: Deflection): Topic => topics.get(q) ?? topicOf(q.question);
  const groups = groupByTopic(gaps, topicFor).map((group) => describe(group, topicFor));
  groups.sort((a, b) => b.count - a.count);
  return { available: true, note: null, questions: gaps.length, groups };
}

function isNoMatch(question: Deflection): boolean {
  return question.articleIds.length === 0;
}

function isEscalatedDespiteSuggestions(question: Deflection): boolean {
  return question.outcome === 'escalated' && question.articleIds.length > 0;
}

function describe(group: Deflection[], topicFor: (q: Deflection) => Topic): KnowledgeGap {
  return {
    topic: topicWords(group.map(topicFor)),
    count: group.length,
    noGoodMatch: group.filter(isNoMatch).length,
    escalatedDespiteSuggestions: group.filter(isEscalatedDespiteSuggestions).length,
    examples: group.slice(0, EXAMPLES).map((q) => oneLine(q.question)),
  };
}

/** A customer's text on one line, without control characters (a terminal escape stays inert). */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ').trim();
}

/** The group's most shared terms (in at least half of its questions), as first written. */
function topicWords(topics: Topic[]): string {
  const counts = new Map<string, number>();
  const words = new Map<string, string>();
  for (const topic of topics) {
    for (const term of topic.terms) {
      counts.set(term, (counts.get(term) ?? 0) + 1);
      if (!words.has(term)) words.set(term, topic.words.get(term) ?? term);
    }
  }
  // Map order is first appearance: a stable tie-break after the counts.
  const ranked = [...counts.entries()]
    .filter(([, count]) => count * 2 >= topics.length)
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOPIC_WORDS);
  return ranked.map(([term]) => words.get(term) ?? term).join(' ');
}
