// The whole story in Slack, written against any Desk: today the StoryDesk double, later the real
// conversation core (give `runSlackStory` a StoryWorld built on it). Every assertion reads what the
// real Bolt app sent to the fake Slack, never the Desk's internals.
import type { SlackHarness } from './harness.js';
import { customerOpensCase } from './story-customer.js';
import { privacyAndDelivery } from './story-privacy.js';
import { stormThenResolve, teamWorksCase } from './story-team.js';
import type { OpenedCase, StoryWorld } from './story-world.js';

export type { CaseValues, StoryWorld } from './story-world.js';

/** ask → suggestions → case → alert → claim race → relay → SLA → status → flag → duplicate → 429 storm → resolve. */
export async function runSlackStory(world: StoryWorld, h: SlackHarness): Promise<OpenedCase> {
  for (const user of Object.values(world.users)) h.fake.addUser(user.id, user.name);
  const opened = await customerOpensCase(world, h);
  const owner = await teamWorksCase(world, h, opened);
  await privacyAndDelivery(world, h, opened);
  await stormThenResolve(world, h, opened, owner);
  return opened;
}
