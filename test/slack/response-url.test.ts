// A command's answer posted to its response_url: a 429 is waited out and tried again, a 5xx
// tried again and then reported as transient (the journal keeps it for the delivery worker), a
// 4xx (an expired or used-up address) reported at once as permanent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { postToResponseUrl } from '../../src/adapters/slack/response-url.js';
import { SlackApiError } from '../../src/adapters/slack/slack-api.js';

let server: Server | null = null;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = null;
});

/** A response_url endpoint answering with `statuses` in turn; the bodies it received. */
async function endpoint(statuses: number[]): Promise<{ url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      bodies.push(JSON.parse(raw));
      const status = statuses.shift() ?? 200;
      if (status === 429) res.setHeader('retry-after', '0.05');
      res.writeHead(status).end(status === 200 ? 'ok' : 'expired_url');
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/commands/T1/answer`, bodies };
}

it('waits out a 429 and posts the answer again', async () => {
  const { url, bodies } = await endpoint([429, 200]);
  await postToResponseUrl(url, { response_type: 'ephemeral', text: 'hello' });
  expect(bodies).toEqual([
    { response_type: 'ephemeral', text: 'hello' },
    { response_type: 'ephemeral', text: 'hello' },
  ]);
});

it('reports a 5xx that lasts as transient, after its tries', async () => {
  const { url, bodies } = await endpoint([500, 503, 502]);
  const failure = await postToResponseUrl(url, { text: 'x' }, 3).catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(SlackApiError);
  expect((failure as SlackApiError).kind).toBe('transient');
  expect(bodies).toHaveLength(3);
});

it('reports an expired address as permanent without trying again', async () => {
  const { url, bodies } = await endpoint([404]);
  const failure = await postToResponseUrl(url, { text: 'x' }).catch((e: unknown) => e);
  expect((failure as SlackApiError).kind).toBe('permanent');
  expect(String((failure as Error).message)).toContain('expired_url');
  expect(bodies).toHaveLength(1);
});
