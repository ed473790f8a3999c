import { test } from 'vitest';
import { realDeskFor, realSla } from './real-desk.js';
import { runWholeStory } from './story.js';

test('the whole story in Discord with the real core (SQLite, knowledge base, SLA loop)', async () => {
  await runWholeStory({ makeDesk: realDeskFor, sla: realSla, cleanup: (desk) => desk.cleanup() });
}, 60_000);
