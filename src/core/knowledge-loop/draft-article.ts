// Solved case → draft article: Markdown with front matter in the customer's words (title,
// aliases), the case's product and language, `audience: internal` and `draft: true`, so the KB
// loads it for staff only until someone reviews it and removes `draft: true`.
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { slug } from 'github-slugger';
import { stringify } from 'yaml';
import { detectLang } from '../kb/text/analyze.js';
import { CasebotError } from '../errors.js';

export interface DraftSource {
  reference: string;
  title: string;
  situation: string;
  product: string;
  /** The resolution note, else the engineers' internal notes; empty: a placeholder to fill in. */
  resolution: string[];
}

const MAX_SLUG = 60;
/** Names tried before giving up: `name.md`, `name-2.md`, … never overwriting a file. */
const MAX_SUFFIX = 100;

export function composeDraft(source: DraftSource): { fileStem: string; markdown: string } {
  const title = source.title.trim() || source.reference;
  const firstLine = source.situation.trim().split('\n', 1)[0]?.trim() ?? '';
  const aliases = [
    title,
    ...(firstLine && firstLine.length <= 120 && firstLine !== title ? [firstLine] : []),
  ];
  const frontMatter = {
    title,
    aliases,
    product: source.product,
    lang: detectLang(`${title}\n${source.situation}`),
    audience: 'internal',
    draft: true,
    source: source.reference,
  };
  const resolution =
    source.resolution.length > 0
      ? source.resolution.join('\n\n')
      : '_How it was solved: write the steps that fixed it._';
  const markdown = `---\n${stringify(frontMatter)}---\n\n# ${title.replace(/\s+/g, ' ')}\n\n## Situation\n\n${source.situation.trim() || '_Not described._'}\n\n## Resolution\n\n${resolution}\n`;
  // github-slugger keeps only letters, digits and dashes: no separator, no "..", no dot file.
  const stem = slug(title)
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/, '');
  return { fileStem: stem || slug(source.reference), markdown };
}

/** The drafts folder cannot be written: the engineer is told which setting to fix. */
export class DraftsFolderError extends CasebotError {
  constructor(message: string) {
    super('configuration', 'DRAFTS_DIR_NOT_WRITABLE', message);
  }
}

/** Writes the draft under `dir` with a free name (suffix -2, -3… when taken); returns its path. */
export async function writeDraft(dir: string, fileStem: string, markdown: string): Promise<string> {
  const root = path.resolve(dir);
  const unwritable = (error: unknown): DraftsFolderError =>
    new DraftsFolderError(
      `The drafts folder ${root} cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): set KB_DRAFTS_DIR to a folder casebot may write, or fix its permissions.`,
    );
  try {
    await mkdir(root, { recursive: true });
  } catch (error) {
    throw unwritable(error);
  }
  for (let n = 1; n <= MAX_SUFFIX; n += 1) {
    const file = path.join(root, `${fileStem}${n > 1 ? `-${n}` : ''}.md`);
    if (path.dirname(file) !== root) throw new Error(`draft name escapes its folder: ${fileStem}`);
    try {
      // 'wx': create only; an existing file (a draft, or an article) is never overwritten.
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(markdown, 'utf8');
      } finally {
        await handle.close();
      }
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw unwritable(error);
    }
  }
  throw new DraftsFolderError(
    `The drafts folder ${root} already holds ${MAX_SUFFIX} drafts named ${fileStem}: publish or delete some.`,
  );
}
