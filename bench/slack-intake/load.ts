// The load: signed Events API callbacks (message events in a support channel, each from a user
// seen for the first time), sent open-loop at a fixed rate as Slack would, over keep-alive
// connections. Records each request's ack latency and when each question left.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { signature } from '../../test/fakes/slack/signed-requests.js';

export const SUPPORT_CHANNEL = 'C0SUPPORT1';
export const CUSTOMER_TEAM = 'T0ACME';
/** Slack waits this long for an ack, then redelivers. */
export const ACK_DEADLINE_MS = 3_000;
/** A request still unanswered after this is given up (counted unanswered). */
const GIVE_UP_MS = 15_000;

const QUESTIONS = [
  'The beacon agent is not reporting data from my servers anymore',
  'How do I choose a severity for a production outage?',
  'Our cluster health is red after the upgrade, what should we check first?',
  'Snapshots to S3 fail with an access denied error since yesterday',
  'How can I rotate the API keys without downtime?',
  'Search latency went up after we added more shards',
  'Can I open a case for a question about licensing?',
  'Kibana dashboards are empty even though data is indexed',
  'What does the disk watermark warning mean and how do I fix it?',
  'The ingest pipeline drops documents with a mapping conflict',
];

export interface SentQuestion {
  ts: string;
  sentAt: number;
  /** ms until the HTTP answer; null when none came before giving up. */
  ackMs: number | null;
  status: number | null;
}

export interface LoadTarget {
  url: string;
  signingSecret: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1024 });

function post(target: LoadTarget, body: string): Promise<number | null> {
  const timestamp = Math.floor(Date.now() / 1000);
  return new Promise((resolve) => {
    const req = request(
      target.url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': signature(target.signingSecret, timestamp, body),
        },
        timeout: GIVE_UP_MS,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(null));
    req.end(body);
  });
}

let runSeq = 0;

/** Sends `count` questions at `rate` per second; resolves when every request has an outcome. */
export async function sendLoad(
  target: LoadTarget,
  rate: number,
  count: number,
): Promise<SentQuestion[]> {
  runSeq += 1;
  const run = String(runSeq).padStart(3, '0');
  const epoch = Math.floor(Date.now() / 1000);
  const sent: SentQuestion[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now();
  let next = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const due = Math.min(count, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      for (; next < due; next++) {
        const i = next;
        const user = `U${run}X${i}`;
        const ts = `${epoch}.${run}${String(i).padStart(6, '0')}`;
        const body = JSON.stringify({
          token: 'legacy-verification-token',
          team_id: 'T0HOME',
          api_app_id: 'A0FAKE',
          type: 'event_callback',
          event_id: `Ev${run}${i}`,
          event_time: epoch,
          event: {
            type: 'message',
            channel: SUPPORT_CHANNEL,
            channel_type: 'channel',
            user,
            user_team: CUSTOMER_TEAM,
            team: CUSTOMER_TEAM,
            user_profile: { display_name: `Customer ${i}`, real_name: `Customer ${i}` },
            text: `${QUESTIONS[i % QUESTIONS.length]} (#${i})`,
            ts,
            event_ts: ts,
          },
        });
        const question: SentQuestion = { ts, sentAt: performance.now(), ackMs: null, status: null };
        sent.push(question);
        pending.push(
          post(target, body).then((status) => {
            question.status = status;
            if (status !== null) question.ackMs = performance.now() - question.sentAt;
          }),
        );
      }
      if (next >= count) done();
      else setTimeout(tick, 2);
    };
    tick();
  });
  await Promise.all(pending);
  return sent;
}

export function closeLoadAgent(): void {
  agent.destroy();
}
