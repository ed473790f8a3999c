// One chaos scenario, start to finish, on either platform: a fake platform with injected faults,
// N casebot replicas on one database, the scripted load with its kills, then quiescence, a clean
// stop, and the count of what the platform received against what the script was owed. What is
// platform-specific (the fake, the people's journeys, recognising messages) comes from a
// PlatformRun: slack-platform.ts, discord/platform.ts.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { Classified } from './classify.js';
import { backlogAt, type Backlog } from './health.js';
import { createDatabase, dropDatabase, freePort } from './infra.js';
import { Killer, type KillRecord, type PlannedKill, type SentMessage } from './kills.js';
import { Ledger } from './ledger.js';
import { Replica, type LifePlatform, type Life } from './replicas.js';
import { createRng, type Rng } from './rng.js';
import { sleep, type SideStats } from './slack-side.js';
import { tally, type Orphan, type Tally } from './tally.js';

export interface ScenarioConfig {
  id: string;
  platform: 'slack' | 'discord';
  title: string;
  database: 'postgresql' | 'sqlite';
  replicas: number;
  cases: number;
  /** Customers who only ask (and some press *This solved it*). */
  questionsOnly: number;
  /** The load starts this long after every replica is ready. */
  loadDelayMs: number;
  /** Customers arrive spread over this long. */
  arrivalMs: number;
  targetSeconds: number;
  thresholds: number[];
  /** Web API faults, in ms after the load starts. */
  faults: {
    rate: number;
    fromMs: number;
    untilMs: number;
    /** Every call fails in this window. */
    storm?: { fromMs: number; untilMs: number };
  };
  /** In ms after the load starts. */
  kills: PlannedKill[];
  redeliverChance: number;
  resubmitChance: number;
  claimChance: number;
  raceChance: number;
  patienceMs: number;
  /** Quiescence: this long without any call to the fake. */
  quietMs: number;
  /** At most this long waiting for quiescence after the last due time. */
  maxSettleMs: number;
  restartDelayMs: number;
  /**
   * Settings of the app under test. Delivery leases are shortened so that work a killed process
   * left is taken over within the run (the app ignores variables it does not know).
   */
  appEnv: Record<string, string>;
}

export interface RunSettings {
  seed: number;
  appDir: string;
  entry: 'tsx' | 'dist';
  postgresUrl: string;
  workDir: string;
  /** Every replica created, so that an interrupted run can kill them all. */
  track: (replica: Replica) => void;
  progress: (line: string) => void;
}

export interface FaultFigures {
  calls: number;
  failed: number;
  byStatus: Record<string, number>;
}

export interface ScenarioResult {
  config: ScenarioConfig;
  tally: Tally;
  kills: KillRecord[];
  lives: Life[];
  requests: SideStats;
  faults: FaultFigures;
  durationMs: number;
  logDir: string;
}

/** A failure the fake answers a call with instead of its normal answer. */
export interface Fault {
  status: 429 | 500 | 503;
  retryAfter?: number;
  /** A 5xx after the work was done (the answer lost): the call takes effect, then fails. */
  applied?: boolean;
}

/** Decides the fate of one call: `isPost` when it creates a message (its 5xx may be applied). */
export type FaultDecider = (isPost: boolean) => Fault | null;

/**
 * About `rate` of the calls fail in the fault period; every call fails during the storm (a short
 * outage), long enough for in-call retries to give up, so that messages wait in the journal
 * for a later try and a restart meets journal rows that a live replica is sending.
 */
function faultRule(rng: Rng, faults: ScenarioConfig['faults'], origin: number): FaultDecider {
  const statuses = [429, 500, 503] as const;
  return (isPost) => {
    const now = Date.now() - origin;
    const storm = faults.storm && now >= faults.storm.fromMs && now < faults.storm.untilMs;
    const period = now >= faults.fromMs && now < faults.untilMs;
    if (!storm && !(period && rng.chance(faults.rate))) return null;
    const status = rng.pick(statuses);
    if (status === 429) return { status, retryAfter: 1 };
    // Half the 5xx on a post come after the platform took it (the answer lost): it must not
    // land twice.
    return { status, applied: isPost && rng.chance(0.5) };
  };
}

