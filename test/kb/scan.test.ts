// The one-pass scan (load/scan.ts) against remark's CommonMark tree (load/remark-body.ts): the
// same sections, text, code and links on the project's own articles and on the constructs a
// line scanner most easily gets wrong.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../../src/core/kb/load/front-matter.js';
import { listMarkdownFiles } from '../../src/core/kb/load/loader.js';
import { parseBodyWithRemark } from '../../src/core/kb/load/remark-body.js';
import { scanBody } from '../../src/core/kb/load/scan.js';
import { BASIC_KB, REPO } from './helpers.js';

const CASES: Record<string, string> = {
  setext:
    'Intro line\n\nFirst title\n===========\n\nBody *one*.\n\nSecond\ntitle\n------\n\nBody.\n',
  'fences hide headings':
    '# Real\n\n````md\n```\n# not a heading\n```\n````\n\n~~~\n## nor this\n~~~\n\nAfter.\n',
  'unclosed fence': '# A\n\n```js\nconst x = 1;\n# still code\n',
  'indented code':
    '# A\n\nText.\n\n    npm ci --omit=dev\n    # a comment, not a heading\n\nMore text.\n',
  'lazy paragraph, not indented code': 'Para\n    continued\n',
  'headings in lists and quotes do not split':
    '# Top\n\n- item\n\n  ## inside a list\n\n> ## inside a quote\n> text\n\n## Next\n',
  'code in a list item':
    '# Steps\n\n1. Install:\n\n   ```sh\n   npm i undici\n   ```\n\n2. Run it.\n',
  'thematic break is not a setext heading after a blank': '# A\n\nText\n\n---\n\nMore\n',
  'inline markup':
    '# The `fetch()` *API*\n\nUse **bold**, _em_, snake_case_name, 2 * 3 * 4, `a*b*c` and \\*literal\\*.\nSee [the docs](./other.md#part "Title") and ![logo](x.png) and <https://example.com>.\n&amp; &copy; &#233; &#x41;\n',
  'reference links and badges':
    '# R\n\n[![build][build-img]][build-url] [known][k] [unknown][nope] [k]\n\n[build-img]: https://x/badge.svg\n[build-url]: https://ci/\n[k]: ./k.md\n',
  'definitions with the destination or title on the next line':
    '# D\n\nUse [Register][reg] and [Opts].\n\n[reg]:\n    #register-anchor\n[Opts]: #opts\n  "Options"\n[Split]:\n  <./a b.md>\n  (A title)\n[Note]:\nnot a destination here\n\n[Empty]:\n\nAfter.\n',
  'link words':
    '# L\n\nSee [the *reply*\n`serializer`](./Reply.md#serializer), [hooks][h], [Hooks] and\n[the hooks][h] and [again][h] and [the hooks][h].\n\n[h]: ./Hooks.md\n[hooks]: ./Hooks.md#top\n',
  'html blocks':
    '# H\n\n<!--\n# hidden heading\n-->\n\n<div align="center">\n  <b>Centred</b> words\n</div>\n\n<img src="a.png"> inline html stays\n',
  'markdown inside html blocks':
    '# M\n\n<ul>\n  <li markdown="1">\n    The [req.ip](/api/request/#reqip) value, `trust proxy` and **bold**.\n  </li>\n</ul>\n',
  'gfm table and strikethrough':
    '# T\n\n| Option | Default |\n| --- | :-: |\n| `timeout` | 30 \\| 60 |\n| keepAlive | ~~true~~ |\n\nText ~~gone~~ here.\n',
  'heading closing sequence and escapes': '## Title ##\n\n### Ends with \\#\n\n#hashtag is text\n',
};

describe('the one-pass Markdown scan', () => {
  it.each(Object.entries(CASES))('agrees with remark on %s', (_name, body) => {
    expect(scanBody(body, 3)).toEqual(parseBodyWithRemark(body, 3));
  });

  it('splits, strips and keeps code apart as the index needs', () => {
    const { sections, hrefs } = scanBody(CASES['inline markup'] ?? '', 0);
    expect(sections[0]).toMatchObject({ heading: 'The fetch() API', anchor: 'the-fetch-api' });
    expect(sections[0]?.text).toContain(
      'Use bold, em, snake_case_name, 2 * 3 * 4, a*b*c and *literal*.',
    );
    expect(sections[0]?.text).toContain('See the docs and logo and https://example.com.');
    expect(hrefs).toEqual([
      { href: './other.md#part', line: 4, text: 'the docs' },
      { href: 'https://example.com', line: 4, text: 'https://example.com' },
    ]);
    const code = scanBody(CASES['indented code'] ?? '', 0).sections;
    expect(code).toHaveLength(1);
    expect(code[0]?.code).toBe('npm ci --omit=dev\n# a comment, not a heading');
  });

  it('gives each link its words, and a definition the words of the links that use it', () => {
    expect(scanBody(CASES['link words'] ?? '', 0).hrefs).toEqual([
      { href: './Reply.md#serializer', line: 3, text: 'the reply serializer' },
      { href: './Hooks.md', line: 7, text: 'hooks\nthe hooks\nagain' },
      { href: './Hooks.md#top', line: 8, text: 'Hooks' },
    ]);
  });

  it('reads a definition whose destination is on the next line as a link, not as text', () => {
    const body = CASES['definitions with the destination or title on the next line'] ?? '';
    const { sections, hrefs } = scanBody(body, 0);
    expect(sections[0]?.text).not.toMatch(/reg|register-anchor|Opts:|Split|Options|A title/);
    expect(hrefs).toContainEqual({ href: '#register-anchor', line: 5, text: 'Register' });
    expect(hrefs).toContainEqual({ href: './a b.md', line: 9, text: '' });
  });

  it('reads Markdown written inside an HTML block as text, without its link syntax', () => {
    const [section] = scanBody(CASES['markdown inside html blocks'] ?? '', 0).sections;
    expect(section?.text).toMatch(/The req\.ip value, trust proxy and bold\./);
    expect(section?.text).not.toMatch(/\]\(|\*\*|`/);
  });

  it("gives remark's sections for every article of the project's own KBs", async () => {
    const dirs = [path.join(REPO, 'kb'), BASIC_KB, path.join(REPO, 'test/fixtures/kb-tool-docs')];
    let compared = 0;
    for (const dir of dirs) {
      for (const rel of await listMarkdownFiles(dir)) {
        const raw = await readFile(path.join(dir, rel), 'utf8');
        const { body, bodyLineOffset } = parseFrontMatter(raw);
        expect(scanBody(body, bodyLineOffset), rel).toEqual(
          parseBodyWithRemark(body, bodyLineOffset),
        );
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });
});
