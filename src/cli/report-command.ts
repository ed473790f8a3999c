// `casebot report [--from D] [--to D] [--org O] [--team T] [--json|--csv]`: the support figures
// (deflection funnel and honest deflection rate, SLA attainment, response times, backlog, load,
// reopen rate, knowledge gaps) read from the bot's database, which it never writes.
import { parseArgs } from 'node:util';
import { loadReport } from '../reports/load-report.js';
import { parsePeriod, ReportInputError } from '../reports/period.js';
import type { ReportSource } from '../reports/report-data.js';
import { renderReportCsv } from '../reports/render-csv.js';
import { renderReportText } from '../reports/render-text.js';

const USAGE = [
  'usage: casebot report [--from D] [--to D] [--org SLUG] [--team SLUG] [--json | --csv] [--recontact-days N]',
  '',
  'Prints the support figures of a period: the deflection funnel and the honest deflection rate,',
  'SLA attainment per tier × severity × milestone, time to first response and to resolution,',
  'the backlog by age, each engineer’s load, the reopen rate and the knowledge gaps.',
  '  --from D, --to D     YYYY-MM-DD (whole days, UTC; --to includes its day) or ISO-8601 instants',
  '                       (default: from the beginning, to now)',
  '  --org, --team        only that org’s or team’s cases (and, for --org, questions)',
  '  --json, --csv        machine-readable output instead of text',
  '  --recontact-days N   a "solved" question is not deflected when its asker opens a case on a',
  '                       similar topic within N days (default 7)',
  'Reads DATABASE_URL (default ./data/casebot.db) without writing to it.',
  'Exit status: 0 with the report, 1 when the database cannot be read, 2 for bad input.',
].join('\n');

const DAY_MS = 24 * 3_600_000;

interface ReportOptions {
  from: string | undefined;
  to: string | undefined;
  org: string | undefined;
  team: string | undefined;
  format: 'text' | 'json' | 'csv';
  recontactDays: number;
  help: boolean;
}

function readOptions(args: string[]): ReportOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        org: { type: 'string' },
        team: { type: 'string' },
        json: { type: 'boolean' },
        csv: { type: 'boolean' },
        'recontact-days': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0] ?? 'bad arguments';
    throw new ReportInputError(`${reason} (casebot report --help lists the options)`);
  }
  if (values.json && values.csv) throw new ReportInputError('choose one of --json and --csv');
  const days = values['recontact-days'];
  const recontactDays = days === undefined ? 7 : Number(days);
  if (days !== undefined && !(/^\d+(\.\d+)?$/.test(days.trim()) && recontactDays >= 0))
    throw new ReportInputError(`--recontact-days "${days}" is not a number of days, e.g. 7`);
  return {
    from: values.from,
    to: values.to,
    org: values.org,
    team: values.team,
    format: values.json ? 'json' : values.csv ? 'csv' : 'text',
    recontactDays,
    help: values.help === true,
  };
}

export async function run(args: string[]): Promise<number> {
  let options: ReportOptions;
  try {
    options = readOptions(args);
    if (options.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const period = parsePeriod(options.from, options.to);
    return await report(options, period);
  } catch (error) {
    if (error instanceof ReportInputError) {
      process.stderr.write(`casebot report: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

async function report(
  options: ReportOptions,
  period: ReturnType<typeof parsePeriod>,
): Promise<number> {
  const { openReportQueries } = await import('../store/prisma-report-queries.js');
  let source: ReportSource;
  try {
    source = await openReportQueries(process.env.DATABASE_URL || undefined);
  } catch (error) {
    // Nothing is connected yet: a URL that names no database, a SQLite file that is not there.
    throw new ReportInputError((error as Error).message);
  }
  try {
    const { report: built } = await loadReport(source, {
      period,
      org: options.org ?? null,
      team: options.team ?? null,
      now: new Date(),
      recontactMs: options.recontactDays * DAY_MS,
    });
    process.stdout.write(
      options.format === 'json'
        ? `${JSON.stringify(built, null, 2)}\n`
        : options.format === 'csv'
          ? renderReportCsv(built)
          : renderReportText(built),
    );
    return 0;
  } catch (error) {
    if (error instanceof ReportInputError) throw error;
    process.stderr.write(
      `casebot report: cannot read the database: ${(error as Error).message.split('\n')[0]}\n`,
    );
    return 1;
  } finally {
    await source.close();
  }
}
