// A link to one of casebot's KB pages can carry the question it was suggested for (`from`), so
// the page can count the visit in the deflection funnel. The tag is the question's id and an HMAC
// under the web secret: a visitor cannot make another question count as opened by editing it.
import { createHmac, timingSafeEqual } from 'node:crypto';

const TAG_MAC_LENGTH = 16;

function mac(secret: string, questionId: string): string {
  return createHmac('sha256', secret)
    .update(`question:${questionId}`)
    .digest('base64url')
    .slice(0, TAG_MAC_LENGTH);
}

/** The link with its question tag, when it points at these pages (`pagesRoot`/kb/…). */
export function tagQuestionLink(
  secret: string,
  pagesRoot: string,
  url: string,
  questionId: string,
): string {
  if (!url.startsWith(`${pagesRoot}/kb/`)) return url;
  const hash = url.indexOf('#');
  const [path, anchor] = hash === -1 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  const tag = encodeURIComponent(`${questionId}.${mac(secret, questionId)}`);
  return `${path}${path.includes('?') ? '&' : '?'}from=${tag}${anchor}`;
}

/** The question a tag names, or null when it is missing, cut or forged. */
export function questionOfTag(secret: string, tag: string | undefined): string | null {
  if (!tag) return null;
  const dot = tag.lastIndexOf('.');
  if (dot <= 0) return null;
  const questionId = tag.slice(0, dot);
  const given = Buffer.from(tag.slice(dot + 1));
  const expected = Buffer.from(mac(secret, questionId));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return questionId;
}
