// A command's answer goes to the response_url Slack sent with it (valid 30 minutes, five uses): a
// plain POST of the message, outside the Web API. Bolt's `respond` does the same; here it runs
// under the durable port, so the journal knows whether the answer left (chat-port.ts).
import { request } from 'undici';
import { SlackApiError } from './slack-api.js';

const ATTEMPTS = 3;
const TIMEOUT_MS = 10_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Posts `body` to `url`; throws SlackApiError (transient, rate-limited or permanent). */
export async function postToResponseUrl(
  url: string,
  body: Record<string, unknown>,
  attempts = ATTEMPTS,
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const failure = await tryOnce(url, body);
    if (!failure) return;
    if (failure.kind === 'permanent' || attempt >= attempts) throw failure;
    await sleep(failure.retryAfterMs ?? 500 * 2 ** (attempt - 1));
  }
}

async function tryOnce(
  url: string,
  body: Record<string, unknown>,
): Promise<(SlackApiError & { retryAfterMs?: number }) | null> {
  let answer;
  try {
    answer = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
  } catch (error) {
    return new SlackApiError('response_url', 'transient', error);
  }
  const text = await answer.body.text().catch(() => '');
  const status = answer.statusCode;
  if (status >= 200 && status < 300) return null;
  const failure = new Error(`HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`);
  if (status === 429) {
    const seconds = Number(answer.headers['retry-after']);
    return Object.assign(new SlackApiError('response_url', 'rate-limited', failure), {
      retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000,
    });
  }
  return new SlackApiError('response_url', status >= 500 ? 'transient' : 'permanent', failure);
}
