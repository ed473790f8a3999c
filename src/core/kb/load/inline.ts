// Inline Markdown → the plain text remark's toString would give, without building a tree: code
// spans keep their content, links and images their text, emphasis and strikethrough lose their
// markers, escapes and character references are resolved. Inline HTML stays as written (as
// toString keeps it). Link destinations are reported with their line and their words.

/** A link destination as written, the line it is on and the link's words (whitespace collapsed). */
export interface Href {
  href: string;
  line: number;
  text: string;
}

export interface InlineContext {
  /** Normalised labels of the file's link reference definitions. */
  definitions: Set<string>;
  gfm: boolean;
  hrefs: Href[];
  /**
   * The words of the reference links (`[words][label]`, `[label]`) using each definition, by
   * normalised label: the definition carries the destination, so the scan gives it these words.
   */
  referenceWords?: Map<string, string[]>;
}

// Private-use characters mark text already final (code spans, escapes) so later steps leave it.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const PROTECTED = /\uE000(\d+)\uE001/g;
const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const PUNCT_OR_SPACE = /[\s\p{P}\p{S}]/u;
const SPACE = /\s/u;

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  laquo: '«',
  raquo: '»',
  rarr: '→',
  larr: '←',
  times: '×',
  middot: '·',
  bull: '•',
  check: '✓',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  shy: '\u00ad',
  zwj: '\u200d',
  zwnj: '\u200c',
  deg: '°',
  plusmn: '±',
  sect: '§',
  para: '¶',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
};

export function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

function decodeReferences(text: string): string {
  return text.replace(
    /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g,
    (all, dec, hex, name) => {
      if (name !== undefined) return NAMED[name as string] ?? all;
      const code = dec !== undefined ? Number(dec) : parseInt(hex as string, 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
    },
  );
}

/** Code spans and backslash escapes first: nothing inside them is markup. */
function protect(text: string, kept: string[]): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length && ASCII_PUNCT.test(text[i + 1] ?? '')) {
      kept.push(text[i + 1] ?? '');
      out += `${OPEN}${kept.length - 1}${CLOSE}`;
      i += 2;
      continue;
    }
    if (ch === '`') {
      let run = 1;
      while (text[i + run] === '`') run += 1;
      const fence = '`'.repeat(run);
      let close = text.indexOf(fence, i + run);
      // The closing run must be exactly as long.
      while (close !== -1 && (text[close + run] === '`' || text[close - 1] === '`'))
        close = text.indexOf(fence, close + 1);
      if (close === -1) {
        out += fence;
        i += run;
        continue;
      }
      let code = text.slice(i + run, close).replace(/\n/g, ' ');
      if (/^ .*[^ ].* $/s.test(code)) code = code.slice(1, -1);
      kept.push(code);
      out += `${OPEN}${kept.length - 1}${CLOSE}`;
      i = close + run;
      continue;
    }
    out += ch;
    i += 1;
  }
  return out;
}

