// Slack mrkdwn escaping. User text can never ping (@channel, @here, users, groups), link or inject
// markup: the control characters are entity-encoded, and bare @channel-style words get a zero-width
// joiner so Slack's link_names parsing cannot turn them into broadcasts.
import { DEFAULT_LANGUAGE, t } from '../../core/i18n/index.js';

const BROADCAST = /@(channel|here|everyone)\b/gi;
const ZERO_WIDTH = '\u2060';

/** Escapes raw user text for a mrkdwn or plain_text field. */
export function escapeText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(BROADCAST, (_match, word: string) => `@${ZERO_WIDTH}${word}`);
}

/** Plain text (headers, buttons, modal fields): no entities, but broadcasts still defused. */
export function plainText(text: string, max = 3000): string {
  return truncate(
    text.replace(BROADCAST, (_match, word: string) => `@${ZERO_WIDTH}${word}`),
    max,
  );
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Only http(s) URLs become links; `|`, `<`, `>` are percent-encoded so they cannot end the link. */
export function safeUrl(raw: string): string | null {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
  } catch {
    return null;
  }
}

/** `<url|label>` with the label escaped; the label alone when the URL is not a web link. */
export function link(rawUrl: string, label: string): string {
  const url = safeUrl(rawUrl);
  const text = escapeText(label).replace(/\|/g, '¦');
  return url ? `<${url}|${text}>` : text;
}

const SLACK_ID = /^[A-Z0-9]{2,}$/;

/** A real ping, only for ids the core asked for; anything that is not a Slack id is dropped. */
export function mention(kind: 'user' | 'role', id: string): string | null {
  if (!SLACK_ID.test(id)) return null;
  return kind === 'user' ? `<@${id}>` : `<!subteam^${id}>`;
}

/** Slack's live date token, shown in the reader's own time zone; `fallback` for old clients. */
export function slackDate(date: Date, format: string): string {
  const unix = Math.floor(date.getTime() / 1000);
  return `<!date^${unix}^${format}|${date.toISOString().replace('T', ' ').slice(0, 16)} UTC>`;
}

/** "2h 05m left" / "overdue by 2h 05m" from milliseconds ("il reste 2 h 05" in French). */
export function formatTimeLeft(msLeft: number, language: string = DEFAULT_LANGUAGE): string {
  const minutes = Math.round(Math.abs(msLeft) / 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  // Values as strings: this is a clock-like figure, never grouped or localised as a number.
  const span =
    hours > 0
      ? t(language, 'slack.timeLeft.hoursMinutes', {
          hours: String(hours),
          minutes: String(rest).padStart(2, '0'),
        })
      : t(language, 'slack.timeLeft.minutes', { minutes: String(rest) });
  return t(language, msLeft >= 0 ? 'slack.timeLeft.left' : 'slack.timeLeft.overdue', { span });
}
