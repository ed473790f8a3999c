// `/case dashboard` in Discord, with the real discord.js adapter against the fake Discord, on the
// real core (real-desk.ts) and the app's web wiring: an engineer gets a private (ephemeral) link
// whose token the web server accepts; a customer is refused; the subcommand is registered.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commandDefinitions } from '../../src/adapters/discord/commands.js';
import { WebWiring } from '../../src/app/web-wiring.js';
import { loadConfig } from '../../src/config/env.js';
import { openKnowledgeBase, type KnowledgeBase } from '../../src/core/kb/index.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { slashCommand } from '../fakes/discord/payloads.js';
import { harnessForEachTest } from '../discord/harness.js';
import { as } from '../discord/helpers.js';
import { realDeskFor } from '../discord/real-desk.js';

const web = new WebWiring(
  loadConfig({
    CASEBOT_HTTP_PORT: '0',
    CASEBOT_WEB_SECRET: 'discord-dashboard-test-secret-0123456789',
  }),
  createMemoryLogger(),
);
let kb: KnowledgeBase;

beforeAll(async () => {
  kb = await openKnowledgeBase({ dir: 'kb', cacheDir: null, watch: false });
  await web.startOwnServer();
});
afterAll(async () => {
  await web.stop();
  await kb.close();
});

const h = harnessForEachTest({
  makeDesk: async (context) => {
    const desk = await realDeskFor(context);
    web.attach(kb, desk.store.directory);
    return desk;
  },
  cleanup: (desk) => desk.cleanup(),
  dashboardLink: (actor) => web.dashboardLinkFor(actor),
});

function dashboardCommand(who: 'sam' | 'bob') {
  return slashCommand({
    ...as(h.fake, who, h.fake.world.channels.team.id),
    name: 'case',
    options: [{ name: 'dashboard', type: 1 }],
  });
}

describe('/case dashboard in Discord', () => {
  test('is registered, with no options', () => {
    const caseCommand = commandDefinitions.find((c) => c.name === 'case') as {
      options: { name: string; options?: unknown[] }[];
    };
    expect(caseCommand.options.find((o) => o.name === 'dashboard')).toMatchObject({
      name: 'dashboard',
    });
  });

  test('an engineer gets a private link the server accepts; a customer is refused', async () => {
    const answer = await h.interact(dashboardCommand('sam'));
    expect(answer.ephemeral).toBe(true);
    const text = String(answer.data['content'] ?? JSON.stringify(answer.data));
    const link = /(http:\/\/127\.0\.0\.1:\d+\/dashboard\?t=[\w.-]+)/.exec(text)?.[1];
    if (!link) throw new Error(`no link in: ${text}`);
    expect(text).toContain('Your dashboard link, for you only (valid until');
    // The link's token opens staff pages (this test's wiring reads no report database: the
    // dashboard's figures are the Slack and browser tests' business).
    const url = new URL(link);
    const staffIndex = await fetch(`${url.origin}/kb${url.search}`);
    expect(staffIndex.status).toBe(200);
    expect(await staffIndex.text()).toContain('internal');
    expect((await fetch(`${url.origin}/kb${url.search}x`)).status).toBe(403);

    const refused = await h.interact(dashboardCommand('bob'));
    expect(refused.ephemeral).toBe(true);
    expect(JSON.stringify(refused.data)).toContain(
      'The dashboard is for staff (engineers and admins).',
    );
  });
});
