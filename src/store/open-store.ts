// openStore: opens the database named by the URL (SQLite file by default), applies pending
// migrations (no manual step, for both providers), and returns the repositories.
import type { Logger } from '../core/ports/platform.js';
import type { CaseStore, Repositories } from '../core/ports/storage.js';
import {
  ensureSqliteFolder,
  parseDatabaseUrl,
  quoteIdentifier,
  type DatabaseTarget,
} from './database-url.js';
import {
  migrationsFolder,
  readMigrations,
  runMigrations,
  type MigrationReport,
} from './migrate.js';
import { postgresMigrationConnection, sqliteMigrationConnection } from './migration-connections.js';
import {
  openGate,
  type DbClient,
  type Gate,
  type PrismaContext,
  type Db,
} from './prisma-context.js';
import { commitEveryBatch, groupCommitGate, type GroupCommitGate } from './group-commit.js';
import { cachedDirectory, type DirectoryCacheOptions } from './cached-directory.js';
import { createPrismaDirectory } from './prisma-directory.js';
import { createPrismaCaseRepository } from './prisma-case-repository.js';
import { createPrismaMilestoneRepository } from './prisma-milestone-repository.js';
import { createPrismaEventLog } from './prisma-event-log.js';
import { createPrismaDeflectionRepository } from './prisma-deflection-repository.js';
import { createPrismaRatingRepository } from './prisma-rating-repository.js';
import { createPrismaDigestRepository } from './prisma-digest-repository.js';
import { createPrismaDeliveryLedger } from './prisma-delivery-ledger.js';
import { createPrismaLearnedPhrasings } from './prisma-learned-phrasings.js';
import { createPrismaMessageJournal } from './prisma-message-journal.js';
import { pendingSentMarks } from './pending-sent-marks.js';
import { createPrismaCallbackRepository } from './prisma-callback-repository.js';
import {
  isPgPool,
  isSqliteConnection,
  pgRawSql,
  prismaRawSql,
  sqliteRawSql,
  type PgPool,
  type RawSql,
  type SqliteConnection,
} from './direct-sql.js';

export interface StoreOptions {
  /** DATABASE_URL; default file:./data/casebot.db. */
  url?: string;
  logger: Logger;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  /**
   * The short-lived cache of directory reads (cached-directory.ts); `false` reads the database
   * every time. Default: on, orgs and teams 30 s, people 5 s.
   */
  directoryCache?: DirectoryCacheOptions | false;
}

export interface Store extends CaseStore {
  readonly provider: 'sqlite' | 'postgresql';
  readonly migrations: MigrationReport;
  close(): Promise<void>;
}

/**
 * PostgreSQL connections per process unless DATABASE_URL says `connection_limit=N`. pg's default
 * of 10 made questions wait for a connection under load (issue 15); the Slack intake handles 8
 * events at once, each with at most one transaction open, beside the timers.
 */
const DEFAULT_POOL_SIZE = 20;
/**
 * How long an idle pooled connection is kept (pg's default is 10 s). Questions come in bursts: a
 * burst after a quiet spell otherwise opens every connection again (a PostgreSQL server process
 * each) while its first requests wait to be acked.
 */
const POOL_IDLE_MS = 120_000;

/** How long an interactive transaction may wait for a connection and run (ms). */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 20_000 };

export async function openStore(options: StoreOptions): Promise<Store> {
  const target = parseDatabaseUrl(options.url);
  const migrations =
    options.migrate === false ? emptyReport() : await migrate(target, options.logger);
  // Prisma's own transactions begin on the connection a batch may hold open: committed first.
  let batches: GroupCommitGate | null = null;
  const created = await createClient(target, () => batches?.commit());
  const { client } = created;
  await warnOfOldOutbox(client, options.logger);
  const sqlite = created.sqlite;
  if (sqlite) batches = groupCommitGate(sqlite);
  const gate = batches ?? openGate;
  const context = baseContext(created, gate, target.provider, batches, options.logger);
  const uncached = buildRepositories(context);
  const base =
    options.directoryCache === false
      ? uncached
      : { ...uncached, directory: cachedDirectory(uncached.directory, options.directoryCache) };
  return {
    ...base,
    provider: target.provider,
    migrations,
    transaction: (work) =>
      gate.run(() =>
        client.$transaction(
          (tx) => work(buildRepositories(transactionContext(tx, target.provider, created.sqlite))),
          TRANSACTION_OPTIONS,
        ),
      ),
    close: async () => {
      batches?.commit();
      await context.sentMarks?.flush();
      await client.$disconnect();
    },
  };
}

/**
 * Posts an earlier version kept in its adapter outbox (table OutboxMessage) are not sent by this
 * one, whose message journal replaced it: the operator hears how many, rather than nothing.
 */
async function warnOfOldOutbox(client: DbClient, logger: Logger): Promise<void> {
  const left = await client.outboxMessage.count();
  if (left > 0)
    logger.warn(
      'messages kept by an earlier version (table OutboxMessage) will not be sent by this one: resend or delete them',
      { count: left },
    );
}

