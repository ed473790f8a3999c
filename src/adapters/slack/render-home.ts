// The App Home tab (views.publish): an engineer's queue, a lead's week, a customer's help text.
// Every user-written value (titles, names) is escaped; a customer's home lists no case at all.
import { DEFAULT_LANGUAGE, languageOfView, t } from '../../core/i18n/index.js';
import type { CaseSummary, HomeView, NoticeView, WeekFigures } from '../../core/views.js';
import { button, context, divider, header, section, type Block } from './blocks.js';
import { escapeText, formatTimeLeft } from './escape.js';
import { ACTION_IDS } from './ids.js';
import { renderNotice } from './render-messages.js';

/** A home view holds at most 100 blocks; each list keeps room for the others. */
const MAX_PER_LIST = 30;

/** What a customer's App Home says (they never see cases there). */
export const customerHomeHelp = (language: string = DEFAULT_LANGUAGE) =>
  t(language, 'slack.home.customerHelp');

function homeLine(item: CaseSummary, language: string): string {
  const tier = item.tierLabel ? ` · ${escapeText(item.tierLabel)}` : '';
  const left =
    item.msLeft !== null
      ? `${formatTimeLeft(item.msLeft, language)}`
      : item.milestone
        ? escapeText(item.milestone.text)
        : t(language, 'slack.home.noTarget');
  // The case's upcoming call, as /queue shows it (already said in the reader's language and zone).
  const call = item.callText ? `\n:telephone_receiver: ${escapeText(item.callText)}` : '';
  return (
    `*${escapeText(item.caseReference)}* · ${escapeText(item.severityLabel)} · ${escapeText(item.title)}\n` +
    `${escapeText(item.orgName)}${tier} · ${escapeText(item.status)} · ${left}${call}`
  );
}

interface CaseList {
  title: string;
  items: CaseSummary[];
  empty: string;
  claimable: boolean;
}

function list({ title, items, empty, claimable }: CaseList, language: string): Block[] {
  const blocks: Block[] = [
    section(t(language, 'slack.home.listTitle', { title, count: items.length })),
  ];
  if (items.length === 0) return [...blocks, context(empty)];
  const claim = t(language, 'labels.claim');
  for (const item of items.slice(0, MAX_PER_LIST))
    blocks.push(
      section(
        homeLine(item, language),
        claimable ? button(ACTION_IDS.claim, claim, item.caseId, 'primary') : undefined,
      ),
    );
  if (items.length > MAX_PER_LIST)
    blocks.push(
      context(t(language, 'slack.caseList.more', { count: items.length - MAX_PER_LIST })),
    );
  return blocks;
}

/**
 * One decimal, rounded as before (toFixed), then written the language's way ("12.5" / "12,5").
 * `key` is the message that places the figure ("12.5 %", "4.2 / 5").
 */
function decimal(value: number | null, key: string, language: string): string {
  if (value === null) return t(language, 'slack.home.notAvailable');
  return t(language, key, { value: Number(value.toFixed(1)) });
}

function week(figures: WeekFigures, language: string): Block[] {
  const day = (date: Date) => date.toISOString().slice(0, 10);
  const pct = (value: number | null) => decimal(value, 'slack.home.percent', language);
  return [
    header(t(language, 'slack.home.weekTitle')),
    context(t(language, 'slack.home.weekRange', { from: day(figures.from), to: day(figures.to) })),
    section(
      [
        t(language, 'slack.home.deflection', { rate: pct(figures.deflectionRatePercent) }),
        t(language, 'slack.home.attainment', { rate: pct(figures.slaAttainmentPercent) }),
        t(language, 'slack.home.csat', {
          average: decimal(figures.csatAverage, 'slack.home.csatAverage', language),
          count: figures.csatRatings,
        }),
        t(language, 'slack.home.backlog', {
          backlog: figures.backlog,
          unassigned: figures.unassigned,
        }),
      ].join('\n'),
    ),
  ];
}

export function renderHomeView(view: HomeView | NoticeView): Record<string, unknown> {
  const language = languageOfView(view);
  const blocks: Block[] = [];
  if (view.kind === 'notice') blocks.push(...renderNotice(view).blocks);
  else if (view.audience === 'customer')
    blocks.push(
      header(t(language, 'slack.home.customerTitle')),
      section(customerHomeHelp(language)),
    );
  else {
    if (view.isLead) {
      if (view.week) blocks.push(...week(view.week, language));
      else
        blocks.push(
          header(t(language, 'slack.home.weekTitle')),
          context(t(language, 'slack.home.weekUnread')),
        );
      blocks.push(divider());
    }
    blocks.push(
      header(t(language, 'slack.home.queueTitle', { name: view.displayName })),
      ...list(
        {
          title: t(language, 'slack.home.mine'),
          items: view.mine,
          empty: t(language, 'slack.home.mineEmpty'),
          claimable: false,
        },
        language,
      ),
      divider(),
      ...list(
        {
          title: t(language, 'slack.home.unclaimed'),
          items: view.unclaimed,
          empty: t(language, 'slack.home.unclaimedEmpty'),
          claimable: true,
        },
        language,
      ),
    );
  }
  return { type: 'home', blocks: blocks.slice(0, 100) };
}
