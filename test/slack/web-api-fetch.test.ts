// The Web API client's transport (undici's request instead of WHATWG fetch): what Slack answers
// must reach the client and casebot's failure classes exactly as fetch delivered it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyError } from '../../src/adapters/slack/slack-api.js';
import { webApiFetch } from '../../src/adapters/slack/web-api-fetch.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

describe('the Web API transport', () => {
  let server: Server;
  let apiUrl: string;
  let handle: Handler = () => undefined;
  const client = () =>
    new WebClient('xoxb-test', {
      slackApiUrl: apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      fetch: webApiFetch(),
    });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => handle(req, body, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const json = (res: ServerResponse, status: number, value: unknown, headers = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(value));
  };

  it('sends the call with its token and form body, and returns what Slack answered', async () => {
    let seen: { url?: string; auth?: string; body?: string } = {};
    handle = (req, body, res) => {
      seen = { url: req.url, auth: req.headers.authorization, body };
      json(
        res,
        200,
        { ok: true, ts: '1700000000.000100', channel: 'C1' },
        { 'x-oauth-scopes': 'chat:write' },
      );
    };
    const result = await client().chat.postMessage({ channel: 'C1', text: 'héllo & bye' });
    expect(result).toMatchObject({ ok: true, ts: '1700000000.000100', channel: 'C1' });
    expect(result.response_metadata?.scopes).toEqual(['chat:write']);
    expect(seen.url).toBe('/api/chat.postMessage');
    expect(seen.auth).toBe('Bearer xoxb-test');
    expect(new URLSearchParams(seen.body).get('text')).toBe('héllo & bye');
  });

  it("gives a platform error (ok: false) as the client's platform error", async () => {
    handle = (_req, _body, res) => json(res, 200, { ok: false, error: 'channel_not_found' });
    const error = await client()
      .chat.postMessage({ channel: 'C404', text: 'x' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'slack_webapi_platform_error' });
    expect(classifyError(error).kind).toBe('permanent');
  });

  it('gives a 429 with its Retry-After, and a 503 as transient', async () => {
    handle = (_req, _body, res) => json(res, 429, { ok: false }, { 'retry-after': '7' });
    const limited = await client()
      .chat.postMessage({ channel: 'C1', text: 'x' })
      .catch((e: unknown) => e);
    expect(classifyError(limited)).toEqual({ kind: 'rate-limited', retryAfterMs: 7000 });
    handle = (_req, _body, res) => json(res, 503, { ok: false });
    const unavailable = await client()
      .chat.postMessage({ channel: 'C1', text: 'x' })
      .catch((e: unknown) => e);
    expect(unavailable).toMatchObject({ code: 'slack_webapi_http_error', statusCode: 503 });
    expect(classifyError(unavailable).kind).toBe('transient');
  });

  it('fails a redirect, and a cut connection as a request that got no answer', async () => {
    handle = (_req, _body, res) => {
      res.writeHead(302, { location: 'http://example.invalid/' });
      res.end();
    };
    const redirected = await client()
      .chat.postMessage({ channel: 'C1', text: 'x' })
      .catch((e: unknown) => e);
    expect(redirected).toMatchObject({ code: 'slack_webapi_request_error' });
    handle = (req) => req.socket.destroy();
    const cut = await client()
      .chat.postMessage({ channel: 'C1', text: 'x' })
      .catch((e: unknown) => e);
    expect(cut).toMatchObject({ code: 'slack_webapi_request_error' });
    expect(classifyError(cut).kind).toBe('transient');
  });
});
