// MiniSearch with its default options over the same articles, as the reference BM25 engine.
import MiniSearch from 'minisearch';
import type { Article } from '../../src/core/kb/types.js';

interface MiniDoc {
  id: string;
  title: string;
  aliases: string;
  tags: string;
  description: string;
  headings: string;
  body: string;
}

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

export function buildMiniSearch(docs: MiniDoc[]): MiniSearch<MiniDoc> {
  const index = new MiniSearch<MiniDoc>({
    fields: ['title', 'aliases', 'tags', 'description', 'headings', 'body'],
  });
  index.addAll(docs);
  return index;
}
