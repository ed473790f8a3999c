// `casebot kb drafts [--kb DIR]`: the draft articles (front matter `draft: true`) of the KB and of
// KB_DRAFTS_DIR, which customers never see. Removing `draft: true` publishes one.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { draftsDirFor } from '../config/env.js';
import type { Article } from '../core/kb/index.js';

export async function listDrafts(kbDir: string, cache: boolean): Promise<number> {
  const draftsDir = draftsDirFor(kbDir);
  const { openKnowledgeBase } = await import('../core/kb/index.js');
  const roots = [kbDir];
  // A drafts folder outside the KB is read on its own (its drafts are not in the KB until moved).
  const inside = !path.relative(path.resolve(kbDir), path.resolve(draftsDir)).startsWith('..');
  if (!inside && existsSync(draftsDir)) roots.push(draftsDir);
  const drafts: Array<{ root: string; article: Article }> = [];
  for (const root of roots) {
    if (!existsSync(root)) continue;
    const kb = await openKnowledgeBase({
      dir: root,
      cacheDir: cache && root === kbDir ? undefined : null,
    });
    for (const article of kb.articles())
      if (article.extra.draft === true) drafts.push({ root, article });
    await kb.close();
  }
  if (drafts.length === 0) {
    process.stdout.write(`no drafts (drafts are written to ${draftsDir})\n`);
    return 0;
  }
  for (const { root, article } of drafts) {
    const from = typeof article.extra.source === 'string' ? `  from ${article.extra.source}` : '';
    process.stdout.write(
      `${path.join(root, `${article.path}.md`)}  "${article.title}"  ${article.lang}${article.product ? `  ${article.product}` : ''}${from}\n`,
    );
  }
  process.stdout.write(
    `${drafts.length} draft(s): review one, then remove its "draft: true" line to publish it (and set "audience: public" for customers)${inside ? '' : `; ${draftsDir} is outside the KB: move a draft under ${kbDir} to publish it`}\n`,
  );
  return 0;
}