const LINK =
  /(!?)\[((?:[^[\]]|\[[^[\]]*\])*)\]\([ \t\n]*(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:[ \t\n]+("[^"]*"|'[^']*'|\([^()]*\)))?[ \t\n]*\)/g;
const REFERENCE = /(!?)\[((?:[^[\]]|\[[^[\]]*\])*)\](?:\[((?:[^[\]\\]|\\.)*)\])?/g;
const AUTOLINK =
  /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)>/g;

function lineAt(text: string, index: number, startLine: number): number {
  let line = startLine;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

function references(text: string, context: InlineContext, kept: string[]): string {
  return text.replace(REFERENCE, (all, bang: string, inner: string, label: string | undefined) => {
    if (context.gfm && inner.startsWith('^') && label === undefined) return '';
    const key = normalizeLabel(label ? label : inner);
    if (!context.definitions.has(key)) return all;
    // The text of a reference may itself hold one (a badge: an image reference inside a link).
    const plain = references(inner, context, kept);
    if (!bang && context.referenceWords) {
      const words = context.referenceWords.get(key) ?? [];
      words.push(linkWords(plain, context.gfm, kept));
      context.referenceWords.set(key, words);
    }
    return plain;
  });
}

/** A link's words as remark's toString gives them, whitespace collapsed. */
function linkWords(text: string, gfm: boolean, kept: string[]): string {
  return restore(decodeReferences(emphasis(text, gfm)), kept)
    .replace(/\s+/g, ' ')
    .trim();
}

function links(text: string, context: InlineContext, startLine: number, kept: string[]): string {
  const found: Array<{ index: number; href: string; text: string }> = [];
  let out = text.replace(
    LINK,
    (all, bang: string, inner: string, dest: string, _t, offset: number) => {
      const plain = links(inner, { ...context, hrefs: [] }, startLine, kept);
      if (!bang) {
        const href = dest.startsWith('<') ? dest.slice(1, -1) : dest;
        found.push({
          index: offset,
          href: restore(href, kept),
          text: linkWords(plain, context.gfm, kept),
        });
      }
      return plain;
    },
  );
  out = references(out, context, kept);
  out = out.replace(AUTOLINK, (_all, target: string, offset: number) => {
    const href = target.includes(':') ? target : `mailto:${target}`;
    found.push({ index: offset, href, text: target });
    return target;
  });
  for (const { index, href, text: words } of found.sort((a, b) => a.index - b.index))
    context.hrefs.push({ href, line: lineAt(text, index, startLine), text: words });
  return out;
}

interface Run {
  char: string;
  start: number;
  length: number;
  open: boolean;
  close: boolean;
}

/** Emphasis, strong and (GFM) strikethrough markers removed by CommonMark's flanking rules. */
function emphasis(text: string, gfm: boolean): string {
  const runs: Run[] = [];
  const pattern = gfm ? /\*+|_+|~+/g : /\*+|_+/g;
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    const length = match[0].length;
    const before = text[start - 1] ?? ' ';
    const after = text[start + length] ?? ' ';
    const left = !SPACE.test(after) && (!PUNCT_OR_SPACE.test(after) || PUNCT_OR_SPACE.test(before));
    const right =
      !SPACE.test(before) && (!PUNCT_OR_SPACE.test(before) || PUNCT_OR_SPACE.test(after));
    const char = match[0][0] ?? '*';
    const intraword = char === '_';
    runs.push({
      char,
      start,
      length,
      open: left && (!intraword || !right || PUNCT_OR_SPACE.test(before)),
      close: right && (!intraword || !left || PUNCT_OR_SPACE.test(after)),
    });
  }
  const drop = new Array<number>(text.length).fill(0);
  const stack: Run[] = [];
  for (const run of runs) {
    if (run.close) {
      const at = stack.findLastIndex((opener) => opener.char === run.char && opener.length > 0);
      if (at !== -1) {
        const opener = stack[at] as Run;
        const used =
          run.char === '~'
            ? Math.min(opener.length, run.length, 2)
            : Math.min(opener.length, run.length);
        for (let k = 0; k < used; k++) {
          drop[opener.start + opener.length - 1 - k] = 1;
          drop[run.start + k] = 1;
        }
        opener.length -= used;
        stack.length = opener.length > 0 ? at + 1 : at;
        if (run.length > used && run.open)
          stack.push({ ...run, start: run.start + used, length: run.length - used });
        continue;
      }
    }
    if (run.open) stack.push({ ...run });
  }
  let out = '';
  for (let i = 0; i < text.length; i++) if (!drop[i]) out += text[i];
  return out;
}

function restore(text: string, kept: string[]): string {
  return text.replace(PROTECTED, (_all, n: string) => kept[Number(n)] ?? '');
}

/** Plain text of a run of inline Markdown that starts on `startLine`. */
export function inlineText(source: string, context: InlineContext, startLine: number): string {
  const kept: string[] = [];
  let text = protect(source.replaceAll('\u0000', '\uFFFD'), kept);
  text = links(text, context, startLine, kept);
  text = emphasis(text, context.gfm);
  // Hard line breaks (a trailing backslash or two spaces) keep only the line break.
  text = text.replace(/\\\n/g, '\n').replace(/[ \t]+\n/g, '\n');
  // References are decoded outside code spans and escapes only, as CommonMark does.
  return restore(decodeReferences(text), kept);
}

/**
 * An HTML block's words: its tags dropped, and the Markdown that docs sites write inside one
 * (kramdown's `<td markdown="1">`, a list item's `[req.ip](/api/request)`) read as inline text, so
 * that link syntax is neither indexed nor shown in a snippet. Its links are not collected: the
 * block is raw HTML to CommonMark, and a link checker would report what a reader never sees.
 */
export function htmlBlockText(raw: string): string {
  const context: InlineContext = { definitions: new Set(), gfm: false, hrefs: [] };
  return inlineText(raw.replace(/<[^>]*>/g, ' '), context, 0);
}
