// npm run chaos [-- --quick] [--platform slack|discord] [--seed N] [--only pg|sqlite] [--ref COMMIT | --app DIR] [--dist]
//   [--postgres URL] [--json FILE] [--keep-logs]
// The black-box proof of issue 15 ("Nothing lost, nothing doubled"): real casebot processes in
// Slack HTTP mode against the project's fake Slack, on PostgreSQL (2 replicas behind a round-robin
// balancer) and on SQLite (1 process), under Web API faults, event redeliveries to the other
// replica, resubmitted forms and kill -9 at chosen moments; then every message Slack received is
// counted against what the script was owed, and `lost N` / `duplicated N` are printed with the list.
// --quick (or CHAOS_QUICK=1): the bounded run, about 2 minutes, seed 1 unless given.
// --ref COMMIT (or CHAOS_REF): run that commit's app from a snapshot instead of the working tree.
// Exit status: 0 nothing lost or doubled, 1 something was, 2 the harness itself failed.
// See bench/chaos/README.md for what is owed and why.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_POSTGRES_URL, snapshot } from './infra.js';
import { discordPlatform } from './discord/platform.js';
import { scenarios, type Platform } from './modes.js';
import { formatScenario, formatTotals, totals, type Totals } from './report.js';
import type { Replica } from './replicas.js';
import { runScenario, type ScenarioResult } from './scenario.js';
import { slackPlatform } from './slack-platform.js';

export interface ChaosOptions {
  quick: boolean;
  /** Which platform's fake and adapter (default slack). */
  platform: Platform;
  seed: number;
  only: string | null;
  appDir: string;
  /** A commit to snapshot and run instead of appDir. */
  ref: string | null;
  entry: 'tsx' | 'dist';
  postgresUrl: string;
  keepLogs: boolean;
  /** Progress lines and the report; default stdout. */
  print: (text: string) => void;
}

export interface ChaosReport {
  options: Omit<ChaosOptions, 'print'>;
  scenarios: ScenarioResult[];
  totals: Totals;
  durationMs: number;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function defaultOptions(overrides: Partial<ChaosOptions> = {}): ChaosOptions {
  const quick = overrides.quick ?? process.env.CHAOS_QUICK === '1';
  const envSeed = process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : null;
  return {
    quick,
    platform: process.env.CHAOS_PLATFORM === 'discord' ? 'discord' : 'slack',
    seed: envSeed ?? (quick ? 1 : Math.floor(Math.random() * 1_000_000)),
    only: null,
    appDir: process.env.CHAOS_APP_DIR ? resolve(process.env.CHAOS_APP_DIR) : ROOT,
    ref: process.env.CHAOS_REF ?? null,
    entry: 'tsx',
    postgresUrl:
      process.env.CHAOS_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? DEFAULT_POSTGRES_URL,
    keepLogs: false,
    print: (text) => process.stdout.write(`${text}\n`),
    ...overrides,
  };
}

/** Every replica of the run, so that an interrupted run leaves no process behind. */
const spawned = new Set<Replica>();
function killAll(): void {
  for (const replica of spawned) replica.killNow();
}
let exitHookInstalled = false;

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  if (!exitHookInstalled) {
    // Also when runChaos is called from a test: replicas must not outlive the process.
    process.once('exit', killAll);
    exitHookInstalled = true;
  }
  const workDir = mkdtempSync(join(tmpdir(), 'casebot-chaos-'));
  const { print, ...shown } = options;
  let appDir = options.appDir;
  let app = appDir;
  if (options.ref) {
    const snap = snapshot(ROOT, options.ref, workDir);
    appDir = snap.dir;
    app = `commit ${snap.commit} (${options.ref})`;
  }
  print(
    `casebot chaos run · ${options.platform} · seed ${options.seed} · ${options.quick ? 'quick' : 'full'} · app ${app} (${options.entry === 'tsx' ? 'tsx src/main.ts' : 'node dist/main.js'})`,
  );
  const chosen = scenarios(options.quick, options.platform).filter(
    (c) => !options.only || c.id === options.only,
  );
  const settings = {
    seed: options.seed,
    appDir,
    entry: options.entry,
    postgresUrl: options.postgresUrl,
    workDir,
    track: (replica: Replica) => spawned.add(replica),
    progress: print,
  };
  // Side by side: the SQLite scenario's load starts once the PostgreSQL intake is under way (see
  // modes.ts), which keeps the bounded run near 2 minutes.
  const results = await Promise.all(
    chosen.map((config) =>
      runScenario(
        config,
        settings,
        config.platform === 'discord' ? discordPlatform : slackPlatform,
      ),
    ),
  );
  const report: ChaosReport = {
    options: shown,
    scenarios: results,
    totals: totals(results),
    durationMs: Date.now() - started,
  };
  print('');
  for (const result of results) print(`${formatScenario(result)}\n`);
  print(formatTotals(report.totals, report.durationMs));
  const clean =
    report.totals.lost +
      report.totals.duplicated +
      report.totals.unexpected +
      report.totals.misplaced ===
    0;
  // A copy re-sent after a kill fails nothing, but should not happen either: its logs are kept.
  if (clean && report.totals.resentAfterKill === 0 && !options.keepLogs)
    rmSync(workDir, { recursive: true, force: true });
  return report;
}

function parseArgs(argv: string[]): { options: ChaosOptions; json: string | null } {
  const overrides: Partial<ChaosOptions> = {};
  let json: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--quick') overrides.quick = true;
    else if (arg === '--platform') overrides.platform = value() as Platform;
    else if (arg === '--seed') overrides.seed = Number(value());
    else if (arg === '--only') overrides.only = value();
    else if (arg === '--app') overrides.appDir = resolve(value());
    else if (arg === '--ref') overrides.ref = value();
    else if (arg === '--dist') overrides.entry = 'dist';
    else if (arg === '--postgres') overrides.postgresUrl = value();
    else if (arg === '--keep-logs') overrides.keepLogs = true;
    else if (arg === '--json') json = value();
    else throw new Error(`unknown option ${arg}`);
  }
  if (overrides.seed !== undefined && !Number.isInteger(overrides.seed))
    throw new Error('--seed takes an integer');
  if (overrides.platform && !['slack', 'discord'].includes(overrides.platform))
    throw new Error('--platform takes slack or discord');
  if (overrides.only && !['pg', 'sqlite'].includes(overrides.only))
    throw new Error('--only takes pg or sqlite');
  return { options: defaultOptions(overrides), json };
}

async function main(): Promise<number> {
  let parsed: { options: ChaosOptions; json: string | null };
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`chaos: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const report = await runChaos(parsed.options);
  if (parsed.json) writeFileSync(parsed.json, JSON.stringify(report, null, 2));
  const t = report.totals;
  return t.lost + t.duplicated + t.unexpected + t.misplaced === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      killAll();
      process.exit(130);
    });
  main().then(
    (code) => {
      killAll();
      process.exit(code);
    },
    (error: unknown) => {
      killAll();
      process.stderr.write(
        `chaos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(2);
    },
  );
}
