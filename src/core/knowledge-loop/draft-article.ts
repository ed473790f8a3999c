// Solved case → draft article: Markdown with front matter in the customer's words (title,
// aliases), the case's product and language, `audience: internal` and `draft: true`, so the KB
// loads it for staff only until someone reviews it and removes `draft: true`.
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

/**
 * The port through which a draft leaves the core (implemented by app/file-draft-store.ts). It
 * writes `markdown` under `folder` with a free name from `fileStem` (never overwriting a file and
 * never leaving the folder) and returns the path written; a folder it cannot write is a
 * DraftsFolderError.
 */
export interface DraftStore {
  write(folder: string, fileStem: string, markdown: string): Promise<string>;
}
