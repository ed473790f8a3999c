// `casebot sla due …`: the first-response due instant for a tier, severity and opening instant.
// Imports only the SLA domain (no store, no SDK) so that it answers in well under a second.
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import {
  CalendarError,
  computeDueAt,
  defaultCalendar,
  explainDueAt,
  explanationJson,
  explanationLines,
  findSeverity,
  formatLocalWithDate,
  loadPolicy,
  PolicyError,
  severityName,
  SlaRuleError,
  tierLabel,
  validateTimeZone,
  type Policy,
} from '../core/sla/index.js';

const USAGE = [
  'usage: casebot sla due --tier T --severity S --opened ISO-8601 [--tz ZONE] [--country CC [--region R]]',
  '                       [--deployment cloud|self-managed] [--policy elastic|premier|FILE] [--explain] [--json]',
  '',
  'Prints when the first response is due. Defaults: --tz UTC, --deployment cloud, --policy elastic.',
  '--explain also lists the working windows counted, the days skipped and why, and the rule used',
  '(with --json: the same structure under "explanation").',
  'Business-hours targets use Monday–Friday 09:00–18:00 in --tz, minus public holidays of --country.',
  'Exit status: 0 with the due instant, 1 when the policy sets no target for the case, 2 for bad input.',
].join('\n');

/** Something typed wrong (option, tier, severity, date, zone, country, policy): exit 2. */
class UsageError extends Error {}
/** The input is valid but the policy sets no first-response target for it: exit 1. */
class NoTargetError extends Error {}

/** Every refusal of what was typed is bad input, whichever layer noticed it. */
function isBadInput(error: unknown): boolean {
  return (
    error instanceof UsageError ||
    error instanceof PolicyError ||
    error instanceof CalendarError ||
    error instanceof SlaRuleError
  );
}

export async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (command !== 'due') {
    process.stderr.write(
      `casebot sla: unknown command "${command}": use "casebot sla due --help"\n`,
    );
    return 2;
  }
  try {
    return due(rest);
  } catch (error) {
    if (!isBadInput(error) && !(error instanceof NoTargetError)) throw error;
    const message = (error as Error).message;
    process.stderr.write(`casebot sla due: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return error instanceof NoTargetError ? 1 : 2;
  }
}

function due(args: string[]): number {
  const options = readOptions(args);
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  validateTimeZone(options.tz);
  const policy = loadPolicy(options.policy);
  const severity = readSeverity(policy, options.severity);
  const openedAt = readInstant(options.opened, options.tz);
  const calendar = defaultCalendar(options.tz, options.country, options.region);
  const result = computeDueAt({
    policy,
    tier: options.tier,
    severity,
    deployment: options.deployment,
    openedAt,
    calendar,
  });
  if (!result) {
    throw new NoTargetError(
      `a ${tierLabel(policy, options.tier)} subscription has no first-response target for ${severityName(policy, severity)}` +
        ` (${options.deployment}) in policy ${policy.name}`,
    );
  }
  const explanation = options.explain
    ? explainDueAt({
        policy,
        tier: options.tier,
        severity,
        deployment: options.deployment,
        openedAt,
        calendar,
      })
    : null;
  if (options.json) {
    const answer = {
      due: result.dueAt.toISOString(),
      target: result.targetText,
      businessHours: result.businessHours,
      ...(explanation ? { explanation: explanationJson(explanation) } : {}),
    };
    process.stdout.write(`${JSON.stringify(answer)}\n`);
    return 0;
  }
  const local = formatLocalWithDate(result.dueAt, options.tz);
  const what = `${tierLabel(policy, options.tier)}, ${severityName(policy, severity)}, ${options.deployment}`;
  process.stdout.write(
    `First response due ${result.dueAt.toISOString()} = ${local}: ${result.targetText} (${what})\n`,
  );
  if (explanation)
    process.stdout.write(
      `${explanationLines(explanation)
        .slice(1)
        .map((line) => `  ${line}`)
        .join('\n')}\n`,
    );
  return 0;
}

interface DueOptions {
  tier: string;
  severity: string;
  opened: string;
  tz: string;
  country?: string;
  region?: string;
  deployment: 'cloud' | 'self-managed';
  policy: string;
  json: boolean;
  explain: boolean;
  help: boolean;
}

function readOptions(args: string[]): DueOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        tier: { type: 'string' },
        severity: { type: 'string' },
        opened: { type: 'string' },
        tz: { type: 'string', default: 'UTC' },
        country: { type: 'string' },
        region: { type: 'string' },
        deployment: { type: 'string', default: 'cloud' },
        policy: { type: 'string', default: 'elastic' },
        json: { type: 'boolean', default: false },
        explain: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(
      `${error instanceof Error ? error.message : String(error)} (see casebot sla due --help)`,
    );
  }
  if (values.help)
    return {
      tier: '',
      severity: '',
      opened: '',
      tz: 'UTC',
      deployment: 'cloud',
      policy: 'elastic',
      json: false,
      explain: false,
      help: true,
    };
  for (const name of ['tier', 'severity', 'opened'] as const) {
    if (!values[name]) throw new UsageError(`--${name} is required (see casebot sla due --help)`);
  }
  const deployment = values.deployment;
  if (deployment !== 'cloud' && deployment !== 'self-managed') {
    throw new UsageError(`--deployment "${deployment}" is invalid: use cloud or self-managed`);
  }
  // "DE-BY" is accepted as country DE, region BY (ISO 3166-2 style).
  const [country, regionFromCountry] = values.country
    ? values.country.split('-')
    : [undefined, undefined];
  return {
    tier: values.tier ?? '',
    severity: values.severity ?? '',
    opened: values.opened ?? '',
    tz: values.tz ?? 'UTC',
    ...(country ? { country } : {}),
    ...((values.region ?? regionFromCountry) ? { region: values.region ?? regionFromCountry } : {}),
    deployment,
    policy: values.policy ?? 'elastic',
    json: values.json ?? false,
    explain: values.explain ?? false,
    help: false,
  };
}

/** A severity number, or a level id/label of the policy ("urgent", "Developer support"). */
function readSeverity(policy: Policy, text: string): number {
  if (/^\d+$/.test(text.trim())) return Number(text);
  const wanted = text.trim().toLowerCase();
  const level = policy.severities.find(
    (candidate) => candidate.id === wanted || candidate.label.toLowerCase() === wanted,
  );
  if (level && findSeverity(policy, level.value)) return level.value;
  const known = policy.severities
    .map((candidate) => `${candidate.value} (${candidate.id})`)
    .join(', ');
  throw new UsageError(`unknown severity "${text}" in policy ${policy.name}: use one of ${known}`);
}

/** ISO-8601; a value without an offset is read as wall-clock time in --tz. */
function readInstant(text: string, zone: string): Date {
  const parsed = DateTime.fromISO(text.trim(), { zone });
  if (!parsed.isValid) {
    throw new UsageError(
      `cannot read --opened "${text}": use ISO-8601, e.g. 2026-07-14T09:30:00Z or 2026-07-14T09:30 (read in --tz)`,
    );
  }
  return parsed.toJSDate();
}
