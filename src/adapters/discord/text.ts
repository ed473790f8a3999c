// Making user text safe to show: no pings (allowedMentions does that, this keeps the text honest
// too), no masked-link injection, and lengths within Discord's limits.
const ZERO_WIDTH_SPACE = '\u200b';

/** `@everyone`/`@here` and raw mention syntax are shown as text, never as mentions. */
export function neutralizeMentions(text: string): string {
  return text
    .replace(/@(everyone|here)/g, `@${ZERO_WIDTH_SPACE}$1`)
    .replace(/<(@[!&]?|#)(\d+)>/g, `<${ZERO_WIDTH_SPACE}$1$2>`);
}

/** `[text](https://evil)` would render as a link with misleading text: escape the brackets. */
export function neutralizeLinks(text: string): string {
  return text.replace(/[[\]]/g, (bracket) => `\\${bracket}`);
}

/** User-written text for embeds and message content. */
export function userText(text: string, max: number): string {
  return truncate(neutralizeLinks(neutralizeMentions(text)), max);
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A Discord timestamp that every client renders live in the reader's locale and time zone. */
export function discordTime(date: Date, style: 'R' | 'f' | 't' | 'F' = 'R'): string {
  return `<t:${Math.floor(date.getTime() / 1000)}:${style}>`;
}
