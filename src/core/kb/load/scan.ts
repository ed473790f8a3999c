// Markdown body → sections in one pass over the lines, without a syntax tree. Only what the index
// needs is recognised: top-level headings (ATX and setext) that split sections, code (fenced and
// indented) kept apart, HTML blocks (tags dropped), GFM tables, lists, quotes, link definitions;
// inline markup goes through inline.ts. remark built a full tree of every file and was most of a
// cold open (7.7 s of 12 s for 6,500 files); the tree was thrown away after this same walk.
// load/markdown-remark.ts keeps remark's version, against which the tests compare this one.
import GithubSlugger from 'github-slugger';
import type { Section } from '../types.js';
import {
  htmlBlockText,
  inlineText,
  normalizeLabel,
  type Href,
  type InlineContext,
} from './inline.js';

export interface ParsedBody {
  sections: Section[];
  /**
   * Raw hrefs with their line in the file and the link's words; a reference definition's words
   * are those of the reference links using it, each distinct one once, one per line.
   */
  hrefs: Href[];
  firstHeading: string | null;
}

// GFM costs remark a third more; the scanner's own cost is the same, but GFM changes what some
// text means (`~~`, `[^1]`, `| a |`), so it applies only to bodies that use it, as remark did.
export const NEEDS_GFM = /^\s*\|.*\||^\s*[-:| ]+\|[-:| ]*$|~~|\[\^|^\s*[-*+] \[[ xX]\]/m;

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC = /^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const FENCE = /^( *)(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^( {0,3})([-+*]|\d{1,9}[.)])(?:([ \t]+)(.*))?$/;
const QUOTE = /^ {0,3}> ?/;
const DEFINITION = /^ {0,3}\[((?:\\.|[^\\\]])+)\]:[ \t]*(<[^<>\n]*>|\S+)/;
// CommonMark lets a definition's destination and title each start on the next line
// (`[FastifyRegister]:` then the URL indented below); those lines hold nothing else.
const LABEL_ALONE = /^ {0,3}\[((?:\\.|[^\\\]])+)\]:[ \t]*$/;
const TITLE = String.raw`(?:"[^"]*"|'[^']*'|\([^()]*\))`;
const DESTINATION_ALONE = new RegExp(
  String.raw`^[ \t]*(<[^<>\n]*>|[^\s<]\S*)(?:[ \t]+${TITLE})?[ \t]*$`,
);
const TITLE_ALONE = new RegExp(String.raw`^[ \t]*${TITLE}[ \t]*$`);
const FOOTNOTE = /^ {0,3}\[\^[^\]]+\]:[ \t]*/;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const TASK = /^\[[ xX]\][ \t]+/;
// HTML block starts (CommonMark kinds 1–7) and what ends each.
const HTML_RAW = /^ {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)/i;
const HTML_RAW_END = /<\/(?:script|pre|style|textarea)>/i;
const HTML_SPECIAL: Array<[RegExp, string]> = [
  [/^ {0,3}<!--/, '-->'],
  [/^ {0,3}<\?/, '?>'],
  [/^ {0,3}<![A-Za-z]/, '>'],
  [/^ {0,3}<!\[CDATA\[/, ']]>'],
];
const HTML_BLOCK_TAG =
  /^ {0,3}<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:\s|\/?>|$)/i;
// Kind 7: a whole open or closing tag alone on its line (cannot interrupt a paragraph).
const HTML_LONE_TAG =
  /^ {0,3}(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)[ \t]*$/;

function indentOf(line: string): number {
  let width = 0;
  for (const ch of line) {
    if (ch === ' ') width += 1;
    else if (ch === '\t') width += 4 - (width % 4);
    else break;
  }
  return width;
}

/** Removes up to `width` columns of leading indentation. */
function dedent(line: string, width: number): string {
  let column = 0;
  let i = 0;
  while (i < line.length && column < width) {
    if (line[i] === ' ') column += 1;
    else if (line[i] === '\t') column += 4 - (column % 4);
    else break;
    i += 1;
  }
  return line.slice(i);
}

interface Definition {
  label: string;
  href: string;
  /** Lines it spans: its destination or title may be on the lines after the label. */
  span: number;
}

/** The link reference definition starting at `lines[i]`, if one does. */
function definitionAt(lines: readonly string[], i: number, unquote = false): Definition | null {
  // Every line of every file comes here (definitionsOf): most are ruled out without a regex.
  if (!lines[i]?.includes(']:')) return null;
  const at = (k: number): string => {
    const line = lines[k] ?? '';
    return unquote ? line.replace(QUOTE, '') : line;
  };
  let span = 1;
  let label = LABEL_ALONE.exec(at(i));
  let destination: string | undefined;
  if (label) {
    destination = DESTINATION_ALONE.exec(at(i + 1))?.[1];
    span = 2;
  } else {
    label = DEFINITION.exec(at(i));
    destination = label?.[2];
  }
  if (!label || destination === undefined) return null;
  const last = at(i + span - 1);
  const afterDestination = last.slice(last.indexOf(destination) + destination.length);
  if (!afterDestination.trim() && TITLE_ALONE.test(at(i + span))) span += 1;
  return {
    label: normalizeLabel(label[1] ?? ''),
    href: destination.startsWith('<') ? destination.slice(1, -1) : destination,
    span,
  };
}

function definitionsOf(lines: readonly string[]): Set<string> {
  const labels = new Set<string>();
  let fence: string | null = null;
  for (const [i, line] of lines.entries()) {
    const open = FENCE.exec(line);
    if (fence) {
      if (open && (open[2] ?? '').startsWith(fence) && !(open[3] ?? '').trim()) fence = null;
      continue;
    }
    if (open && indentOf(line) < 4) fence = open[2] ?? null;
    const definition = definitionAt(lines, i, true);
    if (definition) labels.add(definition.label);
  }
  return labels;
}

type Block =
  | { kind: 'paragraph' | 'list' | 'quote' | 'table'; lines: string[]; line: number }
  | { kind: 'html'; lines: string[]; line: number; end: string | RegExp | null }
  | { kind: 'code'; lines: string[]; line: number; fence: string; indent: number; quoted: boolean }
  | { kind: 'indented'; lines: string[]; line: number };

class Scanner {
  private readonly sections: Section[] = [];
  private readonly slugger = new GithubSlugger();
  private current: Section;
  private texts: string[] = [];
  private codes: string[] = [];
  private block: Block | null = null;
  /** Content column of the open list item: deeper lines belong to it. */
  private listIndent = 0;
  private blankInList = false;
  firstHeading: string | null = null;
  readonly context: InlineContext;
  /** The definitions among the hrefs, by normalised label: their words are known at the end. */
  private readonly definitionHrefs: Array<{ href: Href; label: string }> = [];
  /** The last line of a definition read ahead (its destination or title on lines of their own). */
  private readAheadTo = 0;

  constructor(
    private readonly lineOffset: number,
    private readonly lines: readonly string[],
    gfm: boolean,
  ) {
    this.context = { definitions: definitionsOf(lines), gfm, hrefs: [], referenceWords: new Map() };
    this.current = this.section(null, 0, 1);
  }

  private section(heading: string | null, depth: number, line: number): Section {
    return {
      heading,
      anchor: heading === null ? null : this.slugger.slug(heading),
      depth,
      line: line + this.lineOffset,
      text: '',
      code: '',
    };
  }

  private inline(text: string, line: number): string {
    return inlineText(text, this.context, line + this.lineOffset);
  }

  /** Ends the open block, adding its text or code to the current section. */
  private close(): void {
    const block = this.block;
    this.block = null;
    if (!block) return;
    if (block.kind === 'code' || block.kind === 'indented') {
      const lines = block.lines;
      while (block.kind === 'indented' && lines.length && !lines[lines.length - 1]?.trim())
        lines.pop();
      this.codes.push(lines.join('\n'));
      return;
    }
    let text: string;
    if (block.kind === 'html') text = htmlBlockText(block.lines.join('\n'));
    else if (block.kind === 'table') text = this.tableText(block.lines, block.line);
    else
      // Blank lines inside a list are kept until after the inline pass, for links' line numbers.
      text = this.inline(block.lines.map((l) => l.trim()).join('\n'), block.line)
        .split('\n')
        .filter((l) => l.trim())
        .join('\n');
    if (text.trim()) this.texts.push(text);
  }

  private tableText(rows: string[], line: number): string {
    return rows
      .map((row, n) => {
        if (n === 1) return '';
        const cells = row
          .trim()
          .replace(/^\|/, '')
          .replace(/(?<!\\)\|$/, '')
          .split(/(?<!\\)\|/)
          .map((cell) => this.inline(cell.trim().replace(/\\\|/g, '|'), line + n).trim());
        return cells.filter(Boolean).join(' | ');
      })
      .filter(Boolean)
      .join('\n');
  }

  private flushSection(): void {
    this.close();
    const section = this.current;
    section.text = this.texts.join('\n').trim();
    section.code = this.codes.join('\n').trim();
    if (section.heading !== null || section.text || section.code) this.sections.push(section);
    this.texts = [];
    this.codes = [];
  }

  private heading(text: string, depth: number, line: number): void {
    this.flushSection();
    const heading = this.inline(text, line).trim();
    this.firstHeading ??= heading || null;
    this.current = this.section(heading, depth, line);
  }

  /** One line of the body (`n` is its 1-based line number in the body). */
  feed(line: string, n: number): void {
    if (n <= this.readAheadTo) return;
    const block = this.block;
    if (block?.kind === 'code') {
      const body = block.quoted ? line.replace(QUOTE, '') : line;
      const close = FENCE.exec(body);
      if (
        close &&
        indentOf(body) - block.indent < 4 &&
        (close[2] ?? '').startsWith(block.fence) &&
        !(close[3] ?? '').trim()
      ) {
        this.close();
        return;
      }
      block.lines.push(dedent(body, block.indent));
      return;
    }
    if (block?.kind === 'html') {
      if (block.end === null && !line.trim()) return this.close();
      block.lines.push(line);
      const end = block.end;
      if (end !== null && (typeof end === 'string' ? line.includes(end) : end.test(line)))
        this.close();
      return;
    }
    if (!line.trim()) return this.blank();
    if (block?.kind === 'indented') {
      if (indentOf(line) >= 4) {
        block.lines.push(dedent(line, 4));
        return;
      }
      this.close();
    }
    if (block?.kind === 'list' && this.continuesList(line, n, block)) return;
    if (block?.kind === 'quote' && this.continuesQuote(line, block)) return;
    if (block?.kind === 'table') {
      if (line.includes('|') && !this.startsBlock(line)) {
        block.lines.push(line);
        return;
      }
      this.close();
    }
    this.start(line, n);
  }

  private blank(): void {
    const block = this.block;
    if (block?.kind === 'indented') {
      block.lines.push('');
      return;
    }
    if (block?.kind === 'list') {
      this.blankInList = true;
      block.lines.push('');
      return;
    }
    this.close();
  }

  /** Whether a line would start a block other than a paragraph (and so ends a table or quote). */
  private startsBlock(line: string): boolean {
    return (
      ATX.test(line) ||
      THEMATIC.test(line) ||
      QUOTE.test(line) ||
      (FENCE.test(line) && indentOf(line) < 4) ||
      HTML_BLOCK_TAG.test(line) ||
      HTML_RAW.test(line) ||
      HTML_SPECIAL.some(([start]) => start.test(line))
    );
  }

  private continuesList(line: string, n: number, block: Block): boolean {
    const indent = indentOf(line);
    if (indent >= this.listIndent) {
      const inner = dedent(line, this.listIndent);
      const fence = FENCE.exec(inner);
      if (fence && indentOf(inner) < 4) {
        this.resumeList(block);
        this.openFence(fence, n, indentOf(line), false);
        return true;
      }
      const nested = LIST_ITEM.exec(inner);
      block.lines.push(nested ? (nested[4] ?? '') : inner.replace(/^ {0,3}#{1,6}[ \t]+/, ''));
      this.blankInList = false;
      return true;
    }
    const item = LIST_ITEM.exec(line);
    if (item && !THEMATIC.test(line)) {
      this.listItem(item, block);
      this.blankInList = false;
      return true;
    }
    if (!this.blankInList && !this.startsBlock(line)) {
      block.lines.push(line);
      return true;
    }
    this.close();
    return false;
  }

  /** A fenced block inside a list item: the list's text so far is kept, the list goes on after. */
  private resumeList(list: Block): void {
    this.close();
    this.pendingList = { kind: 'list', lines: [], line: list.line };
  }

  private pendingList: Block | null = null;

  private continuesQuote(line: string, block: Block): boolean {
    if (QUOTE.test(line)) {
      const inner = line.replace(QUOTE, '').replace(QUOTE, '');
      const fence = FENCE.exec(inner);
      if (fence && indentOf(inner) < 4) {
        this.close();
        this.block = {
          kind: 'code',
          lines: [],
          line: 0,
          fence: fence[2] ?? '```',
          indent: indentOf(inner),
          quoted: true,
        };
        return true;
      }
      block.lines.push(inner.replace(/^ {0,3}#{1,6}[ \t]+/, ''));
      return true;
    }
    if (!this.startsBlock(line) && !LIST_ITEM.test(line)) {
      block.lines.push(line);
      return true;
    }
    this.close();
    return false;
  }

  private listItem(item: RegExpExecArray, block: Block): void {
    const marker = (item[1] ?? '').length + (item[2] ?? '').length;
    const spaces = (item[3] ?? ' ').length;
    this.listIndent = marker + (spaces > 4 || !item[4] ? 1 : spaces);
    const content = item[4] ?? '';
    block.lines.push(this.context.gfm ? content.replace(TASK, '') : content);
  }

  private openFence(fence: RegExpExecArray, n: number, indent: number, quoted: boolean): void {
    this.close();
    this.block = { kind: 'code', lines: [], line: n, fence: fence[2] ?? '```', indent, quoted };
  }

  private start(line: string, n: number): void {
    const block = this.block;
    const inParagraph = block?.kind === 'paragraph';
    const indent = indentOf(line);
    if (indent >= 4) {
      if (inParagraph) block.lines.push(line);
      else {
        this.close();
        this.block = { kind: 'indented', lines: [dedent(line, 4)], line: n };
      }
      return;
    }
    const fence = FENCE.exec(line);
    if (fence && !(fence[2]?.startsWith('`') && fence[3]?.includes('`'))) {
      this.openFence(fence, n, indent, false);
      return;
    }
    const setext = inParagraph ? SETEXT.exec(line) : null;
    if (setext && block) {
      const text = block.lines.map((l) => l.trim()).join('\n');
      const first = block.line;
      this.block = null;
      this.heading(text, setext[1]?.startsWith('=') ? 1 : 2, first);
      return;
    }
    const atx = ATX.exec(line);
    if (atx) {
      this.heading(atx[2] ?? '', atx[1]?.length ?? 1, n);
      return;
    }
    if (THEMATIC.test(line)) {
      this.close();
      return;
    }
    if (this.startHtml(line, n, inParagraph)) return;
    if (QUOTE.test(line)) {
      this.close();
      this.block = { kind: 'quote', lines: [], line: n };
      this.continuesQuote(line, this.block);
      return;
    }
    const item = LIST_ITEM.exec(line);
    // An ordered list interrupts a paragraph only from 1, a bullet only when not empty.
    if (
      item &&
      (!inParagraph ||
        (/^\d/.test(item[2] ?? '') ? Number.parseInt(item[2] ?? '', 10) === 1 : Boolean(item[4])))
    ) {
      this.close();
      const list: Block = { kind: 'list', lines: [], line: n };
      this.block = list;
      this.blankInList = false;
      this.listItem(item, list);
      return;
    }
    if (!inParagraph) this.startParagraph(line, n);
    else block.lines.push(line);
  }

  private startHtml(line: string, n: number, inParagraph: boolean): boolean {
    let end: string | RegExp | null | undefined;
    if (HTML_RAW.test(line)) end = HTML_RAW_END;
    else end = HTML_SPECIAL.find(([start]) => start.test(line))?.[1];
    if (
      end === undefined &&
      (HTML_BLOCK_TAG.test(line) || (!inParagraph && HTML_LONE_TAG.test(line)))
    )
      end = null;
    if (end === undefined) return false;
    this.close();
    const block: Block = { kind: 'html', lines: [line], line: n, end };
    this.block = block;
    // The start line may hold the end too (`<!-- note -->`).
    const rest = line.replace(/^ {0,3}<!--/, '');
    if (end !== null && (typeof end === 'string' ? rest.includes(end) : end.test(line)))
      this.close();
    return true;
  }

  private startParagraph(line: string, n: number): void {
    this.close();
    const definition = definitionAt(this.lines, n - 1);
    if (definition) {
      const href = { href: definition.href, line: n + this.lineOffset, text: '' };
      this.context.hrefs.push(href);
      this.definitionHrefs.push({ href, label: definition.label });
      this.readAheadTo = n + definition.span - 1;
      return;
    }
    if (this.context.gfm && FOOTNOTE.test(line)) {
      this.block = { kind: 'paragraph', lines: [line.replace(FOOTNOTE, '')], line: n };
      return;
    }
    this.block = { kind: 'paragraph', lines: [line], line: n };
  }

  /** Called after a fenced block inside a list item closes: the list goes on. */
  afterLine(n: number): void {
    if (this.block === null && this.pendingList) {
      this.block = { ...this.pendingList, line: n + 1 };
      this.pendingList = null;
    }
  }

  /** A table starts where a paragraph's first line is followed by a delimiter row. */
  tryTable(line: string, next: string | undefined, n: number): boolean {
    if (!this.context.gfm || this.block !== null || next === undefined || n <= this.readAheadTo)
      return false;
    if (!line.includes('|') || !TABLE_DELIMITER.test(next) || indentOf(line) >= 4) return false;
    if (!next.includes('|') && !line.trim().startsWith('|')) return false;
    this.block = { kind: 'table', lines: [line, next], line: n };
    return true;
  }

  finish(): ParsedBody {
    this.flushSection();
    for (const { href, label } of this.definitionHrefs)
      href.text = [...new Set(this.context.referenceWords?.get(label))].join('\n');
    return { sections: this.sections, hrefs: this.context.hrefs, firstHeading: this.firstHeading };
  }
}

export function scanBody(body: string, lineOffset: number): ParsedBody {
  const lines = body.split('\n');
  const gfm = NEEDS_GFM.test(body);
  const scanner = new Scanner(lineOffset, lines, gfm);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (scanner.tryTable(line, lines[i + 1], i + 1)) {
      i += 1;
      continue;
    }
    scanner.feed(line, i + 1);
    scanner.afterLine(i + 1);
  }
  return scanner.finish();
}
