// Tells staff about knowledge-base problems: at start (the log, and the shell's banner) and when a
// change on disk broke a file (the log, and a notice in every team's channel): a broken edit must
// not go unnoticed while customers keep getting the article's last good version.
import { createHash } from 'node:crypto';
import type { Directory } from '../core/ports/storage.js';
import type { KbProblem, KbRefreshReport } from '../core/kb/index.js';
import type { Place, Platform } from '../core/model.js';
import type { ChatPort, Logger } from '../core/ports/platform.js';
import type { NoticeView } from '../core/views.js';
import { DeliveryInProgressError } from '../core/delivery/durable-chat-port.js';
import { withWork } from '../core/delivery/work-scope.js';

/** "kb/guides/a.md:3: invalid-field: …", the form `casebot kb check` prints. */
export function kbProblemLine(kbDir: string, problem: KbProblem): string {
  return `${kbDir.replace(/\/+$/, '')}/${problem.file}:${problem.line}: ${problem.kind}: ${problem.message}`;
}

/** The first problems, one a line, and how many more `casebot kb check` would list. */
export function kbProblemSummary(kbDir: string, problems: KbProblem[], max = 5): string[] {
  const lines = problems.slice(0, max).map((problem) => kbProblemLine(kbDir, problem));
  if (problems.length > max) lines.push(`… and ${problems.length - max} more`);
  return lines;
}

export function logKbProblemsAtStart(kbDir: string, problems: KbProblem[], logger: Logger): void {
  if (problems.length === 0) return;
  logger.warn('kb: problems in the knowledge base (npx casebot kb check lists them)', {
    count: problems.length,
    problems: kbProblemSummary(kbDir, problems),
  });
}

/** Every team's channel on a running platform; the shell's `team-<slug>` when it runs. */
async function teamPlaces(
  directory: Directory,
  ports: Partial<Record<Platform, ChatPort>>,
): Promise<Place[]> {
  const places = new Map<string, Place>();
  for (const team of await directory.listTeams()) {
    const channels = team.channels.filter((channel) => ports[channel.platform]);
    if (channels.length === 0 && ports.shell)
      channels.push({ platform: 'shell', channelId: `team-${team.slug}` });
    for (const { platform, channelId } of channels)
      places.set(`${platform}:${channelId}`, { platform, channelId });
  }
  return [...places.values()];
}

function noticeText(kbDir: string, report: KbRefreshReport): string {
  const lines = report.problems.map((problem) => {
    const what = problem.servingLastGood
      ? 'customers still get its last good version until it is fixed'
      : 'it is not answered until it is fixed';
    return `${kbProblemLine(kbDir, problem).replace(/ \(its last good version is still served\)$/, '')} — ${what}`;
  });
  return [
    `Knowledge base: a change on disk broke ${report.problems.length === 1 ? 'a file' : `${report.problems.length} files`}:`,
    ...lines,
    'Fix and save it; npx casebot kb check lists every problem.',
  ].join('\n');
}

/** The KB's re-index listener: log and post each broken edit; never throws. */
export function createKbChangeNotifier(deps: {
  directory: Directory;
  ports: Partial<Record<Platform, ChatPort>>;
  logger: Logger;
  kbDir: string;
}): (report: KbRefreshReport) => Promise<void> {
  return async (report) => {
    if (report.problems.length === 0) return;
    const view: NoticeView = {
      kind: 'notice',
      tone: 'warning',
      text: noticeText(deps.kbDir, report),
    };
    const places = await teamPlaces(deps.directory, deps.ports).catch((error: unknown) => {
      deps.logger.error('kb: cannot list the team channels to warn', { error: String(error) });
      return [];
    });
    // Every replica watching the same files sees the same breakage: as the same piece of work its
    // notice is one message the journal sends once, not one per replica.
    await withWork(noticeWorkKey(report, new Date()), async () => {
      for (const place of places) await postNotice(deps, place, view);
    });
  };
}

/**
 * The same problems within one window name the same notice (whatever path each replica mounts the
 * knowledge base at); the same breakage later is news again.
 */
function noticeWorkKey(report: KbRefreshReport, now: Date): string {
  const problems = report.problems.map(({ file, line, kind, message }) => [
    file,
    line,
    kind,
    message,
  ]);
  const digest = createHash('sha256').update(JSON.stringify(problems)).digest('hex').slice(0, 16);
  return `kb-notice:${digest}:${Math.floor(now.getTime() / NOTICE_WINDOW_MS)}`;
}

/** How long the same broken edit counts as one notice (replicas see a change within seconds). */
const NOTICE_WINDOW_MS = 10 * 60_000;

async function postNotice(
  deps: { ports: Partial<Record<Platform, ChatPort>>; logger: Logger },
  place: Place,
  view: NoticeView,
): Promise<void> {
  try {
    await deps.ports[place.platform]?.post(place, view);
  } catch (error) {
    // Another replica is posting this very notice right now.
    if (error instanceof DeliveryInProgressError) return;
    deps.logger.error('kb: could not warn a team channel', {
      channel: place.channelId,
      error: String(error),
    });
  }
}
