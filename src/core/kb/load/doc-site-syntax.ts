// Documentation sites (Docusaurus, VitePress, MDX, Hugo, Jekyll) write lines into their Markdown
// that are not text for a reader: admonition fences (`:::tip Title` … `:::`), template tags alone
// on their line (Hugo's `{{< note >}}`, Jekyll's `{% include x.html %}`) and, in MDX, the module
// lines (`import Tabs from '@theme/Tabs'`, `export const …`). A KB taken from such a site would otherwise
// index `:::` as words and show it in snippets. They are blanked before the scan, outside code
// fences, keeping the line count so that problems still name the right line.

const CODE_FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
// `:::tip`, `::: warning Title`, `:::note[Title]`, `:::details{open}`, and the closing `:::`.
const DIRECTIVE = /^ {0,3}:{3,}[ \t]*(?:[A-Za-z][\w-]*)?[ \t]*(?:\[([^\]]*)\]|\{[^}]*\})?(.*)$/;
const MDX_MODULE =
  /^(?:import[ \t]+(?:[\w*{}\s,]+from[ \t]+)?['"]|export[ \t]+(?:const|let|var|function|default|\{))/;
// A template tag: alone on its line the line goes, within text it is cut out of it.
const TEMPLATE_TAGS = /\{\{[<%](?:(?![>%]\}\}).)*[>%]\}\}|\{%(?:(?!%\}).)*%\}/g;
const MDX_COMMENT = /^[ \t]*\{\/\*.*\*\/\}[ \t]*$/;

/** The title an admonition fence gives (`:::tip Take care` → "Take care"), or ''. */
function directiveTitle(match: RegExpExecArray): string {
  return (match[1] ?? match[2] ?? '').trim();
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
      if (line.includes('{{') || line.includes('{%')) {
        const text = line.replace(TEMPLATE_TAGS, ' ');
        if (text !== line) return text.trim() ? text.replace(/ {2,}/g, ' ').trimEnd() : '';
      }
      if (mdx && (MDX_MODULE.test(line) || MDX_COMMENT.test(line))) return '';
      return line;
    })
    .join('\n');
}
