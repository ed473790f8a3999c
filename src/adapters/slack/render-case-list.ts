// Case lists: /support status and queue (a message) and App Home (a home view).
import type { CaseListView, CaseSummary, NoticeView } from '../../core/views.js';
import { context, divider, header, section, type Block, type SlackMessage } from './blocks.js';
import { escapeText, formatTimeLeft, slackDate } from './escape.js';
import type { HomeFigures } from './handler-context.js';
import { renderNotice } from './render-messages.js';

function caseLine(item: CaseSummary): string {
  const owner = item.assigneeName ? `assigned to ${escapeText(item.assigneeName)}` : 'unassigned';
  // Nothing owed: the last target's state, "first response met late" included.
  const left =
    item.msLeft !== null
      ? ` · ${formatTimeLeft(item.msLeft)}`
      : item.milestone
        ? ` · ${escapeText(item.milestone.text)}`
        : '';
  const due = item.dueAt ? ` (due ${slackDate(item.dueAt, '{ago}')})` : '';
  const update = item.nextUpdate
    ? item.nextUpdate.state === 'paused'
      ? ' · next update paused'
      : ` · next update due ${slackDate(item.nextUpdate.dueAt, '{ago}')}`
    : '';
  return (
    `*${escapeText(item.caseReference)}* · ${escapeText(item.severityLabel)} · ${escapeText(item.title)}\n` +
    `${escapeText(item.orgName)} · ${escapeText(item.status)} · ${owner}${left}${due}${update}`
  );
}

export function caseListBlocks(view: CaseListView): Block[] {
  const blocks: Block[] = [header(view.heading)];
  if (view.cases.length === 0) {
    blocks.push(section(view.audience === 'customer' ? 'No open cases.' : 'The queue is empty.'));
    return blocks;
  }
  // A message holds at most 50 blocks; the most urgent cases come first from the core.
  for (const item of view.cases.slice(0, 40)) blocks.push(section(caseLine(item)));
  if (view.cases.length > 40) blocks.push(context(`…and ${view.cases.length - 40} more`));
  return blocks;
}

export function renderCaseList(view: CaseListView): SlackMessage {
  return {
    text: `${escapeText(view.heading)}: ${view.cases.length} case(s)`,
    blocks: caseListBlocks(view),
  };
}

/** The App Home: every list the user may see, or the notice that explains why there is none. */
export function renderHome(
  lists: CaseListView[],
  notice: NoticeView | null,
  figures: HomeFigures | null = null,
): Record<string, unknown> {
  const blocks: Block[] = [];
  if (figures) {
    blocks.push(header(figures.heading));
    blocks.push(
      section(
        figures.rows
          .map((row) => `*${escapeText(row.label)}*: ${escapeText(row.value)}`)
          .join('\n'),
      ),
    );
  }
  for (const list of lists) {
    if (blocks.length > 0) blocks.push(divider());
    blocks.push(...caseListBlocks(list));
  }
  if (lists.length === 0 && notice) blocks.push(...renderNotice(notice).blocks);
  blocks.push(
    context('Ask a question with `/support ask …`, or open a case from the shortcut menu.'),
  );
  return { type: 'home', blocks: blocks.slice(0, 100) };
}
