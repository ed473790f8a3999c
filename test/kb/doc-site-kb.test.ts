// A KB taken from a documentation site: Docusaurus writes MDX with module lines and admonitions
// (`:::tip`), VitePress writes `::: warning Title` containers. The files are articles, and the
// site syntax is neither indexed as words nor shown in a snippet.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/core/kb/index.js';
import { FolderKnowledgeBase } from '../../src/core/kb/knowledge-base.js';
import { blankDocSiteSyntax } from '../../src/core/kb/load/doc-site-syntax.js';
import { renderArticleBody } from '../../src/web/kb-pages.js';
import { tempCopy } from './helpers.js';

const DOCUSAURUS_PAGE = `---
id: ignoring
title: Ignoring files
---

import Tabs from '@theme/Tabs';
import TabItem from '@theme/TabItem';
export const minimum = '3.0';

{/* kept out of the rendered page */}

Put a \`.lintignore\` file at the root to leave generated files alone.

:::tip[Glob patterns]

Quote the patterns, or the shell expands them first.

:::

<Tabs>
<TabItem value="npm">

\`\`\`bash
npx lintkit --ignore-path .lintignore
\`\`\`

</TabItem>
</Tabs>

See [the options](./options.mdx#ignore-path) for the flag.
`;

const OPTIONS_PAGE = `---
title: Options
---

## Ignore path

The \`--ignore-path\` flag names the ignore file.

## Broken

A link to [nowhere](./missing.mdx).
`;

const VITEPRESS_PAGE = `# Proxy settings

::: warning Corporate networks
Set the proxy before the first install.
:::

\`\`\`md
::: this fence is code, not a container
\`\`\`
`;

const TAGGED_PAGE = `---
title: Release channels
tags:
  - label: Releases
    permalink: /tags/releases
  - nightly
keywords: [canary builds, prerelease]
---

Which channel a build comes from.
`;

const HUGO_PAGE = `---
title: Rotating keys
---

{{< note >}}
Rotate the signing key every ninety days.
{{< /note >}}

{% include warning.html %}
{{< tab "CLI" >}}Run keyctl rotate.{{< /tab >}}
`;

describe('a KB from a documentation site (MDX, admonitions)', () => {
  let kb: KnowledgeBase;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const copy = await tempCopy(null);
    cleanup = copy.cleanup;
    const dir = path.join(copy.dir, 'kb');
    await mkdir(path.join(dir, 'guides'), { recursive: true });
    await writeFile(path.join(dir, 'guides', 'ignoring.mdx'), DOCUSAURUS_PAGE);
    await writeFile(path.join(dir, 'guides', 'options.mdx'), OPTIONS_PAGE);
    await writeFile(path.join(dir, 'proxy.md'), VITEPRESS_PAGE);
    await writeFile(path.join(dir, 'guides', 'tagged.md'), TAGGED_PAGE);
    await writeFile(path.join(dir, 'keys.md'), HUGO_PAGE);
    await writeFile(
      path.join(dir, 'seo.md'),
      '---\ntitle: Search engines\nkeywords: { seo: high }\n---\n\nHow pages are crawled.\n',
    );
    kb = await openKnowledgeBase({ dir, cacheDir: null });
  });
  afterAll(async () => {
    await kb.close();
    await cleanup();
  });

  it('indexes .mdx files as articles, named without the extension', () => {
    expect(kb.article('ignoring')?.path).toBe('guides/ignoring');
    expect(kb.article('guides/options')?.title).toBe('Options');
    expect(kb.search('how do I leave generated files alone').results[0]?.id).toBe('ignoring');
  });

  it('blanks MDX module lines and comments, and keeps the text of JSX blocks', () => {
    const text = kb
      .article('ignoring')
      ?.sections.map((s) => `${s.text}\n${s.code}`)
      .join('\n');
    expect(text).not.toMatch(/import Tabs|@theme|export const|kept out of/);
    expect(text).toContain('npx lintkit --ignore-path .lintignore');
  });

  it('drops admonition fences but indexes their titles and text', () => {
    const ignoring =
      kb
        .article('ignoring')
        ?.sections.map((s) => s.text)
        .join('\n') ?? '';
    expect(ignoring).not.toContain(':::');
    expect(ignoring).toContain('Glob patterns');
    const proxy = kb.article('proxy');
    expect(proxy?.sections.map((s) => s.text).join('\n')).toBe(
      'Corporate networks\nSet the proxy before the first install.',
    );
    expect(kb.search('corporate network proxy').results[0]?.snippet ?? '').not.toContain(':::');
  });

  it('reads Docusaurus tag objects by their label and its keywords as aliases', () => {
    const tagged = kb.article('guides/tagged');
    expect(tagged?.tags).toEqual(['Releases', 'nightly']);
    expect(tagged?.aliases).toEqual(['canary builds', 'prerelease']);
    expect(kb.search('where do canary builds come from').results[0]?.id).toBe('guides/tagged');
  });

  it('leaves the site syntax out of the article page too', async () => {
    const article = kb.article('ignoring');
    if (!article) throw new Error('no article');
    const html = await renderArticleBody(article, { pageOf: () => null });
    expect(html).not.toMatch(/:::|import Tabs|export const/);
    expect(html).toContain('Glob patterns');
  });

  it('drops template tags, keeping the text between them', () => {
    const text = kb.article('keys')?.sections.map((s) => s.text);
    expect(text).toEqual(['Rotate the signing key every ninety days.\nRun keyctl rotate.']);
  });

  it("ignores another tool's keywords of another shape instead of rejecting the file", () => {
    expect(kb.article('seo')?.title).toBe('Search engines');
    expect(kb.article('seo')?.aliases).toEqual([]);
  });

  it('keeps a fence-like line inside a code block as code', () => {
    expect(kb.article('proxy')?.sections[0]?.code).toBe('::: this fence is code, not a container');
  });

  it('resolves links to .mdx files and names .mdx files in problems', () => {
    const problems = kb.problems();
    expect(problems.filter((p) => p.message.includes('options.mdx#ignore-path'))).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'guides/options.mdx',
        kind: 'dangling-link',
        message: expect.stringContaining('./missing.mdx'),
      }),
    ]);
  });
});

