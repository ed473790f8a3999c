// The reference parse: remark's full syntax tree, walked into sections. No longer used to load a
// KB (scan.ts does the same in one pass, about 20 times faster); kept so tests and the bench can
// compare the scan with a CommonMark parser on the same files.
import GithubSlugger from 'github-slugger';
import { toString } from 'mdast-util-to-string';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import type { Section } from '../types.js';
import { htmlBlockText } from './inline.js';
import { NEEDS_GFM, type ParsedBody } from './scan.js';

interface MdNode {
  type: string;
  value?: string;
  url?: string;
  depth?: number;
  identifier?: string;
  children?: MdNode[];
  position?: { start: { line: number } };
}

const gfmParser = remark().use(remarkGfm);
const plainParser = remark();

const words = (node: MdNode): string => toString(node).replace(/\s+/g, ' ').trim();

/** The words of the reference links, by the identifier of the definition they use. */
function collectReferenceWords(node: MdNode, out: Map<string, Set<string>>): void {
  if (node.type === 'linkReference' && node.identifier !== undefined) {
    const known = out.get(node.identifier) ?? new Set<string>();
    known.add(words(node));
    out.set(node.identifier, known);
  }
  for (const child of node.children ?? []) collectReferenceWords(child, out);
}

function collectHrefs(
  node: MdNode,
  offset: number,
  referenceWords: Map<string, Set<string>>,
  out: ParsedBody['hrefs'],
): void {
  if ((node.type === 'link' || node.type === 'definition') && node.url) {
    const text =
      node.type === 'link'
        ? words(node)
        : [...(referenceWords.get(node.identifier ?? '') ?? [])].join('\n');
    out.push({ href: node.url, line: (node.position?.start.line ?? 1) + offset, text });
  }
  for (const child of node.children ?? []) collectHrefs(child, offset, referenceWords, out);
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
  if (node.type === 'html') return htmlBlockText(node.value ?? '');
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

export function parseBodyWithRemark(body: string, lineOffset: number): ParsedBody {
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
  const referenceWords = new Map<string, Set<string>>();
  collectReferenceWords(tree, referenceWords);
  collectHrefs(tree, lineOffset, referenceWords, hrefs);
  return { sections, hrefs, firstHeading };
}
