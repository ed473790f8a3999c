// The Discord side of a chaos scenario: the project's fake Discord (REST faults by request, 429s
// with Discord's body and headers), the real discord.js bot of each process life on the fake's
// gateway (its own token per life), the people's journeys (journeys.ts), and what Discord
// received, read (classify.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeDiscord } from '../../../test/fakes/discord/fake-discord.js';
import type { RecordedRequest } from '../../../test/fakes/discord/fake-rest.js';
import { CallWatch } from '../calls.js';
import { planCustomers } from '../plans.js';
import { faultFigures, type PlatformFactory } from '../scenario.js';
import { writeWorld } from '../world.js';
import { classifyDiscord, discordOrphans, textOf } from './classify.js';
import { discordJourney, type DiscordJourneyContext } from './journeys.js';
import { DiscordSide } from './side.js';
import { castFor, discordSetupYaml } from './world.js';

const TOKEN_PREFIX = 'chaos.';
const SLA_TEXT = /% of the response target used|missed its response target/;

export const discordPlatform: PlatformFactory = async ({ config, dir }) => {
  const fake = await startFakeDiscord({ acceptsToken: (token) => token.startsWith(TOKEN_PREFIX) });
  const cast = castFor(fake, config.cases + config.questionsOnly);
  writeWorld(
    dir,
    { targetSeconds: config.targetSeconds, thresholds: config.thresholds },
    discordSetupYaml(fake, cast),
  );
  const requests = fake.rest.requests;
  const watch = new CallWatch<RecordedRequest>({
    calls: requests,
    subscribe: (listener) => fake.rest.onRequest(listener),
  });
  const channels = { support: fake.world.channels.support.id, team: fake.world.channels.team.id };
  let side: DiscordSide | null = null;
  const interactions = () => ({
    pressers: side?.pressers ?? new Map<string, string>(),
    receivers: side?.receivers ?? new Map<string, string>(),
  });
  return {
    env: {
      CASEBOT_ADAPTER: 'discord',
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_AUTO_SUGGEST: 'true',
    },
    lives: {
      token: (replica, incarnation) => `${TOKEN_PREFIX}${replica}.${incarnation}`,
      env: (token) => ({ DISCORD_TOKEN: token }),
    },
    // The Discord adapter serves no HTTP: quiescence is silence alone.
    healthPort: null,
    onMessage: (listener) =>
      fake.rest.onRequest((request) => {
        const channel = /^\/channels\/(\d+)\/messages$/.exec(request.path)?.[1];
        if (request.method !== 'POST' || !channel || request.status >= 300) return;
        const text = textOf(request.body);
        listener({ token: request.token, sla: SLA_TEXT.test(text), where: channel, text });
      }),
    injectFaults: (decide) =>
      fake.rest.injectFaults(
        decide &&
          ((request) => decide(request.method === 'POST' && /\/messages$/.test(request.path))),
      ),
    lastCallAt: () => watch.lastCallAt,
    async load({ config: c, replicas, killer, ledger, rng, elapsed, loadStart }) {
      const activeSide = new DiscordSide(
        fake,
        watch,
        replicas,
        rng.fork('redeliveries'),
        elapsed,
        c.redeliverChance,
      );
      side = activeSide;
      const ctx: DiscordJourneyContext = {
        fake,
        side: activeSide,
        watch,
        killer,
        ledger,
        rng: rng.fork('journeys'),
        engineers: cast.engineers,
        elapsed,
        patienceMs: c.patienceMs,
      };
      const customer = (n: number) =>
        cast.customers[n > 500 ? c.cases + n - 501 : n - 1] ?? cast.customers[0]!;
      const plans = planCustomers(c, rng.fork('customers'), loadStart, customer);
      await Promise.all(plans.map((plan) => discordJourney(ctx, plan)));
      await activeSide.settle();
      return activeSide.stats;
    },
    dues: () => [...classifyDiscord(requests, channels, interactions()).dueByRef.values()],
    count: () => {
      const all = [...requests];
      return {
        classified: classifyDiscord(all, channels, interactions()),
        orphans: discordOrphans(all, interactions()),
        faults: faultFigures(all.map((request) => request.status)),
      };
    },
    async close() {
      // The fake's whole record beside the process logs, to see what a finding was made of.
      writeFileSync(
        join(dir, 'discord-requests.jsonl'),
        requests.map((request) => JSON.stringify({ ...request, uploads: undefined })).join('\n'),
      );
      watch.close();
      await fake.close();
    },
  };
};
