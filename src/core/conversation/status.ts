// Flow 8 (status): a customer sees their own org's open cases with targets; an engineer sees the
// team's queue, most urgent first. Queries are scoped by org or team id, so nobody sees another
// org's cases.
import { OPEN_STATUSES } from '../ports/storage.js';
import type { Org, SupportCase } from '../model.js';
import { tierLabel, timeLeft } from '../sla/index.js';
import type { CaseListView, CaseSummary, NoticeView } from '../views.js';
import {
  currentMilestone,
  judgedAt,
  nextUpdateOf,
  severityLabel,
  shownMilestone,
  summarizeMilestone,
} from './alert-view.js';
import type { Actor } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { isEngineer, resolveActor } from './identity.js';
import type { Callback } from '../callbacks/callback.js';
import { callLine } from '../callbacks/call-text.js';
import { noticeIn } from './readers.js';
import { t } from '../i18n/index.js';

async function summarize(
  ctx: DeskContext,
  supportCase: SupportCase,
  orgs: Map<string, Org | null>,
  call: { callback: Callback | undefined; zone: string; language: string },
): Promise<CaseSummary> {
  const { directory, milestones } = ctx.store;
  if (!orgs.has(supportCase.orgId))
    orgs.set(supportCase.orgId, await directory.orgById(supportCase.orgId));
  const org = orgs.get(supportCase.orgId) ?? null;
  const all = await milestones.forCase(supportCase.id);
  const milestone = currentMilestone(all);
  const shown = shownMilestone(all);
  const assignee = supportCase.assigneeId
    ? await directory.personById(supportCase.assigneeId)
    : null;
  const left =
    milestone && org && !milestone.pausedAt
      ? timeLeft({
          dueAt: milestone.dueAt,
          businessHours: milestone.businessHours,
          calendar: org.calendar,
          now: ctx.clock.now(),
        })
      : null;
  return {
    caseId: supportCase.id,
    caseReference: supportCase.reference,
    title: supportCase.title,
    severityLabel: severityLabel(ctx.policy, supportCase.severity),
    status: supportCase.status,
    orgName: org?.name ?? '?',
    tierLabel: org ? tierLabel(ctx.policy, org.tier) : null,
    assigneeName: assignee?.displayName ?? null,
    dueAt: milestone && !milestone.pausedAt ? milestone.dueAt : null,
    msLeft: left ? left.ms : null,
    milestone: shown
      ? summarizeMilestone(shown, judgedAt(supportCase, ctx.clock.now()), org)
      : null,
    nextUpdate: nextUpdateOf(all, ctx.clock.now(), org),
    callText: call.callback ? callLine(call.callback, call.zone)(call.language) : null,
  };
}

/** `zone`, `language`: the reader's, in which upcoming calls are said. */
export async function summarizeAll(
  ctx: DeskContext,
  cases: SupportCase[],
  zone = 'UTC',
  language = 'en',
): Promise<CaseSummary[]> {
  const orgs = new Map<string, Org | null>();
  const calls = new Map<string, Callback>();
  // Newest first: the first one met per case is its call in progress.
  for (const callback of await ctx.store.callbacks.liveForCases(cases.map((c) => c.id)))
    if (!calls.has(callback.caseId)) calls.set(callback.caseId, callback);
  const out: CaseSummary[] = [];
  for (const supportCase of cases)
    out.push(
      await summarize(ctx, supportCase, orgs, {
        callback: calls.get(supportCase.id),
        zone,
        language,
      }),
    );
  return out;
}

export async function status(ctx: DeskContext, actor: Actor): Promise<CaseListView | NoticeView> {
  const { person, org, language } = await resolveActor(ctx, actor);
  if (!org) {
    if (isEngineer(person)) return queue(ctx, actor);
    return noticeIn(language, t(language, 'conversation.status.noOrg'));
  }
  const cases = await ctx.store.cases.list({ orgId: org.id, statuses: [...OPEN_STATUSES] });
  return {
    kind: 'case-list',
    audience: 'customer',
    heading: t(language, 'conversation.status.heading', {
      org: org.name,
      count: String(cases.length),
    }),
    cases: await summarizeAll(ctx, cases, person.timeZone ?? org.calendar.timeZone, language),
    language,
  };
}

export async function queue(ctx: DeskContext, actor: Actor): Promise<CaseListView | NoticeView> {
  const { person, language } = await resolveActor(ctx, actor);
  if (!isEngineer(person))
    return noticeIn(language, t(language, 'conversation.status.queueStaffOnly'), 'warning');
  if (!person.teamId) return noticeIn(language, t(language, 'conversation.status.noTeam'));
  const team = await ctx.store.directory.teamById(person.teamId);
  const cases = await ctx.store.cases.list({ teamId: person.teamId, statuses: [...OPEN_STATUSES] });
  const summaries = await summarizeAll(ctx, cases, person.timeZone ?? 'UTC', language);
  // Most urgent first: least time left; cases without a target go last.
  summaries.sort(
    (a, b) => (a.msLeft ?? Number.POSITIVE_INFINITY) - (b.msLeft ?? Number.POSITIVE_INFINITY),
  );
  return {
    kind: 'case-list',
    audience: 'engineer',
    heading: t(language, 'conversation.status.queueHeading', {
      team: team?.name ?? t(language, 'conversation.status.yourTeam'),
      count: String(summaries.length),
    }),
    cases: summaries,
    language,
  };
}