/** Calls by status, from the fake's record. */
export function faultFigures(statuses: number[]): FaultFigures {
  const byStatus: Record<string, number> = {};
  let failed = 0;
  for (const status of statuses) {
    if (status >= 200 && status < 300) continue;
    failed += 1;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }
  return { calls: statuses.length, failed, byStatus };
}

/** What the load needs from the scenario. */
export interface LoadContext {
  config: ScenarioConfig;
  replicas: Replica[];
  killer: Killer;
  ledger: Ledger;
  rng: Rng;
  elapsed: () => number;
  /** Scenario ms at which the first person arrives. */
  loadStart: number;
}

/** One platform's side of a scenario: its fake, its people, and how its messages are read. */
export interface PlatformRun {
  /** The app's variables for this platform (CASEBOT_ADAPTER, the fake's URL, …). */
  env: Record<string, string>;
  /** Each process life's token and variables. */
  lives: LifePlatform;
  /** Reaches the app's HTTP server (GET /healthz), or not (null). */
  healthPort: ((replica: Replica) => number) | null;
  /** Tells `listener` about each message the app created, as it lands. */
  onMessage(listener: (sent: SentMessage) => void): () => void;
  injectFaults(decide: FaultDecider | null): void;
  /** Date.now() of the last call the fake heard (quiescence is measured from it). */
  lastCallAt(): number;
  /** Runs the people's journeys and everything the platform redelivers; resolves when done. */
  load(context: LoadContext): Promise<SideStats>;
  /** First-response due instants (ms) read from the messages so far. */
  dues(): number[];
  /** Everything received, read. */
  count(ledger: Ledger): { classified: Classified; orphans: Orphan[]; faults: FaultFigures };
  close(): Promise<void>;
}

export type PlatformFactory = (setup: {
  config: ScenarioConfig;
  dir: string;
}) => Promise<PlatformRun>;

async function waitUntil(condition: () => boolean, deadline: number): Promise<void> {
  while (!condition() && Date.now() < deadline) await sleep(200);
}