/** Applies pending migrations without opening a Prisma client (`casebot` start, tests). */
export async function migrate(target: DatabaseTarget, logger: Logger): Promise<MigrationReport> {
  const migrations = readMigrations(migrationsFolder(target.provider));
  let report: MigrationReport;
  if (target.provider === 'sqlite') {
    ensureSqliteFolder(target);
    // Its lock would wait, blocking this thread, for a batch this process holds open.
    commitEveryBatch();
    const connection = sqliteMigrationConnection(target.file);
    try {
      report = await runMigrations(connection, migrations);
    } finally {
      connection.close();
    }
  } else {
    const connection = await postgresMigrationConnection(target.connectionString, target.schema);
    try {
      report = await runMigrations(connection, migrations);
    } finally {
      await connection.close();
    }
  }
  if (report.applied.length > 0)
    logger.info('database migrated', { provider: target.provider, applied: report.applied });
  for (const name of report.modified) {
    logger.warn('an applied migration was edited afterwards; the database keeps the old version', {
      migration: name,
    });
  }
  return report;
}

/** The Prisma client, and on SQLite the connection its driver adapter opened (direct-sql.ts). */
interface Client {
  client: DbClient;
  sqlite: (() => SqliteConnection | null) | null;
  pg: (() => PgPool | null) | null;
}

async function createClient(
  target: DatabaseTarget,
  beforeTransaction: () => void,
): Promise<Client> {
  if (target.provider === 'sqlite') {
    const [{ PrismaBetterSQLite3 }, { PrismaClient }] = await Promise.all([
      import('@prisma/adapter-better-sqlite3'),
      import('./generated/sqlite/client.js'),
    ]);
    const factory = new PrismaBetterSQLite3({ url: target.file, timeout: 5_000 });
    // Kept when Prisma connects (lazily, and again after a disconnect): the adapter's client.
    let connection: SqliteConnection | null = null;
    const connect = factory.connect.bind(factory);
    factory.connect = async () => {
      const adapter = await connect();
      const opened: unknown = (adapter as unknown as { client?: unknown }).client;
      connection = isSqliteConnection(opened) ? opened : null;
      const startTransaction = adapter.startTransaction.bind(adapter);
      adapter.startTransaction = (...args) => {
        beforeTransaction();
        return startTransaction(...args);
      };
      return adapter;
    };
    return { client: new PrismaClient({ adapter: factory }), sqlite: () => connection, pg: null };
  }
  const [{ PrismaPg }, { PrismaClient }] = await Promise.all([
    import('@prisma/adapter-pg'),
    import('./generated/postgres/client.js'),
  ]);
  const factory = new PrismaPg(
    {
      connectionString: target.connectionString,
      options: `-c search_path=${quoteIdentifier(target.schema)}`,
      max: target.poolSize ?? DEFAULT_POOL_SIZE,
      idleTimeoutMillis: POOL_IDLE_MS,
    },
    { schema: target.schema },
  );
  // Kept when Prisma connects, as on SQLite: the adapter's pool.
  let pool: PgPool | null = null;
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const opened: unknown = adapter.underlyingDriver();
    pool = isPgPool(opened) ? opened : null;
    return adapter;
  };
  // Same query API for this schema: see prisma-context.ts.
  const client = new PrismaClient({ adapter: factory }) as unknown as DbClient;
  return { client, sqlite: null, pg: () => pool };
}

/**
 * Raw statements on `db`: direct on SQLite's one connection (in a transaction or not), direct on
 * PostgreSQL's pool outside a transaction (`pg` null inside one: Prisma's transaction).
 */
function rawSqlOf(
  db: Db,
  { sqlite, pg }: Pick<Client, 'sqlite' | 'pg'>,
  batches: GroupCommitGate | null = null,
): RawSql {
  const viaPrisma = prismaRawSql(() => db);
  if (sqlite)
    return sqliteRawSql(sqlite, viaPrisma, !('$transaction' in db), () => batches?.joinBatch());
  return pg ? pgRawSql(pg, viaPrisma) : viaPrisma;
}

function baseContext(
  created: Client,
  gate: Gate,
  provider: Store['provider'],
  batches: GroupCommitGate | null,
  logger: Logger,
): PrismaContext {
  const raw = rawSqlOf(created.client, created, batches);
  return {
    db: created.client,
    provider,
    raw,
    gate,
    inTransaction: false,
    // Called from inside a gated repository method, so the gate is already held.
    atomically: (work) => created.client.$transaction((tx) => work(tx), TRANSACTION_OPTIONS),
    // SQLite's group commit already lets such marks commit late.
    sentMarks: provider === 'postgresql' ? pendingSentMarks({ raw, logger }) : null,
  };
}

function transactionContext(
  tx: Db,
  provider: Store['provider'],
  sqlite: Client['sqlite'],
): PrismaContext {
  return {
    db: tx,
    provider,
    raw: rawSqlOf(tx, { sqlite, pg: null }),
    gate: openGate,
    inTransaction: true,
    atomically: (work) => work(tx),
    sentMarks: null,
  };
}

function buildRepositories(ctx: PrismaContext): Repositories {
  return {
    directory: createPrismaDirectory(ctx),
    cases: createPrismaCaseRepository(ctx),
    milestones: createPrismaMilestoneRepository(ctx),
    events: createPrismaEventLog(ctx),
    deflections: createPrismaDeflectionRepository(ctx),
    ratings: createPrismaRatingRepository(ctx),
    deliveries: createPrismaDeliveryLedger(ctx),
    digests: createPrismaDigestRepository(ctx),
    journal: createPrismaMessageJournal(ctx),
    learned: createPrismaLearnedPhrasings(ctx),
    callbacks: createPrismaCallbackRepository(ctx),
  };
}

function emptyReport(): MigrationReport {
  return { applied: [], alreadyApplied: [], modified: [] };
}
