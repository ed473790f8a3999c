// `casebot kb learned [--article ID] [--all] [--json]` and `casebot kb learned remove <id>`: the
// questions casebot learned for articles (knowledge-loop/), reviewed and removed by staff. Reads
// and writes DATABASE_URL (migrating it like a start would); a running bot applies a removal
// within a minute (app/learned-sync.ts).
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { LearnedPhrasing } from '../core/knowledge-loop/learned-phrasing.js';
import type { Logger } from '../core/ports/platform.js';

const USAGE = `usage:
  casebot kb learned [--article ID] [--all] [--json]   the learned phrasings (--all: removed ones too)
  casebot kb learned remove <id>                       remove one (it is never learned again)
Reads DATABASE_URL (default ./data/casebot.db).`;

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function line(p: LearnedPhrasing): string {
  const question = p.question.replace(/\s+/g, ' ');
  const shown = question.length > 100 ? `${question.slice(0, 99)}…` : question;
  const removed = p.removedAt ? `  [removed ${p.removedAt.toISOString().slice(0, 10)}]` : '';
  return `#${p.id}  ${p.articleId}  ×${p.count}  ${p.source}  ${p.learnedAt.toISOString().slice(0, 10)}  "${shown}"${removed}`;
}

export async function runLearned(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        article: { type: 'string' },
        all: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`casebot kb learned: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [action, idText, ...extra] = positionals;
  if (action !== undefined && action !== 'remove') {
    process.stderr.write(`casebot kb learned: unknown command "${action}"\n${USAGE}\n`);
    return 2;
  }
  const id = Number(idText);
  if (action === 'remove' && (!/^\d+$/.test(idText ?? '') || extra.length > 0 || !(id > 0))) {
    process.stderr.write(
      `casebot kb learned: remove takes one phrasing number, e.g. casebot kb learned remove 12 (casebot kb learned lists them)\n`,
    );
    return 2;
  }
  const { parseDatabaseUrl } = await import('../store/database-url.js');
  const { databaseUrlFromEnv } = await import('../config/env.js');
  const databaseUrl = databaseUrlFromEnv();
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === 'sqlite' && !existsSync(target.file)) {
    process.stderr.write(
      `casebot kb learned: no database at ${target.file}: set DATABASE_URL to the bot's database, or start the bot once to create it\n`,
    );
    return 2;
  }
  const { openStore } = await import('../store/index.js');
  const store = await openStore({
    url: databaseUrl,
    logger: silent,
    directoryCache: false,
  });
  try {
    if (action === 'remove') {
      const removed = await store.learned.remove(id, 'cli', new Date());
      if (!removed) {
        process.stderr.write(
          `casebot kb learned: no learned phrasing #${id} (casebot kb learned lists them)\n`,
        );
        return 1;
      }
      process.stdout.write(
        `removed #${removed.id}: "${removed.question.replace(/\s+/g, ' ')}" no longer points to ${removed.articleId}; it will not be learned again (a running bot applies it within a minute)\n`,
      );
      return 0;
    }
    const list = await store.learned.list({
      ...(values.article ? { articleId: values.article } : {}),
      includeRemoved: values.all,
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(list)}\n`);
      return 0;
    }
    if (list.length === 0) {
      process.stdout.write(
        values.article
          ? `no learned phrasings for ${values.article}\n`
          : 'no learned phrasings yet: they come from questions marked solved and from engineers linking articles in their replies\n',
      );
      return 0;
    }
    for (const phrasing of list) process.stdout.write(`${line(phrasing)}\n`);
    process.stdout.write(
      `${list.length} phrasing(s); remove one with: casebot kb learned remove <id>\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
