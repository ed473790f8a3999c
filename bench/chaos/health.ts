// Quiescence as the app reports it: GET /healthz (HTTP mode) may carry the delivery backlog
// (messages waiting to be sent, platform requests waiting to be redone). When it does, the run
// waits for both to reach zero before counting; when it does not (plain "ok"), only for silence.
import { request } from 'node:http';

export type Backlog = { pending: number; undone: number } | 'not reported' | 'unreachable';

function getJson(port: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/healthz', method: 'GET', agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve(JSON.parse(text) as unknown);
          } catch {
            resolve(text);
          }
        });
      },
    );
    req.setTimeout(3_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

const field = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (node, key) =>
      node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
    value,
  );

export async function backlogAt(port: number): Promise<Backlog> {
  let report: unknown;
  try {
    report = await getJson(port);
  } catch {
    return 'unreachable';
  }
  const pending = field(report, 'delivery', 'messages', 'pending');
  const undone = field(report, 'delivery', 'work', 'undone');
  // Posts the adapters keep (older builds do not report them).
  const kept = field(report, 'delivery', 'kept', 'pending');
  if (typeof pending !== 'number' || typeof undone !== 'number') return 'not reported';
  return { pending: pending + (typeof kept === 'number' ? kept : 0), undone };
}
