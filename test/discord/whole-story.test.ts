import { test } from 'vitest';
import { recordingDeskFor } from './helpers.js';
import { runWholeStory } from './story.js';

test('the whole story in Discord with the recording Desk double', async () => {
  await runWholeStory({
    makeDesk: recordingDeskFor,
    sla: async (desk, reference, event) =>
      desk.slaEvent(
        desk.cases.find((c) => c.reference === reference)!.id,
        event,
        event === 'breach' ? 1 : 0.75,
      ),
  });
});
