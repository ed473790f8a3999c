// Markdown body → sections (split at every heading, each with a github-slugger anchor), plain
// text, code kept apart (weighted low by the ranker) and the links the body makes. The scan is
// scan.ts's single pass; remark's tree (remark-body.ts) is the reference it is tested against.
import type { ArticleLink } from '../types.js';
export { scanBody as parseBody, type ParsedBody } from './scan.js';

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** A KB article's file: Markdown, or MDX as documentation sites (Docusaurus) write it. */
export const MARKDOWN_EXTENSION = /\.mdx?$/i;

export function isMarkdownFile(name: string): boolean {
  return MARKDOWN_EXTENSION.test(name);
}

/** A malformed escape (`%zz`) in one link must not stop the whole load: keep the text as written. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Resolves an href written in `fromPath` (KB-relative, no .md/.mdx) to a KB path and anchor. */
export function resolveHref(
  href: string,
  fromPath: string,
): Omit<ArticleLink, 'line' | 'href' | 'text'> | null {
  if (SCHEME.test(href) || href.startsWith('//')) return null;
  const [rawPath = '', rawAnchor] = href.split('#', 2);
  const anchor = rawAnchor ? safeDecode(rawAnchor) : null;
  if (!rawPath) return { target: fromPath, anchor };
  const clean = safeDecode(rawPath.split('?')[0] ?? '');
  if (!isMarkdownFile(clean) && !clean.endsWith('/') && /\.[a-z0-9]+$/i.test(clean)) return null;
  const baseParts = clean.startsWith('/') ? [] : fromPath.split('/').slice(0, -1);
  for (const part of clean.replace(MARKDOWN_EXTENSION, '').split('/')) {
    if (part === '..') baseParts.pop();
    else if (part && part !== '.') baseParts.push(part);
  }
  return { target: baseParts.join('/'), anchor };
}
