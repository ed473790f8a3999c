// Analysed terms of an article, per field and per section. They feed both FlexSearch (as
// space-joined strings) and the BM25F re-rank (as counts), and they are what the cache stores so
// that a restart never re-analyses text.
import { analyze } from '../text/analyze.js';
import type { Article } from '../types.js';

/** `anchors`: the words of other articles' links to this one (index/anchors.ts). */
export const ARTICLE_FIELDS = ['title', 'aliases', 'tags', 'description', 'anchors'] as const;
export const SECTION_FIELDS = ['heading', 'text', 'code'] as const;
export type ArticleField = (typeof ARTICLE_FIELDS)[number];
export type SectionField = (typeof SECTION_FIELDS)[number];

/** Space-joined analysed terms, as stored in the cache. */
export interface ArticleTermText {
  fields: Record<ArticleField, string>;
  sections: Array<Record<SectionField, string>>;
  /** The incoming link words the anchor fields were analysed from: a change re-indexes the article. */
  linkedAs: string;
}

export function articleTermText(article: Article, linkedAs = ''): ArticleTermText {
  const lang = article.lang;
  const join = (text: string): string => analyze(text, lang).join(' ');
  return {
    fields: {
      title: join(article.title),
      aliases: join(article.aliases.join(' \n ')),
      tags: join(article.tags.join(' \n ')),
      description: join(article.description ?? ''),
      anchors: join(linkedAs),
    },
    sections: article.sections.map((section) => ({
      heading: join(section.heading ?? ''),
      text: join(section.text),
      code: join(section.code),
    })),
    linkedAs,
  };
}
