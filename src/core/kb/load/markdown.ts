// Markdown body → sections (split at every heading, each with a github-slugger anchor), plain
// text, code kept apart (weighted low by the ranker) and the links the body makes.
import GithubSlugger from 'github-slugger';
import { toString } from 'mdast-util-to-string';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import type { ArticleLink, Section } from '../types.js';

interface MdNode {
  type: string;
  value?: string;
  url?: string;
  depth?: number;
  children?: MdNode[];
  position?: { start: { line: number } };
}

const gfmParser = remark().use(remarkGfm);
const plainParser = remark();
// GFM costs about a third more parse time; only tables, strikethrough, footnotes and task lists
// change what is indexed (bare-URL autolinks never point inside the KB), so plain CommonMark
// parses any body without them. Measured on 700 node_modules READMEs (bench/run.ts).
const NEEDS_GFM = /^\s*\|.*\||^\s*[-:| ]+\|[-:| ]*$|~~|\[\^|^\s*[-*+] \[[ xX]\]/m;

export interface ParsedBody {
  sections: Section[];
  /** Raw hrefs with their line in the file. */
  hrefs: Array<{ href: string; line: number }>;
  firstHeading: string | null;
}

function collectHrefs(node: MdNode, offset: number, out: ParsedBody['hrefs']): void {
  if ((node.type === 'link' || node.type === 'definition') && node.url) {
    out.push({ href: node.url, line: (node.position?.start.line ?? 1) + offset });
  }
  for (const child of node.children ?? []) collectHrefs(child, offset, out);
}

// Containers whose children are blocks: their texts are joined on separate lines, so list items
// and table cells do not run into each other ("safelyKnown").
const SEPARATORS: Record<string, string> = {
  list: '\n',
  listItem: '\n',
  blockquote: '\n',
  table: '\n',
  tableRow: ' | ',
  footnoteDefinition: '\n',
};

function blockText(node: MdNode, codes: string[]): string {
  if (node.type === 'html') return (node.value ?? '').replace(/<[^>]*>/g, ' ');
  if (node.type === 'code') {
    codes.push(node.value ?? '');
    return '';
  }
  const separator = SEPARATORS[node.type];
  if (separator === undefined) return toString(node);
  return (node.children ?? [])
    .map((child) => blockText(child, codes))
    .filter(Boolean)
    .join(separator);
}

export function parseBody(body: string, lineOffset: number): ParsedBody {
  const tree = (NEEDS_GFM.test(body) ? gfmParser : plainParser).parse(body) as MdNode;
  const slugger = new GithubSlugger();
  const sections: Section[] = [];
  let current: Section = {
    heading: null,
    anchor: null,
    depth: 0,
    line: 1 + lineOffset,
    text: '',
    code: '',
  };
  const texts: string[] = [];
  const codes: string[] = [];
  const flush = (): void => {
    current.text = texts.join('\n').trim();
    current.code = codes.join('\n').trim();
    if (current.heading !== null || current.text || current.code) sections.push(current);
    texts.length = 0;
    codes.length = 0;
  };
  let firstHeading: string | null = null;
  for (const node of tree.children ?? []) {
    if (node.type === 'heading') {
      flush();
      const heading = toString(node).trim();
      firstHeading ??= heading || null;
      current = {
        heading,
        anchor: slugger.slug(heading),
        depth: node.depth ?? 1,
        line: (node.position?.start.line ?? 1) + lineOffset,
        text: '',
        code: '',
      };
    } else if (node.type !== 'definition' && node.type !== 'thematicBreak') {
      const text = blockText(node, codes);
      if (text) texts.push(text);
    }
  }
  flush();
  const hrefs: ParsedBody['hrefs'] = [];
  collectHrefs(tree, lineOffset, hrefs);
  return { sections, hrefs, firstHeading };
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** A malformed escape (`%zz`) in one link must not stop the whole load: keep the text as written. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Resolves an href written in `fromPath` (KB-relative, no .md) to a KB path and anchor. */
export function resolveHref(
  href: string,
  fromPath: string,
): Omit<ArticleLink, 'line' | 'href'> | null {
  if (SCHEME.test(href) || href.startsWith('//')) return null;
  const [rawPath = '', rawAnchor] = href.split('#', 2);
  const anchor = rawAnchor ? safeDecode(rawAnchor) : null;
  if (!rawPath) return { target: fromPath, anchor };
  const clean = safeDecode(rawPath.split('?')[0] ?? '');
  if (!clean.endsWith('.md') && !clean.endsWith('/') && /\.[a-z0-9]+$/i.test(clean)) return null;
  const baseParts = clean.startsWith('/') ? [] : fromPath.split('/').slice(0, -1);
  for (const part of clean.replace(/\.md$/, '').split('/')) {
    if (part === '..') baseParts.pop();
    else if (part && part !== '.') baseParts.push(part);
  }
  return { target: baseParts.join('/'), anchor };
}
