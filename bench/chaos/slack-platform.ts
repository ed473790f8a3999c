// The Slack side of a chaos scenario: the project's fake Slack (faults by method), the app in Slack
// HTTP mode (a signed request per event or interaction, through the harness's balancer), the
// customers' and engineers' journeys (journeys.ts), and what Slack received, read (classify.ts).
import { FakeSlack } from '../../test/fakes/slack/fake-slack.js';
import { CallWatch } from './calls.js';
import { classify } from './classify.js';
import { customerJourney, type JourneyContext } from './journeys.js';
import type { SentMessage } from './kills.js';
import { planCustomers } from './plans.js';
import { faultFigures, type PlatformFactory } from './scenario.js';
import { SlackSide } from './slack-side.js';
import { slackOrphans } from './tally.js';
import { customer, ENGINEERS, writeWorld } from './world.js';

const SIGNING_SECRET = 'chaos-signing-secret';

const isSlaText = (text: unknown): boolean =>
  typeof text === 'string' && /SLA (warning|breached):/.test(text);

export const slackPlatform: PlatformFactory = async ({ config, dir }) => {
  writeWorld(dir, { targetSeconds: config.targetSeconds, thresholds: config.thresholds });
  const fake = await FakeSlack.start();
  for (const engineer of ENGINEERS) fake.addUser(engineer.id, engineer.name);
  for (let i = 1; i <= config.cases; i++) fake.addUser(customer(i).id, customer(i).name);
  for (let j = 1; j <= config.questionsOnly; j++)
    fake.addUser(customer(500 + j).id, customer(500 + j).name);
  const watch = new CallWatch({
    calls: fake.calls,
    subscribe: (listener) => fake.onCall(listener),
  });
  return {
    env: {
      CASEBOT_ADAPTER: 'slack',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
    },
    lives: {
      token: (replica, incarnation) => `xoxb-chaos-${replica}-${incarnation}`,
      env: (token, port) => ({ SLACK_BOT_TOKEN: token, SLACK_PORT: String(port) }),
    },
    healthPort: (replica) => replica.options.port,
    onMessage: (listener) =>
      fake.onCall((call) => {
        if (call.status !== 200 || call.method !== 'chat.postMessage') return;
        const sent: SentMessage = {
          token: call.token,
          sla: isSlaText(call.args.text),
          where: `${String(call.args.channel)}${call.args.thread_ts ? ' (thread)' : ''}`,
          text: String(call.args.text),
        };
        listener(sent);
      }),
    injectFaults: (decide) =>
      fake.injectFaults(decide && ((method) => decide(method === 'chat.postMessage'))),
    lastCallAt: () => watch.lastCallAt,
    async load({ config: c, replicas, killer, ledger, rng, elapsed, loadStart }) {
      const side = new SlackSide(replicas, SIGNING_SECRET, rng.fork('redeliveries'), elapsed);
      const ctx: JourneyContext = {
        scenario: c.id,
        side,
        watch,
        killer,
        ledger,
        rng: rng.fork('journeys'),
        elapsed,
        redeliverChance: c.redeliverChance,
        patienceMs: c.patienceMs,
      };
      const plans = planCustomers(c, rng.fork('customers'), loadStart, customer);
      await Promise.all(plans.map((plan) => customerJourney(ctx, plan)));
      await side.settle();
      return side.stats;
    },
    dues: () => [...classify(fake.calls).dueByRef.values()],
    count: (ledger) => {
      const calls = [...fake.calls];
      return {
        classified: classify(calls),
        orphans: slackOrphans(calls, ledger),
        faults: faultFigures(calls.map((call) => call.status)),
      };
    },
    async close() {
      watch.close();
      await fake.close();
    },
  };
};
