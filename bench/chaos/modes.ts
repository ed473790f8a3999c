// The two sizes of a run. quick: bounded (about 2 minutes, the vitest entry and CI); full: more
// cases, longer faults, more kills, longer targets (about 4 minutes).
// Timing constraints the numbers respect:
// - the gap between two SLA levels (a quarter of the target) is longer than a replica's downtime
//   on an idle machine (restart delay + boot, about 8 s), so the single-process run should not
//   skip a warning (when it does, because no process was up, tally.ts owes that level at most once);
// - kills happen one at a time and only when every replica is ready, so in the replicated run some
//   replica can always do the work;
// - the SQLite load begins once the PostgreSQL intake is under way, so the two runs (in parallel
//   on a 2-core machine) do not pile their intake peaks on each other.
import type { ScenarioConfig } from './scenario.js';

const THRESHOLDS = [0.25, 0.5, 0.75];

export type Platform = ScenarioConfig['platform'];

/** What the people do and how long they wait, and the app's delivery timing: both platforms. */
function people(quick: boolean) {
  return {
    thresholds: THRESHOLDS,
    // Slack: acked events delivered again to the other replica; Discord: gateway replays.
    redeliverChance: 0.3,
    resubmitChance: 0.25,
    claimChance: 0.8,
    raceChance: 0.35,
    // Longer than two delivery leases: work a killed process held is redone, late, within it.
    patienceMs: 40_000,
    restartDelayMs: 4_000,
    // Work a killed process held is redone after 2 leases; 15 s keeps that inside the run.
    appEnv: { DELIVERY_LEASE_SECONDS: quick ? '15' : '30', DELIVERY_CHECK_SECONDS: '2' },
  };
}

export function scenarios(quick: boolean, platform: Platform = 'slack'): ScenarioConfig[] {
  if (platform === 'discord') return discordScenarios(quick);
  const common = { platform: 'slack' as const, ...people(quick) };
  if (quick)
    return [
      {
        ...common,
        id: 'pg',
        title: 'PostgreSQL, 2 replicas behind a round-robin balancer',
        database: 'postgresql',
        replicas: 2,
        // A few more than the 30 the proof asks for: a person who gives up waiting opens no case.
        cases: 32,
        questionsOnly: 8,
        loadDelayMs: 500,
        arrivalMs: 15_000,
        targetSeconds: 48,
        faults: {
          rate: 0.2,
          fromMs: 1_000,
          untilMs: 30_000,
          storm: { fromMs: 8_000, untilMs: 14_000 },
        },
        kills: [
          { point: 'intake', kinds: ['view_submission'], notBeforeMs: 4_000, deadlineMs: 20_000 },
          { point: 'send', notBeforeMs: 10_000, deadlineMs: 32_000 },
          { point: 'tick', notBeforeMs: 15_000, deadlineMs: 55_000 },
        ],
        quietMs: 6_000,
        maxSettleMs: 40_000,
      },
      {
        ...common,
        id: 'sqlite',
        title: 'SQLite, 1 process killed mid-tick',
        database: 'sqlite',
        replicas: 1,
        cases: 12,
        questionsOnly: 0,
        loadDelayMs: 12_000,
        arrivalMs: 1_000,
        // Longer than the replicated run's: its level gap (18 s) outlasts a restart on a busy
        // machine, so a warning lost in a killed tick is not mistaken for one skipped in downtime.
        targetSeconds: 72,
        faults: { rate: 0.2, fromMs: 0, untilMs: 12_000 },
        kills: [{ point: 'tick', notBeforeMs: 0, deadlineMs: 40_000 }],
        quietMs: 6_000,
        maxSettleMs: 40_000,
      },
    ];
  return [
    {
      ...common,
      id: 'pg',
      title: 'PostgreSQL, 2 replicas behind a round-robin balancer',
      database: 'postgresql',
      replicas: 2,
      cases: 60,
      questionsOnly: 15,
      loadDelayMs: 500,
      arrivalMs: 45_000,
      targetSeconds: 120,
      faults: {
        rate: 0.2,
        fromMs: 1_000,
        untilMs: 61_000,
        storm: { fromMs: 15_000, untilMs: 21_000 },
      },
      kills: [
        { point: 'intake', kinds: ['event'], notBeforeMs: 4_000, deadlineMs: 20_000 },
        { point: 'intake', kinds: ['view_submission'], notBeforeMs: 12_000, deadlineMs: 35_000 },
        { point: 'send', notBeforeMs: 20_000, deadlineMs: 50_000 },
        { point: 'send', notBeforeMs: 30_000, deadlineMs: 65_000 },
        { point: 'tick', notBeforeMs: 35_000, deadlineMs: 110_000 },
        { point: 'tick', notBeforeMs: 60_000, deadlineMs: 150_000 },
      ],
      quietMs: 10_000,
      maxSettleMs: 120_000,
    },
    {
      ...common,
      id: 'sqlite',
      title: 'SQLite, 1 process killed mid-tick',
      database: 'sqlite',
      replicas: 1,
      cases: 24,
      questionsOnly: 4,
      loadDelayMs: 30_000,
      arrivalMs: 2_000,
      targetSeconds: 90,
      faults: { rate: 0.2, fromMs: 0, untilMs: 20_000 },
      kills: [
        { point: 'tick', notBeforeMs: 0, deadlineMs: 60_000 },
        { point: 'tick', notBeforeMs: 40_000, deadlineMs: 90_000 },
      ],
      quietMs: 10_000,
      maxSettleMs: 120_000,
    },
  ];
}

