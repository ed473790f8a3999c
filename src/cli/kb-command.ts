// `casebot kb search|check|stats`: the knowledge base from the command line. The engine is
// imported only once a command runs, so `casebot kb --help` answers instantly.
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { HitExplanation, KnowledgeBase, SearchResponse } from '../core/kb/index.js';

interface KbArgs {
  command: string | undefined;
  kb: string;
  limit: number;
  lang: string | null;
  product: string | null;
  staff: boolean;
  json: boolean;
  explain: boolean;
  cache: boolean;
  threshold: number | undefined;
  baseUrl: string | undefined;
  words: string[];
}

const USAGE = `usage:
  casebot kb search [--kb DIR] [--limit N] [--lang L] [--product P] [--staff] [--json] [--explain] [QUERY…]
      no QUERY: reads one query a line from standard input (the index is built once)
  casebot kb check [--kb DIR]    print every problem (bad files, dangling links); exit 1 if any
  casebot kb stats [--kb DIR]    articles, sections, languages, index size, build time
  casebot kb learned [--article ID] [--all] [--json] | kb learned remove <id>
                                 questions learned for articles (solved, or linked by an engineer)
  casebot kb drafts [--kb DIR]   draft articles (draft: true; KB_DRAFTS_DIR), never shown to customers
options: --threshold X (0..1), --base-url URL, --no-cache; the KB folder defaults to $KB_DIR, else ./kb`;

class UsageError extends Error {}

function parseArgs(args: string[]): KbArgs {
  const parsed: KbArgs = {
    command: undefined,
    kb: process.env.KB_DIR || 'kb',
    limit: 5,
    lang: null,
    product: null,
    staff: false,
    json: false,
    explain: false,
    cache: true,
    threshold: process.env.KB_THRESHOLD ? Number(process.env.KB_THRESHOLD) : undefined,
    baseUrl: process.env.KB_BASE_URL || undefined,
    words: [],
  };
  const value = (i: number, name: string): string => {
    const next = args[i + 1];
    if (next === undefined) throw new UsageError(`${name} needs a value`);
    return next;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const take = (): string => inline ?? value(i++, flag ?? arg);
    switch (flag) {
      case '--kb':
        parsed.kb = take();
        break;
      case '--limit':
        parsed.limit = Number.parseInt(take(), 10);
        if (!(parsed.limit > 0)) throw new UsageError('--limit must be a positive number');
        break;
      case '--lang':
        parsed.lang = take();
        break;
      case '--product':
        parsed.product = take();
        break;
      case '--threshold':
        parsed.threshold = Number(take());
        if (!(parsed.threshold >= 0 && parsed.threshold <= 1))
          throw new UsageError('--threshold must be between 0 and 1');
        break;
      case '--base-url':
        parsed.baseUrl = take();
        break;
      case '--staff':
        parsed.staff = true;
        break;
      case '--json':
        parsed.json = true;
        break;
      case '--explain':
        parsed.explain = true;
        break;
      case '--no-cache':
        parsed.cache = false;
        break;
      case '--help':
      case '-h':
        parsed.command = 'help';
        break;
      default:
        if (arg.startsWith('--') && parsed.words.length === 0)
          throw new UsageError(`unknown option ${arg}`);
        if (parsed.command === undefined) parsed.command = arg;
        else parsed.words.push(arg);
    }
  }
  return parsed;
}

async function open(args: KbArgs): Promise<KnowledgeBase> {
  if (!existsSync(args.kb)) {
    throw new UsageError(`no knowledge-base folder at ${args.kb} (use --kb DIR or set KB_DIR)`);
  }
  const { openKnowledgeBase } = await import('../core/kb/index.js');
  return openKnowledgeBase({
    dir: args.kb,
    cacheDir: args.cache ? undefined : null,
    ...(args.baseUrl ? { baseUrl: args.baseUrl } : {}),
    ...(args.threshold !== undefined ? { threshold: args.threshold } : {}),
  });
}

function formatJson(response: SearchResponse): string {
  const results = response.results.map(
    ({ path, id, title, score, confidence, section, snippet, url, explain }) => ({
      path,
      id,
      title,
      score,
      confidence,
      section,
      snippet,
      url,
      ...(explain ? { explain } : {}),
    }),
  );
  return JSON.stringify({ query: response.query, results });
}

