// Availability and shifts changed from chat (issue 12 item 4), in the store: they persist and are
// read at once by routing (and by another replica), `away until` ends by itself, and the setup
// sync writes a field only when the file's value changed: a chat change outlives an unchanged
// file, a changed field wins over chat, and a field removed from the file returns to its default.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { parseSetup } from '../../src/config/setup-loader.js';
import { syncSetup } from '../../src/config/setup-sync.js';
import { availabilityAt } from '../../src/core/routing/availability.js';
import { suggestAssignee } from '../../src/core/routing/suggest-assignee.js';
import { createTestDb, type TestDb } from '../helpers/db.js';
import { describeOnEachProvider } from '../helpers/each-provider.js';

/** One engineer; `extra` is appended to Sam's entry (e.g. `    availability: away`). */
const setupWith = (extra = '') => `policy: elastic
teams:
  - slug: search
    name: Search
    products: [Elasticsearch]
    channels: { slack: C1 }
people:
  - handle: sam
    name: Sam
    roles: [engineer]
    team: search
    timeZone: Asia/Tokyo
    slack: U1
${extra}`;

const NOW = new Date('2026-03-02T10:00:00Z');

describeOnEachProvider(
  'availability from chat',
  (provider) => {
    let db: TestDb;
    beforeEach(async () => {
      db = await createTestDb(provider);
    });
    afterEach(async () => {
      await db.cleanup();
    });

    const sync = (text: string) => syncSetup(db.store, parseSetup(text, 'casebot.yml'));
    const sam = async () => {
      const person = await db.store.directory.personByHandle('sam');
      if (!person) throw new Error('sam is not in the directory');
      return person;
    };

    it('an away with an end persists, is seen by another replica, and ends by itself', async () => {
      await sync(setupWith());
      const { id, teamId } = await sam();
      const until = new Date('2026-03-02T12:00:00Z');
      await db.store.directory.setAvailability(id, 'away', until);
      const other = await db.openAnother();
      const seen = await other.directory.personById(id);
      expect(seen).toMatchObject({ availability: 'away', awayUntil: until });
      const stored = await sam();
      expect(availabilityAt(stored, NOW)).toBe('away');
      expect(await suggestAssignee(db.store, teamId, NOW)).toBeNull();
      const later = new Date('2026-03-02T12:00:00Z');
      expect(availabilityAt(stored, later)).toBe('available');
      expect((await suggestAssignee(db.store, teamId, later))?.handle).toBe('sam');
      // Back: no end kept.
      await db.store.directory.setAvailability(id, 'available', null);
      expect(await sam()).toMatchObject({ availability: 'available', awayUntil: null });
    });

    it('a shift set in chat persists with its time zone', async () => {
      await sync(setupWith());
      await db.store.directory.setShift(
        (await sam()).id,
        { start: '22:00', end: '06:00', days: [1, 2, 3, 4, 5] },
        'Europe/Paris',
      );
      expect(await sam()).toMatchObject({
        timeZone: 'Europe/Paris',
        shift: { start: '22:00', end: '06:00', days: [1, 2, 3, 4, 5] },
      });
    });

    it('deleting `availability: away` from the file makes the person available again', async () => {
      await sync(setupWith('    availability: away\n'));
      expect((await sam()).availability).toBe('away');
      await sync(setupWith());
      expect((await sam()).availability).toBe('available');
    });

    it('a chat change outlives syncs of an unchanged file; a changed field in the file wins', async () => {
      await sync(setupWith('    shift: { start: "09:00", end: "18:00" }\n'));
      const { id } = await sam();
      await db.store.directory.setAvailability(id, 'away', new Date('2026-03-05T00:00:00Z'));
      await db.store.directory.setShift(
        id,
        { start: '08:00', end: '17:00', days: [1, 2, 3] },
        'UTC',
      );
      // A restart syncs the same file: the chat changes hold.
      await sync(setupWith('    shift: { start: "09:00", end: "18:00" }\n'));
      expect(await sam()).toMatchObject({
        availability: 'away',
        timeZone: 'UTC',
        shift: { start: '08:00', end: '17:00', days: [1, 2, 3] },
      });
      // The lead edits the shift in the file: the file wins for the shift, not for availability.
      await sync(setupWith('    shift: { start: "10:00", end: "19:00" }\n'));
      expect(await sam()).toMatchObject({
        availability: 'away',
        timeZone: 'Asia/Tokyo',
        shift: { start: '10:00', end: '19:00', days: [1, 2, 3, 4, 5] },
      });
      // The file now says training: it wins and the chat's end is dropped.
      await sync(
        setupWith('    shift: { start: "10:00", end: "19:00" }\n    availability: training\n'),
      );
      expect(await sam()).toMatchObject({ availability: 'training', awayUntil: null });
      // And removing the shift from the file leaves no shift.
      await sync(setupWith('    availability: training\n'));
      expect((await sam()).shift).toBeNull();
    });
  },
  'test/store',
);
