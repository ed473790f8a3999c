// The world a chaos run plays in: one customer org reached through Slack Connect (workspace
// T0ACME), one support channel, one team with its alert channel and three engineers, and a policy
// whose response target is a minute or two, so that every case crosses each warning threshold and
// its breach while the run watches. The clock is the real one (no CASEBOT_CLOCK_START): replicas
// restarted mid-run must agree on "now", and the SLA loop only fires when time really passes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SlackUser } from '../../test/fakes/slack/signed-requests.js';

export const CHANNELS = { support: 'C0CHAOSSUPPORT', team: 'C0CHAOSTEAM' } as const;
export const CUSTOMER_WORKSPACE = 'T0ACME';
export const PRODUCT = 'beacon';

export const ENGINEERS: readonly SlackUser[] = [
  { id: 'U0LEA', name: 'Lea Vogel' },
  { id: 'U0SAM', name: 'Sam Rivera' },
  { id: 'U0KIM', name: 'Kim Tanaka' },
];

export function customer(index: number): SlackUser {
  const n = String(index).padStart(3, '0');
  return { id: `U0CUST${n}`, name: `Customer ${n}`, teamId: CUSTOMER_WORKSPACE };
}

/** The fake's DM channel for a user (conversations.open answers D + the id without its U). */
export const dmChannelOf = (userId: string): string => `D${userId.replace(/^U/, '')}`;

export interface WorldFiles {
  setupFile: string;
  policyFile: string;
}

export interface WorldOptions {
  /** The first-response target of every severity, in seconds. */
  targetSeconds: number;
  /** Fractions of the target at which the team is warned (the breach comes at 1). */
  thresholds: number[];
}

/**
 * Severities and tier as in the shipped policy, targets in minutes, 24/7, every warning sent to
 * the team and the owner as it happens (the tally owes each): a business-hours target
 * would stop counting at night and on weekends, and the run must end at a known time.
 */
function policyYaml(options: WorldOptions): string {
  const target = `${options.targetSeconds / 60} minutes 24/7`;
  return `name: chaos
title: Chaos run (targets of a minute or two, so warnings and breaches happen during the run)
warningThresholds: [${options.thresholds.join(', ')}]
# Every warning to the team thread and to the owner, at once (no digest): the most messages to
# count, each owed exactly once.
escalation:
  - { notify: owner, at: first-warning }
  - { notify: team, at: first-warning }
  - { notify: on-call, at: breach, severities: [1] }
reminderDigest: off
defaultSeverity: 2
severities:
  - { value: 1, id: urgent, label: Urgent, description: Production is down. }
  - { value: 2, id: high, label: High, description: Production is degraded. }
  - { value: 3, id: normal, label: Normal, description: Something does not work as expected. }
tiers:
  - id: gold
    label: Gold
    severities: [1, 2, 3]
    firstResponse:
      1: ${target}
      2: ${target}
      3: ${target}
`;
}

function setupYaml(policyFileName: string): string {
  const engineers = ENGINEERS.map(
    (e) =>
      `  - { handle: ${e.id.toLowerCase()}, name: ${e.name}, roles: [engineer], team: core, capacity: 1000, slack: ${e.id} }`,
  ).join('\n');
  // Customers are not listed: their workspace places them in the org on first contact, as a
  // Slack Connect guest would be.
  return setupText({
    policyFileName,
    support: `{ platform: slack, channel: ${CHANNELS.support} }`,
    teamChannels: `{ slack: ${CHANNELS.team} }`,
    orgIdentity: `slack: { teams: [${CUSTOMER_WORKSPACE}] }`,
    engineers,
  });
}

/**
 * The setup file of a run on one platform: its support channel, the team's channel, how the
 * customers' org is recognised, and the engineers (YAML lines).
 */
export function setupText(parts: {
  policyFileName: string;
  support: string;
  teamChannels: string;
  orgIdentity: string;
  engineers: string;
}): string {
  return `policy: ${parts.policyFileName}
channels:
  support:
    - ${parts.support}
teams:
  - slug: core
    name: Core team
    products: [${PRODUCT}]
    channels: ${parts.teamChannels}
orgs:
  - slug: acme
    name: Acme Corp
    tier: gold
    deployment: cloud
    timeZone: Europe/Paris
    ${parts.orgIdentity}
people:
${parts.engineers}
`;
}

/**
 * Writes the policy and the setup file; `setup` makes the setup's text from the policy's file
 * name (Slack's world by default, bench/chaos/discord/world.ts for Discord's).
 */
export function writeWorld(
  dir: string,
  options: WorldOptions,
  setup: (policyFileName: string) => string = setupYaml,
): WorldFiles {
  const policyFile = join(dir, 'chaos-policy.yml');
  const setupFile = join(dir, 'casebot.yml');
  writeFileSync(policyFile, policyYaml(options));
  writeFileSync(setupFile, setup('chaos-policy.yml'));
  return { setupFile, policyFile };
}
