// Solved case → draft article: Markdown with front matter in the customer's words (title,
// aliases), the case's product and language, `audience: internal` and `draft: true`, so the KB
// loads it for staff only until someone reviews it and removes `draft: true`.
import { slug } from 'github-slugger';
import { stringify } from 'yaml';
import { detectLang } from '../kb/text/analyze.js';
import { CasebotError, type CatalogueMessage } from '../errors.js';
import { chooseLanguage, t } from '../i18n/index.js';

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
  const lang = detectLang(`${title}\n${source.situation}`);
  const frontMatter = {
    title,
    aliases,
    product: source.product,
    lang,
    audience: 'internal',
    draft: true,
    source: source.reference,
  };
  // The draft's own words (headings, placeholders) in the language of the case's text, as its body.
  const language = chooseLanguage(lang);
  const say = (key: string) => t(language, `knowledgeLoop.article.${key}`);
  const resolution =
    source.resolution.length > 0 ? source.resolution.join('\n\n') : say('howSolved');
  const situation = source.situation.trim() || say('notDescribed');
  const markdown = `---\n${stringify(frontMatter)}---\n\n# ${title.replace(/\s+/g, ' ')}\n\n## ${say('situation')}\n\n${situation}\n\n## ${say('resolution')}\n\n${resolution}\n`;
  // github-slugger keeps only letters, digits and dashes: no separator, no "..", no dot file.
  const stem = slug(title)
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/, '');
  return { fileStem: stem || slug(source.reference), markdown };
}

/**
 * The drafts folder cannot be written: the engineer is told which setting to fix, in their
 * language (a `knowledgeLoop.*` catalogue message).
 */
export class DraftsFolderError extends CasebotError {
  constructor(message: CatalogueMessage) {
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
