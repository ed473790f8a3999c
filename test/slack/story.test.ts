import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { startHttpHarness, type SlackHarness } from './harness.js';
import { storyDelivery, type StoryDelivery } from './story-delivery.js';
import { runSlackStory, type StoryWorld } from './story.js';
import { StoryDesk } from './story-desk.js';

// Today the story runs on the StoryDesk double; a StoryWorld built on the real conversation core
// plugs into the same runSlackStory.
function storyDeskWorld(): StoryWorld & { desk: StoryDesk } {
  const users = {
    customer: { id: 'UCUSTA', name: 'alice' },
    otherCustomer: { id: 'UCUSTB', name: 'bob', teamId: 'T0GLOBEX' },
    engineerA: { id: 'UENGA', name: 'sam' },
    engineerB: { id: 'UENGB', name: 'kim' },
    moderator: { id: 'UMOD', name: 'maud' },
    communityAuthor: { id: 'UCOMM', name: 'carl' },
  };
  const desk = new StoryDesk({
    customers: { UCUSTA: 'Acme', UCUSTB: 'Globex', UCOMM: 'Initech' },
    engineers: { UENGA: 'sam', UENGB: 'kim' },
    moderators: ['UMOD'],
    teamChannel: 'CTEAM',
  });
  const valid = {
    title: 'Cluster red after upgrade',
    situation: 'All writes fail since 9:00',
    severity: '1',
    seriousness: 'Black Friday sales are blocked',
    product: 'elasticsearch',
    type: 'bug',
  };
  return {
    desk,
    bindChat: (chat) => (desk.chat = chat),
    users,
    channels: { support: 'CSUPPORT', team: 'CTEAM', community: 'CCOMMUNITY' },
    onCallGroupId: 'S0ONCALL',
    question: 'My cluster health is red after the upgrade, what now?',
    invalidCase: { ...valid, seriousness: '' },
    invalidField: 'seriousness',
    validCase: valid,
    advanceSla: (stage) => desk.slaEvent(desk.cases.at(-1)!.reference, stage, 'S0ONCALL'),
  };
}

describe('the whole story in Slack (real Bolt over HTTP, fake Slack)', () => {
  let h: SlackHarness | null = null;
  let db: TestDb | null = null;
  let delivery: StoryDelivery | null = null;
  afterEach(async () => {
    await h?.close();
    await delivery?.stop();
    await db?.cleanup();
    h = null;
    delivery = null;
    db = null;
  });

  it('runs ask → suggestions → case → alert → claim race → relay → SLA → status → resolve → flag', async () => {
    const world = storyDeskWorld();
    db = await createTestDb('sqlite');
    delivery = storyDelivery(db.store);
    h = await startHttpHarness({
      desk: world.desk,
      supportChannelIds: [world.channels.support],
      bindChat: (a) => world.bindChat(a.chat),
      // The 429 storm exhausts the in-call retries: the journal keeps the post for the worker.
      wrapChat: (chat) => delivery!.wrap(chat),
    });
    await runSlackStory(world, h);
    expect(world.desk.solved).toHaveLength(1);
    expect(world.desk.callsOf('submitCase')).toHaveLength(2);
    // The Slack Connect customer's own workspace reaches the core (refused at the flag dialog).
    const otherOrgFlag = world.desk.callsOf('flagForm')[0]!.args[0] as {
      actor: { workspaceId: string };
    };
    expect(otherOrgFlag.actor.workspaceId).toBe('T0GLOBEX');
  });
});
