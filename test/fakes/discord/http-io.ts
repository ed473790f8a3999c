// HTTP helpers of the fake REST: request bodies as discord.js sends them (JSON, or multipart with
// the JSON in `payload_json`), and failures shaped as Discord's (429 headers and body).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FailureRule } from './fake-rest.js';

/** A file part of a multipart request, as received (name, declared type, bytes). */
export interface UploadedFile {
  name: string;
  contentType: string;
  data: Buffer;
}

export async function readBody(
  req: IncomingMessage,
): Promise<{ body: unknown; files: string[]; uploads: UploadedFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { body: null, files: [], uploads: [] };
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    // discord.js sends files as multipart with the JSON in `payload_json`; undici parses it.
    const form = await new Request('http://fake/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: raw,
    }).formData();
    const uploads: UploadedFile[] = [];
    let body: unknown = null;
    for (const [name, value] of form.entries()) {
      if (name === 'payload_json' && typeof value === 'string') body = JSON.parse(value);
      else if (typeof value !== 'string')
        uploads.push({
          name: value.name,
          contentType: value.type,
          data: Buffer.from(await value.arrayBuffer()),
        });
    }
    return { body, files: uploads.map((upload) => upload.name), uploads };
  }
  try {
    return { body: JSON.parse(raw.toString('utf8')), files: [], uploads: [] };
  } catch {
    return { body: raw.toString('utf8'), files: [], uploads: [] };
  }
}

/** A 429 with Discord's rate-limit headers and body, or a plain 5xx/4xx. */
export function writeFailure(
  res: ServerResponse,
  rule: Pick<FailureRule, 'status' | 'retryAfter' | 'global'>,
): void {
  if (rule.status === 429) {
    const retryAfter = rule.retryAfter ?? 0.05;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'retry-after': String(retryAfter),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(retryAfter),
      'x-ratelimit-bucket': 'fake-bucket',
      'x-ratelimit-scope': rule.global ? 'global' : 'user',
    };
    if (rule.global) headers['x-ratelimit-global'] = 'true';
    res.writeHead(429, headers);
    res.end(
      JSON.stringify({
        message: 'You are being rate limited.',
        retry_after: retryAfter,
        global: Boolean(rule.global),
      }),
    );
    return;
  }
  res.writeHead(rule.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ message: `fake failure ${rule.status}`, code: 0 }));
}