function formatText(response: SearchResponse): string {
  if (response.noGoodMatch) return `? ${response.query}\n  no good match\n`;
  const lines = [`? ${response.query}`];
  response.results.forEach((hit, index) => {
    lines.push(`${index + 1}. ${hit.title}  (${hit.path}, score ${hit.score})`);
    if (hit.section) lines.push(`   § ${hit.section}`);
    lines.push(`   ${hit.url}`, `   ${hit.snippet}`);
    if (hit.explain) lines.push(...explainLines(hit.explain, hit.confidence));
  });
  return lines.join('\n') + '\n';
}

/** "why": each matched term, how the question reached it, and its score by field. */
function explainLines(explain: HitExplanation, confidence: number): string[] {
  const lines = explain.terms.map((term) => {
    const fields = Object.entries(term.fields)
      .map(([field, value]) => `${field} ${value}`)
      .join(', ');
    const via = term.via === 'word' ? '' : ` (${term.via})`;
    return `     ${term.term}${via}: +${term.contribution}  [${fields}]`;
  });
  const { language, namedCode } = explain.multipliers;
  const multipliers = [
    language !== 1 ? `×${language} question's language` : '',
    namedCode !== 1 ? `×${namedCode} its title names a code or identifier of the question` : '',
    explain.phrases ? `+${explain.phrases} question words found side by side` : '',
  ].filter(Boolean);
  return [
    `   why: ${Math.round(confidence * 100)}% of the question matched${multipliers.length ? `; ${multipliers.join(', ')}` : ''}`,
    ...lines,
  ];
}

async function searchCommand(args: KbArgs): Promise<number> {
  const kb = await open(args);
  const answer = (query: string): void => {
    const response = kb.search(query, {
      limit: args.limit,
      lang: args.lang,
      product: args.product,
      audience: args.staff ? 'staff' : 'customer',
      explain: args.explain,
    });
    process.stdout.write(args.json ? formatJson(response) + '\n' : formatText(response));
  };
  try {
    if (args.words.length > 0) {
      answer(args.words.join(' '));
      return 0;
    }
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity }))
      answer(line.trim());
    return 0;
  } finally {
    await kb.close();
  }
}

async function checkCommand(args: KbArgs): Promise<number> {
  const kb = await open(args);
  const problems = kb.problems();
  for (const p of problems)
    process.stdout.write(`${args.kb}/${p.file}:${p.line}: ${p.kind}: ${p.message}\n`);
  const { articles } = kb.stats();
  const files = new Set(problems.map((p) => p.file)).size;
  process.stdout.write(
    problems.length
      ? `${problems.length} problem(s) in ${files} file(s); ${articles} article(s) indexed\n`
      : `kb ok: ${articles} article(s), no problems\n`,
  );
  await kb.close();
  return problems.length ? 1 : 0;
}

async function statsCommand(args: KbArgs): Promise<number> {
  const kb = await open(args);
  const stats = kb.stats();
  const languages = Object.entries(stats.languages)
    .map(([lang, count]) => `${lang} ${count}`)
    .join(', ');
  process.stdout.write(
    [
      `articles:   ${stats.articles}`,
      `sections:   ${stats.sections}`,
      `languages:  ${languages || '-'}`,
      `products:   ${kb.products().join(', ') || '-'}`,
      `index size: ${(stats.indexBytes / 1024).toFixed(1)} KiB`,
      `build time: ${stats.buildMs} ms${stats.fromCache ? ' (loaded from cache)' : ` (${stats.parsedFiles} files parsed)`}`,
      `problems:   ${kb.problems().length}`,
    ].join('\n') + '\n',
  );
  await kb.close();
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  // Its own options (a store, not a KB folder): parsed by its own module.
  if (argv[0] === 'learned')
    return (await import('./kb-learned-command.js')).runLearned(argv.slice(1));
  let args: KbArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`casebot kb: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  try {
    return await dispatch(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`casebot kb: ${error.message}\n`);
    return 2;
  }
}

async function dispatch(args: KbArgs): Promise<number> {
  switch (args.command) {
    case 'search':
      return searchCommand(args);
    case 'check':
      return checkCommand(args);
    case 'stats':
      return statsCommand(args);
    case 'drafts':
      return (await import('./kb-drafts-command.js')).listDrafts(args.kb, args.cache);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE + '\n');
      return args.command ? 0 : 2;
    default:
      process.stderr.write(`casebot kb: unknown command "${args.command}"\n${USAGE}\n`);
      return 2;
  }
}