/**
 * Discord: one process at a time. A bot has one gateway session per shard, and every session of
 * the same bot gets every event, so replicas would each answer everything; the realistic shape is
 * one process, restarted by its supervisor, on SQLite (the small deployment) — the full run adds
 * the same on PostgreSQL. Kills: while a form submission is handled, just after a post, mid-tick.
 */
function discordScenarios(quick: boolean): ScenarioConfig[] {
  const one = {
    platform: 'discord' as const,
    ...people(quick),
    replicas: 1,
    loadDelayMs: 500,
    // The gap between two levels (a quarter of the target) outlasts a restart on a busy machine.
    targetSeconds: quick ? 64 : 90,
    faults: {
      rate: 0.2,
      fromMs: 1_000,
      untilMs: quick ? 30_000 : 50_000,
      storm: { fromMs: 8_000, untilMs: 14_000 },
    },
    kills: [
      // A question in flight: written down, it is answered by the next process (side.ts).
      {
        point: 'intake' as const,
        kinds: ['event' as const],
        notBeforeMs: 4_000,
        deadlineMs: 16_000,
      },
      {
        point: 'intake' as const,
        kinds: ['view_submission' as const],
        notBeforeMs: 4_000,
        deadlineMs: 20_000,
      },
      { point: 'send' as const, notBeforeMs: 12_000, deadlineMs: 32_000 },
      { point: 'tick' as const, notBeforeMs: 20_000, deadlineMs: 60_000 },
    ],
    quietMs: 6_000,
    maxSettleMs: 40_000,
  };
  const sqlite: ScenarioConfig = {
    ...one,
    id: 'sqlite',
    title:
      'Discord: SQLite, 1 process (one gateway session), killed at intake, after a send, mid-tick',
    database: 'sqlite',
    // A few more than the 30 the proof asks for: a person who gives up waiting opens no case.
    cases: quick ? 35 : 48,
    questionsOnly: quick ? 4 : 8,
    arrivalMs: quick ? 15_000 : 30_000,
  };
  if (quick) return [sqlite];
  return [
    sqlite,
    {
      ...sqlite,
      id: 'pg',
      title:
        'Discord: PostgreSQL, 1 process (one gateway session), killed at intake, after a send, mid-tick',
      database: 'postgresql',
    },
  ];
}
