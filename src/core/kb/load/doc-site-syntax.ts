// Documentation sites (Docusaurus, VitePress, MDX, Hugo, Jekyll) write lines into their Markdown
// that are not text for a reader: admonition fences (`:::tip Title` … `:::`), template tags alone
// on their line (Hugo's `{{< note >}}`, Jekyll's `{% include x.html %}`) and, in MDX, the module
// lines (`import Tabs from '@theme/Tabs'`, `export const …`). A KB taken from such a site would otherwise
// index `:::` as words and show it in snippets. They are blanked before the scan, outside code
// fences, keeping the line count so that problems still name the right line.

const CODE_FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
// `:::tip`, `::: warning Title`, `:::note[Title]`, `:::details{open}`, and the closing `:::`.
// A fence is bare or names its kind with a letter: `:::80` (netstat's IPv6 any-address) is text.
const DIRECTIVE =
  /^ {0,3}:{3,}(?:[ \t]*$|[ \t]*[A-Za-z][\w-]*[ \t]*(?:\[([^\]]*)\]|\{[^}]*\})?(.*)$)/;
// `import X from 'y'` / `import 'y'` (a whole line ending in its module's quote), `export const …`.
// Written so that no line, however long, makes them backtrack.
const MDX_IMPORT = /^import[ \t][^'"]*['"][^'"]*['"];?[ \t]*$/;
const MDX_EXPORT = /^export[ \t]+(?:const|let|var|function|default|\{)/;
const MDX_COMMENT = /^[ \t]*\{\/\*.*\*\/\}[ \t]*$/;

/** The title an admonition fence gives (`:::tip Take care` → "Take care"), or ''. */
function directiveTitle(match: RegExpExecArray): string {
  return (match[1] ?? match[2] ?? '').trim();
}

/**
 * Where the template tag opening at `at` ends (just past its closer), or -1 when it is none. A
 * closer found missing once is missing for every later opener: `unclosed` remembers it, so a line
 * of a thousand openers is read once, not a thousand times.
 */
function tagEnd(line: string, at: number, unclosed: Set<string>): number {
  let closer: string | null = null;
  if (line.startsWith('{{<', at)) closer = '>}}';
  else if (line.startsWith('{{%', at)) closer = '%}}';
  else if (line.startsWith('{%', at)) closer = '%}';
  if (closer === null || unclosed.has(closer)) return -1;
  const end = line.indexOf(closer, at + 2);
  if (end < 0) unclosed.add(closer);
  return end < 0 ? -1 : end + closer.length;
}

/** Past the code span opening at `at` (its run of backticks and the same run closing it). */
function codeSpanEnd(line: string, at: number): number {
  let run = 0;
  while (line[at + run] === '`') run += 1;
  const end = line.indexOf('`'.repeat(run), at + run);
  return end < 0 ? line.length : end + run;
}

/**
 * Cuts Hugo and Jekyll tags out of a line, keeping the text between them and code spans as
 * written (a page about templates shows `{% raw %}` in code); a line indented as code is left
 * alone. Linear in the line: each tag's closer is found once.
 */
function cutTemplateTags(line: string): string {
  if (/^(?: {4}|\t)/.test(line)) return line;
  let out = '';
  let cut = false;
  let i = 0;
  const unclosed = new Set<string>();
  while (i < line.length) {
    if (line[i] === '`') {
      const end = codeSpanEnd(line, i);
      out += line.slice(i, end);
      i = end;
      continue;
    }
    const end = line[i] === '{' ? tagEnd(line, i, unclosed) : -1;
    if (end < 0) {
      out += line[i];
      i += 1;
      continue;
    }
    // The cut leaves one space between words it separated, and adds none at the line's start.
    if (out && !/\s$/.test(out)) out += ' ';
    cut = true;
    i = end;
  }
  if (!cut) return line;
  return out.trim() ? out.trimEnd() : '';
}

export function blankDocSiteSyntax(body: string, mdx: boolean): string {
  if (!mdx && !/:::|\{\{[<%]|\{%/.test(body)) return body;
  let fence: string | null = null;
  return body
    .split('\n')
    .map((line) => {
      const code = CODE_FENCE.exec(line);
      if (fence !== null) {
        if (code && (code[1] ?? '').startsWith(fence) && !(code[2] ?? '').trim()) fence = null;
        return line;
      }
      if (code) {
        fence = code[1] ?? null;
        return line;
      }
      const directive = DIRECTIVE.exec(line);
      if (directive) return directiveTitle(directive);
      if (line.includes('{{') || line.includes('{%')) return cutTemplateTags(line);
      if (mdx && (MDX_IMPORT.test(line) || MDX_EXPORT.test(line) || MDX_COMMENT.test(line)))
        return '';
      return line;
    })
    .join('\n');
}
