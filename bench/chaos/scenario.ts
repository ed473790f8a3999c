// One chaos scenario, start to finish: a fake Slack with injected faults, N casebot replicas on one
// database behind the load balancer, the scripted load with its kills, then quiescence, a clean
// stop, and the count of what Slack received against what the script was owed.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { FakeSlack, type FaultRule, type RecordedCall } from '../../test/fakes/slack/fake-slack.js';
import { CallWatch } from './calls.js';
import { classify } from './classify.js';
import { backlogAt, type Backlog } from './health.js';
import { createDatabase, dropDatabase, freePort } from './infra.js';
import {
  customerJourney,
  questionText,
  type CustomerPlan,
  type JourneyContext,
} from './journeys.js';
import { Killer, type KillRecord, type PlannedKill } from './kills.js';
import { Ledger } from './ledger.js';
import { Replica, type Life } from './replicas.js';
import { createRng, type Rng } from './rng.js';
import { SlackSide, sleep, type SideStats } from './slack-side.js';
import { tally, type Tally } from './tally.js';
import { customer, ENGINEERS, writeWorld } from './world.js';

export interface ScenarioConfig {
  id: string;
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

const SIGNING_SECRET = 'chaos-signing-secret';

/**
 * About `rate` of the calls fail in the fault period; every call fails during the storm (a short
 * Slack outage), long enough for in-call retries to give up, so that posts are kept for later
 * delivery and a restart meets kept posts that a live replica is sending.
 */
function faultRule(rng: Rng, faults: ScenarioConfig['faults'], origin: number): FaultRule {
  const statuses = [429, 500, 503] as const;
  return (method) => {
    const now = Date.now() - origin;
    const storm = faults.storm && now >= faults.storm.fromMs && now < faults.storm.untilMs;
    const period = now >= faults.fromMs && now < faults.untilMs;
    if (!storm && !(period && rng.chance(faults.rate))) return null;
    const status = rng.pick(statuses);
    if (status === 429) return { status, retryAfter: 1 };
    // Half the 5xx on a post come after Slack took it (the answer lost): it must not land twice.
    return { status, applied: method === 'chat.postMessage' && rng.chance(0.5) };
  };
}

function planCustomers(config: ScenarioConfig, rng: Rng, loadStart: number): CustomerPlan[] {
  const plans: CustomerPlan[] = [];
  const spread = (i: number, n: number) => (n <= 1 ? 0 : (config.arrivalMs * i) / (n - 1));
  for (let i = 0; i < config.cases; i++) {
    const key = `c${String(i + 1).padStart(2, '0')}`;
    plans.push({
      key,
      user: customer(i + 1),
      startAtMs: loadStart + spread(i, config.cases) + rng.between(0, 300),
      question: questionText(i, key),
      escalate: true,
      pressSolved: false,
      severity: rng.pick([1, 2, 2, 2, 3]),
      resubmit: rng.chance(config.resubmitChance),
      claim: rng.chance(config.claimChance)
        ? rng.chance(config.raceChance)
          ? 'race'
          : 'single'
        : 'none',
    });
  }
  for (let j = 0; j < config.questionsOnly; j++) {
    const key = `q${String(j + 1).padStart(2, '0')}`;
    plans.push({
      key,
      user: customer(500 + j + 1),
      startAtMs: loadStart + rng.between(0, config.arrivalMs),
      question: questionText(j + 3, key),
      escalate: false,
      pressSolved: rng.chance(0.6),
      severity: 2,
      resubmit: false,
      claim: 'none',
    });
  }
  return plans;
}

async function waitUntil(condition: () => boolean, deadline: number): Promise<void> {
  while (!condition() && Date.now() < deadline) await sleep(200);
}

export async function runScenario(
  config: ScenarioConfig,
  settings: RunSettings,
): Promise<ScenarioResult> {
  const t0 = Date.now();
  const elapsed = () => Date.now() - t0;
  const say = (line: string) =>
    settings.progress(`[${config.id} ${(elapsed() / 1000).toFixed(1).padStart(5)} s] ${line}`);
  const rng = createRng(settings.seed).fork(config.id);
  const dir = mkdtempSync(join(settings.workDir, `${config.id}-`));
  writeWorld(dir, { targetSeconds: config.targetSeconds, thresholds: config.thresholds });
  const fake = await FakeSlack.start();
  for (const engineer of ENGINEERS) fake.addUser(engineer.id, engineer.name);
  for (let i = 1; i <= config.cases; i++) fake.addUser(customer(i).id, customer(i).name);
  for (let j = 1; j <= config.questionsOnly; j++)
    fake.addUser(customer(500 + j).id, customer(500 + j).name);

  const dbName = `chaos_${process.pid}_${config.id}_${Date.now().toString(36)}`;
  let databaseUrl = `file:${join(dir, 'casebot.db')}`;
  if (config.database === 'postgresql')
    databaseUrl = await createDatabase(settings.postgresUrl, dbName);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    DATABASE_URL: databaseUrl,
    CASEBOT_CONFIG: join(dir, 'casebot.yml'),
    CASEBOT_ADAPTER: 'slack',
    KB_DIR: join(settings.appDir, 'kb'),
    KB_WATCH: 'off',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLA_TICK_SECONDS: '1',
    LOG_LEVEL: 'info',
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
    });
    settings.track(replica);
    replicas.push(replica);
  }

  let killer: Killer | null = null;
  let watch: CallWatch | null = null;
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
    const unsubscribe = fake.onCall((call) => activeKiller.onCall(call));
    fake.injectFaults(faultRule(rng.fork('faults'), config.faults, t0 + loadStart));
    const side = new SlackSide(replicas, SIGNING_SECRET, rng.fork('redeliveries'), elapsed);
    const activeWatch = new CallWatch(fake);
    watch = activeWatch;
    const ledger = new Ledger();
    const ctx: JourneyContext = {
      scenario: config.id,
      side,
      watch: activeWatch,
      killer: activeKiller,
      ledger,
      rng: rng.fork('journeys'),
      elapsed,
      redeliverChance: config.redeliverChance,
      patienceMs: config.patienceMs,
    };
    const plans = planCustomers(config, rng.fork('customers'), loadStart);
    let killsSeen = 0;
    const killReporter = setInterval(() => {
      for (const k of activeKiller.records.slice(killsSeen))
        say(`kill -9 ${k.replica}#${k.incarnation} (${k.point}: ${k.detail})`);
      killsSeen = activeKiller.records.length;
    }, 250);
    await Promise.all(plans.map((plan) => customerJourney(ctx, plan)));
    say(`load done: ${ledger.forms.length} forms, ${ledger.questions.length} questions`);
    await side.settle();

    const lastDeadline = Math.max(0, ...plannedKills.map((k) => k.deadlineMs));
    await waitUntil(() => activeKiller.remaining === 0, t0 + lastDeadline + 10_000);
    await Promise.all(replicas.map((r) => r.whenReady()));
    const dues = [...classify(fake.calls).dueByRef.values()];
    const lastDue = dues.length > 0 ? Math.max(...dues) : Date.now();
    say(`waiting past the last due time (${((lastDue - t0) / 1000).toFixed(0)} s)`);
    await sleep(Math.max(0, lastDue + 4_000 - Date.now()));
    fake.injectFaults(null);
    const settled = await settle(replicas, activeWatch, config);
    say(settled);
    clearInterval(killReporter);
    activeKiller.stop();
    unsubscribe();
    say('stopping the replicas');
    await Promise.all(replicas.map((r) => r.stop()));
    const calls: RecordedCall[] = [...fake.calls];
    const lives = replicas.flatMap((r) => r.lives);
    const result: ScenarioResult = {
      config,
      tally: tally({
        ledger,
        classified: classify(calls),
        calls,
        lives,
        t0,
        // The app's default when the run does not set it (DELIVERY_LEASE_SECONDS=60).
        leaseMs: Number(config.appEnv.DELIVERY_LEASE_SECONDS ?? 60) * 1000,
        targetMs: config.targetSeconds * 1000,
        thresholds: config.thresholds,
      }),
      kills: activeKiller.records,
      lives,
      requests: side.stats,
      faults: faultFigures(calls),
      durationMs: elapsed(),
      logDir: dir,
    };
    return result;
  } finally {
    killer?.stop();
    watch?.close();
    for (const replica of replicas) replica.killNow();
    await fake.close();
    if (config.database === 'postgresql')
      await dropDatabase(settings.postgresUrl, dbName).catch((error: unknown) =>
        say(`could not drop ${dbName}: ${String(error)}`),
      );
  }
}

/**
 * Waits until Slack has heard nothing for `quietMs` and, when /healthz reports a delivery backlog,
 * until it is empty; at most `maxSettleMs`. Returns how it ended, for the progress log.
 */
async function settle(
  replicas: Replica[],
  watch: CallWatch,
  config: ScenarioConfig,
): Promise<string> {
  const deadline = Date.now() + config.maxSettleMs;
  let last: Backlog = 'unreachable';
  for (;;) {
    const quiet = Date.now() - watch.lastCallAt >= config.quietMs;
    const ready = replicas.find((r) => r.isReady);
    last = ready ? await backlogAt(ready.options.port) : 'unreachable';
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

function faultFigures(calls: RecordedCall[]): FaultFigures {
  const byStatus: Record<string, number> = {};
  let failed = 0;
  for (const call of calls) {
    if (call.status === 200) continue;
    failed += 1;
    byStatus[call.status] = (byStatus[call.status] ?? 0) + 1;
  }
  return { calls: calls.length, failed, byStatus };
}
