// Per-tick memo of the directory reads an SLA tick repeats for every due milestone: the org (its
// calendar), the team (channels, on-call roles), people, and the team's suggested assignee. Within
// one tick these do not change in any way that matters to a warning, and a due burst (1,000 cases
// of one team after downtime) would otherwise read the same rows 1,000 times.
import type { Org, Person, SlaMilestone, Team } from '../model.js';
import { spanFiguresAt, type SpanFigures } from '../conversation/alert-view.js';
import type { Repositories } from '../ports/storage.js';
import { suggestAssignee } from '../routing/suggest-assignee.js';

export class TickCache implements SpanFigures {
  private readonly orgs = new Map<string, Promise<Org | null>>();
  private readonly teams = new Map<string, Promise<Team | null>>();
  private readonly people = new Map<string, Promise<Person | null>>();
  private readonly handles = new Map<string, Promise<Person | null>>();
  private readonly suggested = new Map<string, Promise<Person | null>>();
  private readonly fractions = new Map<string, number>();
  private readonly left = new Map<string, number>();
  private readonly figures: SpanFigures;

  constructor(
    private readonly store: Pick<Repositories, 'directory' | 'cases'>,
    readonly now: Date,
  ) {
    this.figures = spanFiguresAt(now);
  }

  /** Working-time arithmetic (the costly part of a warning): once per milestone per tick. */
  elapsedFraction(milestone: SlaMilestone, org: Org): number {
    return memoSync(this.fractions, spanKey(milestone, org), () =>
      this.figures.elapsedFraction(milestone, org),
    );
  }

  msLeft(milestone: SlaMilestone, org: Org): number {
    return memoSync(this.left, spanKey(milestone, org), () => this.figures.msLeft(milestone, org));
  }

  org(id: string): Promise<Org | null> {
    return memo(this.orgs, id, () => this.store.directory.orgById(id));
  }

  team(id: string | null): Promise<Team | null> {
    if (!id) return Promise.resolve(null);
    return memo(this.teams, id, () => this.store.directory.teamById(id));
  }

  /** The escalation contact a policy names by handle. */
  personByHandle(handle: string): Promise<Person | null> {
    return memo(this.handles, handle, () => this.store.directory.personByHandle(handle));
  }

  person(id: string | null): Promise<Person | null> {
    if (!id) return Promise.resolve(null);
    return memo(this.people, id, () => this.store.directory.personById(id));
  }

  /** Who an unclaimed alert suggests: computed once per team per tick (engineers + workload). */
  suggestedAssignee(teamId: string | null): Promise<Person | null> {
    if (!teamId) return Promise.resolve(null);
    return memo(this.suggested, teamId, () => suggestAssignee(this.store, teamId, this.now));
  }
}

/** Shares the in-flight read; a failed read is forgotten so that the next caller retries it. */
function memo<T>(map: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  const cached = map.get(key);
  if (cached) return cached;
  const pending = read().catch((error: unknown) => {
    map.delete(key);
    throw error;
  });
  map.set(key, pending);
  return pending;
}

/** Per milestone (its id), and its span: a retargeted milestone is a different computation. */
function spanKey(m: SlaMilestone, org: Org): string {
  return `${m.id}|${m.startedAt.getTime()}|${m.dueAt.getTime()}|${m.businessHours}|${org.id}`;
}

function memoSync(map: Map<string, number>, key: string, compute: () => number): number {
  const cached = map.get(key);
  if (cached !== undefined) return cached;
  const value = compute();
  map.set(key, value);
  return value;
}
