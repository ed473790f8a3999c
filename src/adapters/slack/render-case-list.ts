// Case lists: /support status and queue (a message). The App Home is render-home.ts.
import { languageOfView, t } from '../../core/i18n/index.js';
import type { CaseListView, CaseSummary } from '../../core/views.js';
import { context, header, section, type Block, type SlackMessage } from './blocks.js';
import { escapeText, formatTimeLeft, slackDate } from './escape.js';

function caseLine(item: CaseSummary, language: string): string {
  const owner = item.assigneeName
    ? t(language, 'slack.caseList.assignedTo', { name: escapeText(item.assigneeName) })
    : t(language, 'slack.caseList.unassigned');
  // Nothing owed: the last target's state, "first response met late" included.
  const left =
    item.msLeft !== null
      ? ` · ${formatTimeLeft(item.msLeft, language)}`
      : item.milestone
        ? ` · ${escapeText(item.milestone.text)}`
        : '';
  const due = item.dueAt
    ? ` ${t(language, 'slack.caseList.due', { when: slackDate(item.dueAt, '{ago}') })}`
    : '';
  return (
    `*${escapeText(item.caseReference)}* · ${escapeText(item.severityLabel)} · ${escapeText(item.title)}\n` +
    `${escapeText(item.orgName)} · ${escapeText(item.status)} · ${owner}${left}${due}`
  );
}

export function caseListBlocks(view: CaseListView): Block[] {
  const language = languageOfView(view);
  const blocks: Block[] = [header(view.heading)];
  if (view.cases.length === 0) {
    blocks.push(
      section(
        t(
          language,
          view.audience === 'customer'
            ? 'slack.caseList.emptyCustomer'
            : 'slack.caseList.emptyEngineer',
        ),
      ),
    );
    return blocks;
  }
  // A message holds at most 50 blocks; the most urgent cases come first from the core.
  for (const item of view.cases.slice(0, 40)) blocks.push(section(caseLine(item, language)));
  if (view.cases.length > 40)
    blocks.push(context(t(language, 'slack.caseList.more', { count: view.cases.length - 40 })));
  return blocks;
}

export function renderCaseList(view: CaseListView): SlackMessage {
  return {
    text: t(languageOfView(view), 'slack.caseList.text', {
      heading: escapeText(view.heading),
      count: view.cases.length,
    }),
    blocks: caseListBlocks(view),
  };
}