export async function runScenario(
  config: ScenarioConfig,
  settings: RunSettings,
  platformFor: PlatformFactory,
): Promise<ScenarioResult> {
  const t0 = Date.now();
  const elapsed = () => Date.now() - t0;
  const say = (line: string) =>
    settings.progress(`[${config.id} ${(elapsed() / 1000).toFixed(1).padStart(5)} s] ${line}`);
  const rng = createRng(settings.seed).fork(config.id);
  const dir = mkdtempSync(join(settings.workDir, `${config.id}-`));
  const platform = await platformFor({ config, dir });

  const dbName = `chaos_${process.pid}_${config.id}_${Date.now().toString(36)}`;
  let databaseUrl = `file:${join(dir, 'casebot.db')}`;
  if (config.database === 'postgresql')
    databaseUrl = await createDatabase(settings.postgresUrl, dbName);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    DATABASE_URL: databaseUrl,
    CASEBOT_CONFIG: join(dir, 'casebot.yml'),
    KB_DIR: join(settings.appDir, 'kb'),
    KB_WATCH: 'off',
    SLA_TICK_SECONDS: '1',
    LOG_LEVEL: 'info',
    ...platform.env,
    ...config.appEnv,
  };
  const replicas: Replica[] = [];
  for (let i = 1; i <= config.replicas; i++) {
    const replica = new Replica({
      name: `${config.id}-r${i}`,
      port: await freePort(),
      appDir: settings.appDir,
      entry: settings.entry,
      env,
      logDir: dir,
      restartDelayMs: config.restartDelayMs,
      elapsed,
      platform: platform.lives,
    });
    settings.track(replica);
    replicas.push(replica);
  }

  let killer: Killer | null = null;
  try {
    say(`starting ${config.replicas} replica(s) on ${config.database}`);
    await Promise.race([
      Promise.all(replicas.map((r) => r.start())),
      sleep(120_000).then(() => {
        throw new Error('replicas did not start within 120 s');
      }),
    ]);
    const loadStart = elapsed() + config.loadDelayMs;
    say('replicas ready');
    const plannedKills = config.kills.map((k) => ({
      ...k,
      notBeforeMs: loadStart + k.notBeforeMs,
      deadlineMs: loadStart + k.deadlineMs,
    }));
    const activeKiller = new Killer(replicas, plannedKills, rng.fork('kills'), elapsed);
    killer = activeKiller;
    const unsubscribe = platform.onMessage((sent) => activeKiller.onMessageSent(sent));
    platform.injectFaults(faultRule(rng.fork('faults'), config.faults, t0 + loadStart));
    const ledger = new Ledger();
    let killsSeen = 0;
    const killReporter = setInterval(() => {
      for (const k of activeKiller.records.slice(killsSeen))
        say(`kill -9 ${k.replica}#${k.incarnation} (${k.point}: ${k.detail})`);
      killsSeen = activeKiller.records.length;
    }, 250);
    const requests = await platform.load({
      config,
      replicas,
      killer: activeKiller,
      ledger,
      rng,
      elapsed,
      loadStart,
    });
    say(`load done: ${ledger.forms.length} forms, ${ledger.questions.length} questions`);

    const lastDeadline = Math.max(0, ...plannedKills.map((k) => k.deadlineMs));
    await waitUntil(() => activeKiller.remaining === 0, t0 + lastDeadline + 10_000);
    await Promise.all(replicas.map((r) => r.whenReady()));
    const dues = platform.dues();
    const lastDue = dues.length > 0 ? Math.max(...dues) : Date.now();
    say(`waiting past the last due time (${((lastDue - t0) / 1000).toFixed(0)} s)`);
    await sleep(Math.max(0, lastDue + 4_000 - Date.now()));
    platform.injectFaults(null);
    const settled = await settle(replicas, platform, config);
    say(settled);
    clearInterval(killReporter);
    activeKiller.stop();
    unsubscribe();
    say('stopping the replicas');
    await Promise.all(replicas.map((r) => r.stop()));
    const lives = replicas.flatMap((r) => r.lives);
    const counted = platform.count(ledger);
    const result: ScenarioResult = {
      config,
      tally: tally({
        ledger,
        classified: counted.classified,
        orphans: counted.orphans,
        lives,
        t0,
        // The app's default when the run does not set it (DELIVERY_LEASE_SECONDS=60).
        leaseMs: Number(config.appEnv.DELIVERY_LEASE_SECONDS ?? 60) * 1000,
        targetMs: config.targetSeconds * 1000,
        thresholds: config.thresholds,
      }),
      kills: activeKiller.records,
      lives,
      requests,
      faults: counted.faults,
      durationMs: elapsed(),
      logDir: dir,
    };
    return result;
  } finally {
    killer?.stop();
    for (const replica of replicas) replica.killNow();
    await platform.close();
    if (config.database === 'postgresql')
      await dropDatabase(settings.postgresUrl, dbName).catch((error: unknown) =>
        say(`could not drop ${dbName}: ${String(error)}`),
      );
  }
}

/**
 * Waits until the platform has heard nothing for `quietMs` and, when /healthz reports a delivery
 * backlog, until it is empty; at most `maxSettleMs`. Returns how it ended, for the progress log.
 */
async function settle(
  replicas: Replica[],
  platform: PlatformRun,
  config: ScenarioConfig,
): Promise<string> {
  const deadline = Date.now() + config.maxSettleMs;
  let last: Backlog = 'unreachable';
  for (;;) {
    const quiet = Date.now() - platform.lastCallAt() >= config.quietMs;
    const ready = replicas.find((r) => r.isReady);
    const port = platform.healthPort;
    last = !port ? 'not reported' : ready ? await backlogAt(port(ready)) : 'unreachable';
    const empty =
      last === 'not reported' || (typeof last === 'object' && last.pending + last.undone === 0);
    if (quiet && empty)
      return typeof last === 'object'
        ? 'quiet, and /healthz reports nothing waiting'
        : 'quiet (/healthz reports no backlog figures)';
    if (Date.now() > deadline)
      return `gave up waiting after ${config.maxSettleMs / 1000} s: ${typeof last === 'object' ? `/healthz still reports ${last.pending} message(s) and ${last.undone} request(s) waiting` : `not quiet (${last})`}`;
    await sleep(500);
  }
}
