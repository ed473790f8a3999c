// Anchor text: how other pages name an article when they link to it ("see [Fastify's
// lifecycle](./Lifecycle.md)"). A reader's question often uses those words rather than the
// article's own, so an article gets the words of the links to it as a field of its own (web
// search's oldest signal). Left out: links from an article to itself (a table of contents repeats
// its own headings) and links to one of its headings (`Hooks.md#onsend`, "onSend hooks"), which
// name that section rather than the page; on the real questions they took French recall@3 on
// fastify back down (bench/real/README.md).
import { hasSection, linkTarget } from '../load/loader.js';
import type { Article, ArticleLink } from '../types.js';

/** Whether a link names its target page as a whole rather than one of its sections. */
function namesPage(link: ArticleLink, target: Article): boolean {
  return !link.anchor || !hasSection(target, link.anchor);
}

/** Each linked article's id → the words of the links other articles make to it, one per line. */
export function incomingLinkWords(articles: readonly Article[]): Map<string, string> {
  const byPath = new Map(articles.map((article) => [article.path, article]));
  const byId = new Map(articles.map((article) => [article.id, article]));
  const words = new Map<string, string[]>();
  for (const article of articles) {
    for (const link of article.links) {
      if (!link.text) continue;
      const target = linkTarget(link, byPath, byId);
      if (!target || target === article || !namesPage(link, target)) continue;
      const list = words.get(target.id) ?? [];
      list.push(link.text);
      words.set(target.id, list);
    }
  }
  return new Map([...words].map(([id, list]) => [id, list.join('\n')]));
}
