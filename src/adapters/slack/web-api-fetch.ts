// The transport under Slack's Web API client. The client calls `fetch` for every request; Node's
// WHATWG fetch spends about a millisecond of CPU a call on streams, Headers and signal plumbing,
// the largest single cost of answering a question under load (bench:slack). undici's request API
// (the same library under Node's fetch) sends the same request over a keep-alive pool for a
// fraction of that. Bodies other than text (file uploads' form data) still go through fetch.
import { STATUS_CODES } from 'node:http';
import type { FetchFunction } from '@slack/web-api';
import { Agent, request, type Dispatcher } from 'undici';

type FetchInit = Parameters<FetchFunction>[1];
type FetchResult = Awaited<ReturnType<FetchFunction>>;

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

function responseOf(url: string, answer: Dispatcher.ResponseData, bytes: Buffer): FetchResult {
  const status = answer.statusCode;
  const headers = answer.headers;
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: STATUS_CODES[status] ?? '',
    url,
    headers: {
      get: (name) => headerValue(headers[name.toLowerCase()]),
      entries: () =>
        Object.entries(headers).flatMap(([name, value]) =>
          value === undefined ? [] : [[name, headerValue(value) ?? ''] as [string, string]],
        ),
    },
    arrayBuffer: async () =>
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    text: async () => bytes.toString('utf8'),
    json: async () => JSON.parse(bytes.toString('utf8')) as unknown,
  };
}

/** A `fetch` for `WebClient`'s `fetch` option, over its own keep-alive connection pool. */
export function webApiFetch(): FetchFunction {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
  return async (url: string | URL, init?: FetchInit): Promise<FetchResult> => {
    if (init?.body !== undefined && typeof init.body !== 'string') {
      return fetch(url, init) as Promise<FetchResult>;
    }
    const target = String(url);
    const answer = await request(target, {
      method: (init?.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: init?.headers,
      body: init?.body,
      signal: init?.signal,
      dispatcher,
    });
    const bytes = Buffer.from(await answer.body.arrayBuffer());
    // The client asks never to follow a redirect: fetch fails on one, so does this.
    if (init?.redirect === 'error' && answer.statusCode >= 300 && answer.statusCode < 400) {
      throw new Error(`Slack answered ${answer.statusCode} (a redirect) for ${target}`);
    }
    return responseOf(target, answer, bytes);
  };
}
