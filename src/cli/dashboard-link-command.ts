// `casebot dashboard-link [--for NAME] [--hours N] [--org O] [--team T] [--from D] [--to D]`:
// prints a signed, expiring link to the web dashboard, for whoever runs casebot (staff by
// definition: they hold its configuration). Signed with the same key as the server
// (CASEBOT_WEB_SECRET, else the web-secret file next to the SQLite database: app/web-wiring.ts).
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type AppConfig } from '../config/env.js';
import { webSecretFile } from '../app/web-wiring.js';
import { resolveWebSecret, staffLink, WebSecretError } from '../web/index.js';

const USAGE = [
  'usage: casebot dashboard-link [--for NAME] [--hours N] [--org SLUG] [--team SLUG] [--from D] [--to D]',
  '',
  'Prints a signed link to the web dashboard that expires (default: CASEBOT_LINK_HOURS, 12 hours).',
  'Anyone holding the link sees the dashboard and internal articles until then: send it privately.',
  '  --for NAME          who the link is for (logged by the server; default: $USER)',
  '  --hours N           how long it stays valid',
  '  --org, --team, --from, --to   filters the dashboard opens with',
  'The link starts with CASEBOT_PUBLIC_URL, else the address casebot serves its pages on',
  '(CASEBOT_HTTP_HOST:CASEBOT_HTTP_PORT, or the Slack HTTP port). It is signed with',
  'CASEBOT_WEB_SECRET, else the key kept next to the SQLite database (data/web-secret; made on',
  'first use): run it where the bot runs, with the same DATABASE_URL.',
  'Exit status: 0 with the link, 2 for bad input or nowhere to point the link at.',
].join('\n');

class LinkInputError extends Error {}

/** Where the server serves its pages, as the bot would with this configuration. */
export function pagesBaseUrl(config: AppConfig): string | null {
  if (config.web.publicUrl) return config.web.publicUrl;
  const { port, host } = config.web;
  const slackHttp =
    Boolean(config.slack.SLACK_SIGNING_SECRET) &&
    (config.slack.SLACK_MODE === 'http' || !config.slack.SLACK_APP_TOKEN);
  if (slackHttp) return `http://localhost:${config.slack.SLACK_PORT ?? config.slack.PORT ?? 3000}`;
  if (port !== undefined && port !== 0)
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return null;
}

export async function run(args: string[]): Promise<number> {
  try {
    const { values } = parseOptions(args);
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const config = loadConfig();
    const base = pagesBaseUrl(config);
    if (base === null)
      throw new LinkInputError(
        'casebot serves no web pages with this configuration: set CASEBOT_HTTP_PORT (or run Slack in HTTP mode), and CASEBOT_PUBLIC_URL for links others can open',
      );
    const hours = values.hours === undefined ? null : Number(values.hours);
    if (hours !== null && !(Number.isFinite(hours) && hours > 0 && hours <= 24 * 31))
      throw new LinkInputError(
        `--hours "${values.hours}" must be a number of hours above 0, at most 744`,
      );
    const secret = resolveWebSecret({
      fromEnv: config.web.secret,
      file: webSecretFile(config.databaseUrl),
    });
    const link = staffLink({
      baseUrl: base,
      path: '/dashboard',
      secret: secret.value,
      subject: values.for ?? process.env.USER ?? 'casebot dashboard-link',
      now: new Date(),
      ttlMs: hours === null ? config.web.linkTtlMs : hours * 3_600_000,
    });
    const url = new URL(link.url);
    for (const name of ['org', 'team', 'from', 'to'] as const) {
      const value = values[name];
      if (value) url.searchParams.set(name, value);
    }
    process.stdout.write(`${url.toString()}\n`);
    process.stderr.write(
      `valid until ${link.expiresAt.toISOString()}${secret.source === 'created' ? ` (signing key made in ${secret.file})` : ''}\n`,
    );
    return 0;
  } catch (error) {
    if (
      error instanceof LinkInputError ||
      error instanceof ConfigError ||
      error instanceof WebSecretError
    ) {
      process.stderr.write(`casebot dashboard-link: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        for: { type: 'string' },
        hours: { type: 'string' },
        org: { type: 'string' },
        team: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0] ?? 'bad arguments';
    throw new LinkInputError(`${reason} (casebot dashboard-link --help lists the options)`);
  }
}
