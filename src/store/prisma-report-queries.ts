// Read-only queries for `casebot report` (src/reports/). The report opens its own client on a
// read-only connection (a SQLite file opened read-only and never created; a PostgreSQL session
// in read-only transactions) and applies no migration: a report never writes. Each query selects
// only the columns the report reads, so a database a migration or two behind still answers.
import { existsSync } from 'node:fs';
import type {
  ReportCase,
  ReportData,
  ReportPerson,
  ReportQuery,
  ReportSource,
} from '../reports/report-data.js';
import { parseDatabaseUrl, quoteIdentifier, type DatabaseTarget } from './database-url.js';
import {
  caseReference,
  orgInclude,
  stringArray,
  teamInclude,
  toCaseEvent,
  toDeflection,
  toMilestone,
  toOrg,
  toTeam,
} from './mappers.js';
import type { DbClient } from './prisma-context.js';
import { CasebotError } from '../core/errors.js';
import { CALLBACK_EVENT_KINDS } from '../reports/callback-counts.js';

/** The database named by the URL does not exist (a SQLite file that is not there). */
export class MissingDatabaseError extends CasebotError {
  constructor(readonly target: DatabaseTarget) {
    super(
      'configuration',
      'DATABASE_MISSING',
      `no database at ${target.provider === 'sqlite' ? target.file : target.url}: set DATABASE_URL to the bot's database, or start the bot once to create it`,
    );
  }
}

/** Long `IN (…)` lists are split so that no query passes SQLite's bound-variable limit. */
const CHUNK = 500;

const CASE_COLUMNS = {
  id: true,
  number: true,
  orgId: true,
  requesterId: true,
  teamId: true,
  title: true,
  situation: true,
  severity: true,
  status: true,
  assigneeId: true,
  openedAt: true,
  resolvedAt: true,
  closedAt: true,
} as const;

const DEFLECTION_COLUMNS = {
  id: true,
  askedAt: true,
  platform: true,
  askerId: true,
  orgId: true,
  question: true,
  articleIds: true,
  outcome: true,
  outcomeAt: true,
  caseId: true,
  openedAt: true,
} as const;

const MILESTONE_COLUMNS = {
  id: true,
  caseId: true,
  kind: true,
  startedAt: true,
  dueAt: true,
  businessHours: true,
  metAt: true,
  breachedAt: true,
  warnedLevel: true,
  nextCheckAt: true,
  // A paused target is still owed: the report says so rather than judging its stale due instant.
  pausedAt: true,
} as const;

export async function openReportQueries(url: string | undefined): Promise<ReportSource> {
  const target = parseDatabaseUrl(url);
  const db = await readOnlyClient(target);
  return {
    orgs: () =>
      db.org.findMany({ select: { id: true, slug: true, name: true }, orderBy: { slug: 'asc' } }),
    teams: () =>
      db.team.findMany({ select: { id: true, slug: true, name: true }, orderBy: { slug: 'asc' } }),
    load: (query) => loadReportData(db, query),
    close: () => db.$disconnect(),
  };
}

async function readOnlyClient(target: DatabaseTarget): Promise<DbClient> {
  if (target.provider === 'sqlite') {
    if (!existsSync(target.file)) throw new MissingDatabaseError(target);
    const [{ PrismaBetterSQLite3 }, { PrismaClient }] = await Promise.all([
      import('@prisma/adapter-better-sqlite3'),
      import('./generated/sqlite/client.js'),
    ]);
    return new PrismaClient({
      adapter: new PrismaBetterSQLite3({
        url: target.file,
        readonly: true,
        fileMustExist: true,
        timeout: 5_000,
      }),
    });
  }
  const [{ PrismaPg }, { PrismaClient }] = await Promise.all([
    import('@prisma/adapter-pg'),
    import('./generated/postgres/client.js'),
  ]);
  const adapter = new PrismaPg(
    {
      connectionString: target.connectionString,
      options: `-c search_path=${quoteIdentifier(target.schema)} -c default_transaction_read_only=on`,
    },
    { schema: target.schema },
  );
  // Same query API for this schema: see prisma-context.ts.
  return new PrismaClient({ adapter }) as unknown as DbClient;
}

type CaseRow = {
  id: string;
  number: number;
  orgId: string;
  requesterId: string;
  teamId: string | null;
  title: string;
  situation: string;
  severity: number;
  status: string;
  assigneeId: string | null;
  openedAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
};

function toReportCase(row: CaseRow): ReportCase {
  const { number, status, ...rest } = row;
  return { ...rest, reference: caseReference(number), status: status as ReportCase['status'] };
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += CHUNK)
    out.push(items.slice(index, index + CHUNK));
  return out;
}

