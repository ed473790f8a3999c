// The App Home on the real core, the real app wiring and the real Bolt, against the fake Slack: an
// app_home_opened event publishes (views.publish) an engineer's queue, a lead's week (the report's
// figures) and a customer's help text with no case in it.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/adapters/slack/ids.js';
import { stopApp } from '../../src/app/create-app.js';
import type { Actor } from '../../src/core/conversation/desk.js';
import { sendEvent, type SlackUser } from '../fakes/slack/signed-requests.js';
import { FAKE_TEAM_ID } from '../fakes/slack/fake-slack.js';
import { buildConnectWorld, CONNECT, type ConnectWorld } from './connect-world.js';
import { startHttpHarness, type SlackHarness } from './harness.js';
import { buttons, visibleText } from './slack-calls.js';
import { after, nextTs } from './story-world.js';

const LEAD: SlackUser = { id: 'ULEAD', name: 'Lee Lead' };

let world: ConnectWorld;
let h: SlackHarness;
beforeEach(async () => {
  world = await buildConnectWorld();
  const ports = world.ports;
  h = await startHttpHarness({
    desk: world.parts.desk,
    supportChannelIds: [CONNECT.supportChannel],
    bindChat: (a) => (ports.slack = a.chat),
  });
  for (const user of [CONNECT.bob, CONNECT.engineer, LEAD]) h.fake.addUser(user.id, user.name);
  const { directory } = world.parts.store;
  const sam = await directory.personByHandle('sam');
  // The lead: the setup's admin role (there is no separate lead role), in Sam's team.
  await directory.upsertPerson({
    handle: 'lee',
    displayName: LEAD.name,
    orgId: null,
    roles: ['engineer', 'admin'],
    identities: [{ platform: 'slack', userId: LEAD.id }],
    teamId: sam?.teamId ?? null,
    timeZone: 'UTC',
    shift: null,
  });
});
afterEach(async () => {
  await h.close();
  await stopApp(world.parts);
  rmSync(world.dir, { recursive: true, force: true });
});

const actorOf = (user: SlackUser): Actor => ({
  platform: 'slack',
  userId: user.id,
  displayName: user.name,
  workspaceId: user.teamId ?? null,
});

async function open(title: string, severity: string): Promise<string> {
  const confirmation = await world.parts.desk.submitCase(
    actorOf(CONNECT.bob),
    { platform: 'slack', channelId: CONNECT.supportChannel, threadId: nextTs(), messageId: null },
    {
      title,
      situation: 'Seen since the upgrade',
      severity,
      seriousness: 'Blocked',
      product: world.product,
      type: 'bug',
    },
  );
  if (confirmation.kind !== 'case-confirmation') throw new Error(JSON.stringify(confirmation));
  return confirmation.caseReference;
}

async function homeOf(user: SlackUser) {
  const since = after(h);
  await sendEvent(
    h.target,
    { type: 'app_home_opened', user: user.id, tab: 'home', channel: `D${user.id}` },
    { teamId: user.teamId ?? FAKE_TEAM_ID },
  );
  const published = since('views.publish').filter((c) => c.args.user_id === user.id);
  expect(published, `views.publish for ${user.id}`).toHaveLength(1);
  const view = published[0]!.args.view as { type: string; blocks: unknown[] };
  expect(view.type).toBe('home');
  return { view, text: visibleText({ blocks: view.blocks }) };
}

it('shows an engineer their cases and their team’s unclaimed ones, a lead the week, a customer help only', async () => {
  const desk = world.parts.desk;
  const held = await open('Agent <!channel> stopped reporting', '1');
  const free = await open('Dashboards slow', '2');
  const done = await open('Export fails', '3');
  for (const ref of [held, done])
    expect((await desk.act(actorOf(CONNECT.engineer), ref, 'claim')).tone).toBe('success');
  expect((await desk.act(actorOf(CONNECT.engineer), done, 'resolve')).tone).toBe('success');
  const rated = await desk.rate({
    actor: actorOf(CONNECT.bob),
    caseIdOrReference: done,
    score: '4',
  });
  expect(rated.tone).toBe('success');

  // Sam: CASE held (severity, tier, time left), the unclaimed one with a Claim button.
  const sam = await homeOf(CONNECT.engineer);
  expect(sam.text).toContain('Your open cases (1)');
  expect(sam.text).toMatch(
    new RegExp(
      `\\*${held}\\* · [^\\n]*\\(1\\) · Agent &lt;!channel&gt; stopped reporting\\nGlobex Inc · Platinum · claimed · (1h 00m|59m) left`,
    ),
  );
  expect(sam.text).toContain('Unclaimed in your team (1)');
  expect(sam.text).toContain(`*${free}*`);
  expect(sam.text).not.toContain(done); // resolved: no longer in anyone's queue
  expect(sam.text).not.toContain('This week'); // not a lead
  const claim = buttons({ blocks: sam.view.blocks }).filter(
    (b) => b.action_id === ACTION_IDS.claim,
  );
  expect(claim).toHaveLength(1);

  // The lead: the week's figures from the report, then their (empty) queue and the team's.
  const lead = await homeOf(LEAD);
  expect(lead.text).toContain('This week');
  expect(lead.text).toContain('*Deflection rate* n/a'); // no question was asked this week
  expect(lead.text).toContain('*CSAT* 4.0 / 5 (1 rating(s))');
  expect(lead.text).toContain('*Backlog* 2 open, 1 unassigned');
  expect(lead.text).toMatch(/\*SLA attainment\* (n\/a|\d+\.\d %)/);
  expect(lead.text).toContain('Your open cases (0)');
  expect(lead.text).toContain('Unclaimed in your team (1)');

  // Bob, a customer: help text only, none of the cases (not even his own).
  const bob = await homeOf(CONNECT.bob);
  expect(bob.text).toContain('/support ask');
  expect(bob.text).not.toMatch(/CASE-\d+/);
});
