// App Home's figures for a lead, from the real report over the scripted week (report-story.ts):
// an admin gets the last 7 days, worked out the same way as `casebot report`; an engineer or a
// customer gets none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHomeFigures } from '../../src/app/home-figures.js';
import { createMemoryLogger } from '../../src/logging/logger.js';
import { openReportQueries } from '../../src/store/prisma-report-queries.js';
import { createStoryFixture, playStory, type StoryFixture } from './report-story.js';

describe('App Home figures over the scripted week', () => {
  let f: StoryFixture;
  beforeAll(async () => {
    f = await createStoryFixture('sqlite');
    await playStory(f);
    await f.db.store.directory.upsertPerson({
      handle: 'lee',
      displayName: 'Lee (support lead)',
      orgId: null,
      roles: ['admin'],
      identities: [{ platform: 'shell', userId: 'lee' }],
      teamId: null,
      timeZone: null,
      shift: null,
    });
  }, 120_000);
  afterAll(async () => {
    await f.cleanup();
  });

  it('gives a lead the week the report describes, and nobody else anything', async () => {
    const figures = createHomeFigures({
      directory: () => f.db.store.directory,
      openSource: () => openReportQueries(f.db.url),
      recontactMs: 7 * 24 * 3_600_000,
      logger: createMemoryLogger(),
      // Monday 9 March at midnight: the last 7 days are the story's week (Monday to Sunday),
      // CASE-1008 of 9 March 10:00 is not in them yet.
      now: () => new Date('2026-03-09T00:00:00Z'),
    });
    try {
      const lead = await figures.figuresFor({
        platform: 'shell',
        userId: 'lee',
        displayName: 'Lee',
      });
      expect(lead?.heading).toBe('The last 7 days');
      const rows = Object.fromEntries((lead?.rows ?? []).map((row) => [row.label, row.value]));
      // The report's own figures for that week (report-story.test.ts works them out by hand).
      expect(rows['Deflection rate']).toBe('12.5 % (1 of 8 decided questions)');
      expect(rows['Cases opened']).toBe('6');
      expect(rows['SLA attainment']).toMatch(
        /^\d+(\.\d)? % on time \(\d+ met, 1 met late, 1 breached\)$/,
      );
      expect(
        await figures.figuresFor({ platform: 'shell', userId: 'kim', displayName: 'Kim' }),
      ).toBeNull();
      expect(
        await figures.figuresFor({ platform: 'shell', userId: 'alice@acme', displayName: 'Alice' }),
      ).toBeNull();
    } finally {
      await figures.close();
    }
  });
});
