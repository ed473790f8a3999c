// KB articles as HTML: the article's Markdown (front matter left out) through remark (GFM) →
// rehype, with the same github-slugger heading anchors the search links to (rehype-slug), a "#"
// link on each heading, links to other articles rewritten to their pages, and every node and
// attribute passed through rehype-sanitize (raw HTML in the Markdown is dropped, javascript: URLs
// removed). Cached per file until it changes on disk.
import { readFile, stat } from 'node:fs/promises';
import type { Element, Root } from 'hast';
import rehypeAutolinkHeadings from 'rehype-autolink-headings';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import { visit } from 'unist-util-visit';
import type { Article } from '../core/kb/index.js';
import { blankDocSiteSyntax } from '../core/kb/load/doc-site-syntax.js';
import { parseFrontMatter } from '../core/kb/load/front-matter.js';
import { resolveHref } from '../core/kb/load/markdown.js';

/** Public, and not a draft (item 3's `draft: true`): the only articles a customer may read. */
export function isPublicArticle(article: Article): boolean {
  return article.audience === 'public' && article.extra.draft !== true;
}

/** The page of an article, from the server's root (ids may hold slashes: each part is encoded). */
export function articlePagePath(id: string, anchor: string | null = null): string {
  const encoded = id.split('/').map(encodeURIComponent).join('/');
  return `/kb/${encoded}${anchor ? `#${encodeURIComponent(anchor)}` : ''}`;
}

// Ids as written (rehype-slug's github-slugger anchors must match the KB's), no "user-content-"
// prefix: the KB's authors are staff, and the anchors are what chat links point at.
const SCHEMA: SanitizeSchema = {
  ...defaultSchema,
  clobberPrefix: '',
  attributes: {
    ...defaultSchema.attributes,
    // One className rule per tag: the footnote back-links' class, and the heading links' one.
    a: [
      ...(defaultSchema.attributes?.a ?? []).filter(
        (rule) => !(Array.isArray(rule) && rule[0] === 'className'),
      ),
      ['className', 'anchor', 'data-footnote-backref'],
    ],
  },
};

export interface ArticleLinks {
  /** Where a link to another KB article goes (null: that article may not be linked here). */
  pageOf(target: string, anchor: string | null): string | null;
}

function rewriteLinks(fromPath: string, links: ArticleLinks) {
  return () => (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'a' || typeof node.properties.href !== 'string') return;
      const href = node.properties.href;
      if (href.startsWith('#')) return;
      const resolved = resolveHref(href, fromPath);
      if (!resolved?.target) return;
      const page = links.pageOf(resolved.target, resolved.anchor);
      // A link to an article this reader may not see stays text, never a dead or leaking link.
      if (page === null) {
        node.tagName = 'span';
        node.properties = {};
      } else node.properties.href = page;
    });
  };
}

export async function renderArticleBody(article: Article, links: ArticleLinks): Promise<string> {
  const raw = await readFile(article.file, 'utf8');
  const { body } = parseFrontMatter(raw);
  const file = await remark()
    .use(remarkGfm)
    .use(remarkRehype)
    .use(rewriteLinks(article.path, links))
    .use(rehypeSlug)
    .use(rehypeAutolinkHeadings, {
      behavior: 'append',
      properties: { className: ['anchor'], tabIndex: -1 },
      content: { type: 'text', value: '#' },
    })
    .use(rehypeSanitize, SCHEMA)
    .use(rehypeStringify)
    .process(blankDocSiteSyntax(body, article.file.toLowerCase().endsWith('.mdx')));
  return String(file);
}

/**
 * Public renderings by file, kept while the file's modification time and size stay the same. A
 * staff reader's page is rendered afresh: its links to internal articles carry that reader's own
 * link, which must never be handed to someone else.
 */
export class ArticleCache {
  private readonly entries = new Map<string, { stamp: string; html: string }>();

  async body(article: Article, links: ArticleLinks, audience: 'public' | 'staff'): Promise<string> {
    if (audience === 'staff') return renderArticleBody(article, links);
    const info = await stat(article.file);
    const stamp = `${info.mtimeMs}:${info.size}`;
    const cached = this.entries.get(article.file);
    if (cached && cached.stamp === stamp) return cached.html;
    const html = await renderArticleBody(article, links);
    this.entries.set(article.file, { stamp, html });
    return html;
  }
}
