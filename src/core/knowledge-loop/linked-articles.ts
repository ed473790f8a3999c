// Which KB articles an engineer's reply links: any URL whose path ends with an article id (a
// docs site under KB_BASE_URL, casebot's own /kb/ pages, kb://), or an article id written bare
// (troubleshooting/slow-dashboards). Whatever the base URL, the id is the longest path suffix
// that names an article, so no setting has to be repeated here.

const URL = /(?:kb:\/\/|https?:\/\/)[^\s<>|()[\]"'`]+/giu;
/** A bare id: two or more path segments (a single word would match too much prose). */
const BARE_ID = /(?<![\w/.:-])[\p{L}\p{N}_-]+(?:\/[\p{L}\p{N}_.-]+)+(?![\w/])/gu;

function pathOf(url: string): string {
  const withoutFragment = url.replace(/[#?].*$/u, '');
  if (withoutFragment.toLowerCase().startsWith('kb://')) return withoutFragment.slice(5);
  return withoutFragment.replace(/^https?:\/\/[^/]+\/?/iu, '');
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Article ids linked in `text`, each once: those of URLs first, then those written bare. */
export function linkedArticleIds(text: string, isArticle: (id: string) => boolean): string[] {
  const found: string[] = [];
  const add = (id: string | undefined): void => {
    if (id && !found.includes(id)) found.push(id);
  };
  const bySuffix = (path: string): string | undefined => {
    const segments = path
      .replace(/\.(?:md|html?)$/iu, '')
      .replace(/\/+$/u, '')
      .split('/')
      .filter(Boolean)
      .map(decode);
    for (let start = 0; start < segments.length; start += 1) {
      const id = segments.slice(start).join('/');
      if (isArticle(id)) return id;
    }
    return undefined;
  };
  const rest = text.replace(URL, (url) => {
    add(bySuffix(pathOf(url.replace(/[.,;:!?]+$/u, ''))));
    return ' ';
  });
  for (const match of rest.matchAll(BARE_ID)) {
    const id = match[0].replace(/[.,;:!?]+$/u, '');
    if (isArticle(id)) add(id);
  }
  return found;
}
