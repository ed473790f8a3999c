// The App Home tab (views.publish): an engineer's queue, a lead's week, a customer's help text.
// Every user-written value (titles, names) is escaped; a customer's home lists no case at all.
import type { CaseSummary, HomeView, NoticeView, WeekFigures } from '../../core/views.js';
import { button, context, divider, header, section, type Block } from './blocks.js';
import { escapeText, formatTimeLeft } from './escape.js';
import { ACTION_IDS } from './ids.js';
import { renderNotice } from './render-messages.js';

/** A home view holds at most 100 blocks; each list keeps room for the others. */
const MAX_PER_LIST = 30;

export const CUSTOMER_HOME_HELP =
  'Ask a question with `/support ask …` (or mention me in a support channel), or open a case from the shortcut menu. ' +
  'Your cases continue in the thread where you opened them; `/support status` lists your open ones.';

function homeLine(item: CaseSummary): string {
  const tier = item.tierLabel ? ` · ${escapeText(item.tierLabel)}` : '';
  const left =
    item.msLeft !== null
      ? `${formatTimeLeft(item.msLeft)}`
      : item.milestone
        ? escapeText(item.milestone.text)
        : 'no target';
  return (
    `*${escapeText(item.caseReference)}* · ${escapeText(item.severityLabel)} · ${escapeText(item.title)}\n` +
    `${escapeText(item.orgName)}${tier} · ${escapeText(item.status)} · ${left}`
  );
}

function list(title: string, items: CaseSummary[], empty: string, claimable: boolean): Block[] {
  const blocks: Block[] = [section(`*${title} (${items.length})*`)];
  if (items.length === 0) return [...blocks, context(empty)];
  for (const item of items.slice(0, MAX_PER_LIST))
    blocks.push(
      section(
        homeLine(item),
        claimable ? button(ACTION_IDS.claim, 'Claim', item.caseId, 'primary') : undefined,
      ),
    );
  if (items.length > MAX_PER_LIST) blocks.push(context(`…and ${items.length - MAX_PER_LIST} more`));
  return blocks;
}

const pct = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(1)} %`);

function week(figures: WeekFigures): Block[] {
  const day = (date: Date) => date.toISOString().slice(0, 10);
  return [
    header('This week'),
    context(`${day(figures.from)} to ${day(figures.to)} (last 7 days, UTC), as \`casebot report\``),
    section(
      [
        `*Deflection rate* ${pct(figures.deflectionRatePercent)}`,
        `*SLA attainment* ${pct(figures.slaAttainmentPercent)}`,
        `*CSAT* ${figures.csatAverage === null ? 'n/a' : `${figures.csatAverage.toFixed(1)} / 5`} (${figures.csatRatings} rating(s))`,
        `*Backlog* ${figures.backlog} open, ${figures.unassigned} unassigned`,
      ].join('\n'),
    ),
  ];
}

export function renderHomeView(view: HomeView | NoticeView): Record<string, unknown> {
  const blocks: Block[] = [];
  if (view.kind === 'notice') blocks.push(...renderNotice(view).blocks);
  else if (view.audience === 'customer')
    blocks.push(header('casebot support'), section(CUSTOMER_HOME_HELP));
  else {
    if (view.isLead) {
      if (view.week) blocks.push(...week(view.week));
      else blocks.push(header('This week'), context('The week’s figures could not be read.'));
      blocks.push(divider());
    }
    blocks.push(
      header(`Your queue, ${view.displayName}`),
      ...list('Your open cases', view.mine, 'You hold no open case.', false),
      divider(),
      ...list('Unclaimed in your team', view.unclaimed, 'Nothing waits for an owner.', true),
    );
  }
  return { type: 'home', blocks: blocks.slice(0, 100) };
}