async function loadReportData(db: DbClient, query: ReportQuery): Promise<ReportData> {
  const range = {
    ...(query.from ? { gte: query.from } : {}),
    ...(query.to ? { lt: query.to } : {}),
  };
  const caseScope = {
    ...(query.orgId ? { orgId: query.orgId } : {}),
    ...(query.teamId ? { teamId: query.teamId } : {}),
  };
  const [orgs, teams, people, deflections, cohort] = await Promise.all([
    db.org.findMany({ include: orgInclude, orderBy: { slug: 'asc' } }),
    db.team.findMany({ include: teamInclude, orderBy: { slug: 'asc' } }),
    db.person.findMany({
      select: {
        id: true,
        handle: true,
        displayName: true,
        roles: true,
        teamId: true,
        capacity: true,
      },
      orderBy: { handle: 'asc' },
    }),
    db.deflection.findMany({
      where: { askedAt: range, ...(query.orgId ? { orgId: query.orgId } : {}) },
      select: DEFLECTION_COLUMNS,
      orderBy: { askedAt: 'asc' },
    }),
    db.case.findMany({
      where: { openedAt: range, ...caseScope },
      select: CASE_COLUMNS,
      orderBy: { openedAt: 'asc' },
    }),
  ]);
  const mappedDeflections = deflections.map(toDeflection);
  const [backlog, active, followUps] = await Promise.all([
    openAt(db, query.asOf, caseScope),
    activeIn(db, range, caseScope),
    casesAfterSolved(db, mappedDeflections, query.recontactMs),
  ]);
  const cohortIds = new Set(cohort.map((row) => row.id));
  const related = new Map<string, CaseRow>();
  for (const row of [...backlog, ...active, ...followUps])
    if (!cohortIds.has(row.id)) related.set(row.id, row);
  // Follow-up cases only need their opening and topic, not their history.
  const withHistory = [
    ...new Set([...cohortIds, ...backlog.map((r) => r.id), ...active.map((r) => r.id)]),
  ];
  const [milestones, events, ratings, callbackEvents] = await Promise.all([
    inChunks([...cohortIds], (ids) =>
      db.slaMilestone.findMany({
        where: { caseId: { in: ids } },
        select: MILESTONE_COLUMNS,
        orderBy: { dueAt: 'asc' },
      }),
    ),
    inChunks(withHistory, (ids) =>
      db.caseEvent.findMany({
        where: { caseId: { in: ids } },
        select: { id: true, caseId: true, kind: true, actorId: true, at: true, data: true },
        orderBy: { id: 'asc' },
      }),
    ),
    // Resolutions in the period belong to cases active in it (among the related), so the
    // ratings need no case filter here: the report scopes them by their case.
    db.caseRating.findMany({ where: { resolvedAt: range }, orderBy: { resolvedAt: 'asc' } }),
    // Callbacks are counted by when they happened, on any case of the scope (kind, at indexed).
    db.caseEvent.findMany({
      where: { kind: { in: CALLBACK_EVENT_KINDS }, at: range, case: caseScope },
      select: {
        id: true,
        caseId: true,
        kind: true,
        actorId: true,
        at: true,
        data: true,
        case: { select: { orgId: true, teamId: true } },
      },
      orderBy: { id: 'asc' },
    }),
  ]);
  return {
    orgs: orgs.map(toOrg),
    teams: teams.map(toTeam),
    people: people.map((row): ReportPerson => ({ ...row, roles: stringArray(row.roles) })),
    deflections: mappedDeflections,
    cases: cohort.map(toReportCase),
    related: [...related.values()].map(toReportCase),
    milestones: milestones.map(toMilestone),
    events: events.map(toCaseEvent),
    ratings,
    callbackEvents: callbackEvents.map(({ case: owner, ...event }) => ({
      ...toCaseEvent(event),
      orgId: owner.orgId,
      teamId: owner.teamId,
    })),
  };
}

async function inChunks<T>(ids: string[], query: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  const results = await Promise.all(chunks(ids).map(query));
  return results.flat();
}

type CaseScope = { orgId?: string; teamId?: string };

/**
 * Cases that may have been open at `asOf`: opened by then and not known to have ended before it
 * (the report replays their log to be sure: a case resolved then reopened later is open now).
 */
function openAt(db: DbClient, asOf: Date, scope: CaseScope): Promise<CaseRow[]> {
  return db.case.findMany({
    where: {
      ...scope,
      openedAt: { lte: asOf },
      OR: [
        { closedAt: null, resolvedAt: null },
        { closedAt: { gt: asOf } },
        { closedAt: null, resolvedAt: { gt: asOf } },
      ],
    },
    select: CASE_COLUMNS,
  });
}

/** Cases claimed, reassigned or resolved in the period (load and reopen rate). */
async function activeIn(
  db: DbClient,
  range: { gte?: Date; lt?: Date },
  scope: CaseScope,
): Promise<CaseRow[]> {
  const rows = await db.caseEvent.findMany({
    where: { kind: { in: ['claimed', 'reassigned', 'resolved'] }, at: range, case: scope },
    select: { caseId: true },
    distinct: ['caseId'],
  });
  return inChunks(
    rows.map((row) => row.caseId),
    (ids) => db.case.findMany({ where: { id: { in: ids } }, select: CASE_COLUMNS }),
  );
}

/** Cases the askers of solved questions opened from their question to the window's end. */
async function casesAfterSolved(
  db: DbClient,
  deflections: ReportData['deflections'],
  recontactMs: number,
): Promise<CaseRow[]> {
  const solved = deflections.filter((d) => d.outcome === 'solved' && d.askerId !== null);
  if (solved.length === 0) return [];
  const askers = [...new Set(solved.map((d) => d.askerId ?? ''))];
  // reduce, not Math.min(...): a year of questions would overflow the argument list.
  const earliest = solved.reduce((min, d) => Math.min(min, d.askedAt.getTime()), Infinity);
  const latest = solved.reduce(
    (max, d) => Math.max(max, (d.outcomeAt ?? d.askedAt).getTime()),
    -Infinity,
  );
  return inChunks(askers, (ids) =>
    db.case.findMany({
      where: {
        requesterId: { in: ids },
        openedAt: { gte: new Date(earliest), lte: new Date(latest + recontactMs) },
      },
      select: CASE_COLUMNS,
    }),
  );
}
