// A loopback Discord for tests: REST under http://127.0.0.1:P/api and a gateway at ws://…/gateway,
// both on one port. Real discord.js logs in to it unchanged (see `clientOptions`).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './fake-gateway.js';
import { FakeRest, type RecordedRequest } from './fake-rest.js';
import { createWorld, guildCreate, member, type World } from './payloads.js';
import { snowflake } from './snowflake.js';

export interface FakeDiscord {
  world: World;
  applicationId: string;
  token: string;
  /** `http://127.0.0.1:P/api`: discord.js appends `/v10` itself. */
  apiUrl: string;
  gatewayUrl: string;
  rest: FakeRest;
  gateway: FakeGateway;
  /** discord.js `rest` options for this fake: no retries on 5xx, short timeout. */
  restOptions: { api: string; retries: number; timeout: number };
  dispatch(t: string, d: unknown): void;
  waitForRequest(
    predicate: (request: RecordedRequest) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export async function startFakeDiscord(
  options: {
    threads?: Record<string, unknown>[];
    allowedIntents?: number;
    /** Chaos runs: accept these tokens too (one per process life). */
    acceptsToken?: (token: string) => boolean;
  } = {},
): Promise<FakeDiscord> {
  const world = createWorld();
  const applicationId = snowflake();
  let gatewayUrl = '';
  const gateway = new FakeGateway({
    get url() {
      return gatewayUrl;
    },
    botUser: world.people.bot as unknown as Record<string, unknown>,
    applicationId,
    guilds: () => [guildCreate(world, options.threads ?? [])],
    ...(options.allowedIntents === undefined ? {} : { allowedIntents: options.allowedIntents }),
  });
  const token = `fake.${applicationId}.token`;
  const rest = new FakeRest({
    token,
    ...(options.acceptsToken ? { acceptsToken: options.acceptsToken } : {}),
    gatewayUrl: () => gatewayUrl,
    botUser: world.people.bot as unknown as Record<string, unknown>,
    applicationId,
    guildId: world.guildId,
    member: (guildId, userId) => {
      const who = Object.values(world.people).find((person) => person.id === userId);
      return guildId === world.guildId && who ? member(world, who) : null;
    },
  });
  const server: Server = createServer((req, res) => {
    rest.handle(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  for (const channel of Object.values(world.channels)) rest.channels.add(channel.id);
  for (const thread of options.threads ?? []) rest.channels.add(String(thread['id']));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
  const apiUrl = `http://127.0.0.1:${port}/api`;

  return {
    world,
    applicationId,
    token,
    apiUrl,
    gatewayUrl,
    rest,
    gateway,
    restOptions: { api: apiUrl, retries: 0, timeout: 2000 },
    dispatch: (t, d) => {
      if (t === 'THREAD_CREATE') rest.channels.add(String((d as { id: string }).id));
      if (t === 'INTERACTION_CREATE') {
        const { id, token } = d as { id: string; token?: string };
        rest.interactionDispatched(String(id), token);
      }
      gateway.dispatch(t, d);
    },
    waitForRequest: (predicate, timeoutMs = 5000) =>
      waitFor(() => rest.requests.find(predicate), timeoutMs),
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls until `probe` returns a value (tests wait on what the fake recorded). */
export async function waitFor<T>(
  probe: () => T | undefined | null | false,
  timeoutMs = 5000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs)
      throw new Error(`waitFor timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
