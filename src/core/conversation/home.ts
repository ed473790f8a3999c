// The App Home: what a person sees when they open casebot's home tab. An engineer: the open cases
// they hold and their team's unclaimed ones, most urgent first (severity, tier, time left). A lead
// (the setup's `admin` role: there is no separate lead role) also gets the week's figures from the
// report. A customer gets help text only: no case list, so no other org's case can ever show.
// Like /queue, each case line says its call in progress in the reader's language and time zone.
import { OPEN_STATUSES } from '../ports/storage.js';
import type { CaseSummary, HomeView, WeekFigures } from '../views.js';
import type { Actor } from './desk.js';
import type { DeskContext } from './desk-context.js';
import { isEngineer, resolveActor } from './identity.js';
import { summarizeAll } from './status.js';

const byUrgency = (a: CaseSummary, b: CaseSummary) =>
  (a.msLeft ?? Number.POSITIVE_INFINITY) - (b.msLeft ?? Number.POSITIVE_INFINITY);

export async function home(ctx: DeskContext, actor: Actor): Promise<HomeView> {
  const { person, language } = await resolveActor(ctx, actor);
  const base = { kind: 'home', displayName: person.displayName, language } as const;
  if (!isEngineer(person))
    return { ...base, audience: 'customer', mine: [], unclaimed: [], week: null, isLead: false };
  const statuses = [...OPEN_STATUSES];
  const held = await ctx.store.cases.list({ assigneeId: person.id, statuses });
  const free = person.teamId
    ? await ctx.store.cases.list({ teamId: person.teamId, assigneeId: null, statuses })
    : [];
  const isLead = person.roles.includes('admin');
  const zone = person.timeZone ?? 'UTC';
  return {
    ...base,
    audience: 'engineer',
    mine: (await summarizeAll(ctx, held, zone, language)).sort(byUrgency),
    unclaimed: (await summarizeAll(ctx, free, zone, language)).sort(byUrgency),
    week: isLead ? await readWeek(ctx) : null,
    isLead,
  };
}

async function readWeek(ctx: DeskContext): Promise<WeekFigures | null> {
  if (!ctx.weekFigures) return null;
  try {
    return await ctx.weekFigures();
  } catch (error) {
    // The queue still shows; the figures say they could not be read.
    ctx.logger.warn('could not read the week figures for the App Home', { error: String(error) });
    return null;
  }
}
