// Case lists: /support status and queue (a message). The App Home is render-home.ts.
import type { CaseListView, CaseSummary } from '../../core/views.js';
import { context, header, section, type Block, type SlackMessage } from './blocks.js';
import { escapeText, formatTimeLeft, slackDate } from './escape.js';

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
  const call = item.callText ? `\n:telephone_receiver: ${escapeText(item.callText)}` : '';
  return (
    `*${escapeText(item.caseReference)}* · ${escapeText(item.severityLabel)} · ${escapeText(item.title)}\n` +
    `${escapeText(item.orgName)} · ${escapeText(item.status)} · ${owner}${left}${due}${call}`
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
