// Analysed terms of an article, per field and per section. They feed both FlexSearch (as
// space-joined strings) and the BM25F re-rank (as counts), and they are what the cache stores so
// that a restart never re-analyses text.
import { analyze } from '../text/analyze.js';
import type { Article } from '../types.js';

export const ARTICLE_FIELDS = ['title', 'aliases', 'tags', 'description'] as const;
export const SECTION_FIELDS = ['heading', 'text', 'code'] as const;
export type ArticleField = (typeof ARTICLE_FIELDS)[number];
export type SectionField = (typeof SECTION_FIELDS)[number];

/** Space-joined analysed terms, as stored in the cache. */
export interface ArticleTermText {
  fields: Record<ArticleField, string>;
  sections: Array<Record<SectionField, string>>;
}

export function articleTermText(article: Article): ArticleTermText {
  const lang = article.lang;
  const join = (text: string): string => analyze(text, lang).join(' ');
  return {
    fields: {
      title: join(article.title),
      aliases: join(article.aliases.join(' \n ')),
      tags: join(article.tags.join(' \n ')),
      description: join(article.description ?? ''),
    },
    sections: article.sections.map((section) => ({
      heading: join(section.heading ?? ''),
      text: join(section.text),
      code: join(section.code),
    })),
  };
}
