// MiniSearch over the same articles: with its defaults (the historical reference) and tuned the
// way a careful user would (BM25, title ×3, description ×2, prefix and fuzzy 0.2 matching).
import MiniSearch, { type SearchOptions } from 'minisearch';
import type { Article } from '../../src/core/kb/types.js';

export interface MiniDoc {
  id: string;
  title: string;
  aliases: string;
  tags: string;
  description: string;
  headings: string;
  body: string;
}

const FIELDS = ['title', 'aliases', 'tags', 'description', 'headings', 'body'];

export const TUNED_MINISEARCH: SearchOptions = {
  boost: { title: 3, description: 2 },
  prefix: true,
  fuzzy: 0.2,
};

export function toMiniDocs(articles: Article[]): MiniDoc[] {
  return articles.map((a) => ({
    id: a.id,
    title: a.title,
    aliases: a.aliases.join('\n'),
    tags: a.tags.join(' '),
    description: a.description ?? '',
    headings: a.sections.map((s) => s.heading ?? '').join('\n'),
    body: a.sections.map((s) => `${s.text}\n${s.code}`).join('\n'),
  }));
}

export function buildMiniSearch(
  docs: MiniDoc[],
  searchOptions?: SearchOptions,
): MiniSearch<MiniDoc> {
  const index = new MiniSearch<MiniDoc>({ fields: FIELDS, searchOptions });
  index.addAll(docs);
  return index;
}