describe('ids given per folder, as a docs site gives them', () => {
  let kb: KnowledgeBase;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const copy = await tempCopy(null);
    cleanup = copy.cleanup;
    const dir = path.join(copy.dir, 'kb');
    await mkdir(path.join(dir, 'api'), { recursive: true });
    await mkdir(path.join(dir, 'guides'), { recursive: true });
    const page = (id: string, title: string) =>
      `---\nid: ${id}\ntitle: ${title}\n---\n\n${title}.\n`;
    await writeFile(path.join(dir, 'api', 'intro.md'), page('intro', 'API overview'));
    await writeFile(path.join(dir, 'guides', 'intro.md'), page('intro', 'Getting started guide'));
    // Its path is another article's declared id: it cannot take it.
    await writeFile(path.join(dir, 'guides', 'setup.md'), page('intro', 'Setup steps'));
    await writeFile(path.join(dir, 'setup.md'), page('guides/setup', 'Top setup'));
    kb = await openKnowledgeBase({ dir, cacheDir: null });
  });
  afterAll(async () => {
    await kb.close();
    await cleanup();
  });

  it('indexes a second article with the same id under its path, and reports it', () => {
    expect(kb.article('intro')?.title).toBe('API overview');
    expect(kb.article('guides/intro')?.title).toBe('Getting started guide');
    expect(kb.search('getting started guide').results[0]?.id).toBe('guides/intro');
    expect(kb.problems().find((p) => p.file === 'guides/intro.md')).toMatchObject({
      kind: 'duplicate-id',
      message: expect.stringContaining('indexed under its path "guides/intro"'),
    });
  });

  it('does not re-index it when another file is read again', async () => {
    if (!(kb instanceof FolderKnowledgeBase)) throw new Error('a folder KB was expected');
    // The file read again counts as changed; the article indexed under its path does not.
    expect((await kb.refresh(['setup.md'])).changed).toBe(1);
    expect(kb.article('guides/intro')?.title).toBe('Getting started guide');
  });

  it('skips it when its path is taken by another id, and says so', () => {
    expect(kb.article('guides/setup')?.title).toBe('Top setup');
    expect(kb.stats().articles).toBe(3);
    expect(kb.problems().find((p) => p.file === 'guides/setup.md')).toMatchObject({
      kind: 'duplicate-id',
      message: expect.stringContaining('article skipped'),
    });
  });
});

describe('template tags in pages about templates', () => {
  it('keeps tags written in code spans and lines indented as code', () => {
    const body = [
      'Use `{% raw %}` to escape, or {% include note.html %}here.',
      '    {% if user %}hi{% endif %}',
      '   {{< tab >}}Run it{{< /tab >}}',
    ].join('\n');
    expect(blankDocSiteSyntax(body, false).split('\n')).toEqual([
      'Use `{% raw %}` to escape, or here.',
      '    {% if user %}hi{% endif %}',
      '   Run it',
    ]);
  });

  it('keeps a long line with an unclosed tag as it is, and an MDX line that is no import', () => {
    // Quadratic before: these lines took minutes.
    const open = '{{<'.repeat(100_000);
    expect(blankDocSiteSyntax(open, false)).toBe(open);
    const spaces = `import${' '.repeat(300_000)}!`;
    expect(blankDocSiteSyntax(spaces, true)).toBe(spaces);
    expect(blankDocSiteSyntax("import Tabs from '@theme/Tabs';", true)).toBe('');
    expect(blankDocSiteSyntax(':::80 is what netstat shows', false)).toBe(
      ':::80 is what netstat shows',
    );
  });
});
