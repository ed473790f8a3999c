// A failed case form's empty thread whose process stopped within the retry window (its removal
// timer died with it): the next process finds it among the guild's threads and removes it, and
// leaves alone a case's thread (also one its customer was never added to) and the thread of a
// form it still waits on. Real discord.js against one fake Discord, two processes one after the other.
import { afterEach, expect, test } from 'vitest';
import { buttonPress } from '../fakes/discord/payloads.js';
import type { Desk } from '../../src/core/conversation/desk.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/fake-discord.js';
import { startHarness, waitFor, type Harness } from './harness.js';
import { as, botMessage, buttonIds, recordingDeskFor, submitFormAsAlice } from './helpers.js';

const WINDOW_MS = 300;
const running: Harness<Desk>[] = [];
let shared: FakeDiscord | null = null;
afterEach(async () => {
  for (const harness of running.splice(0)) await harness.stop().catch(() => undefined);
  await shared?.close();
  shared = null;
});

async function processWith(options: {
  abandonedThreadMs: number;
  fake?: Harness<Desk>['fake'];
  /** The cases as the store keeps them across processes: the earlier process's desk. */
  casesOf?: Desk;
}) {
  const { casesOf } = options;
  const harness = await startHarness<Desk>({
    makeDesk: (context) => {
      const desk = recordingDeskFor(context);
      return casesOf ? { ...desk, hasCaseAt: (place) => casesOf.hasCaseAt(place) } : desk;
    },
    config: { abandonedThreadMs: options.abandonedThreadMs },
    ...(options.fake ? { fake: options.fake } : {}),
  });
  running.push(harness);
  return harness;
}

const invalid = { title: 'Red', situation: 'All shards unassigned', seriousness: '' };
const valid = { title: 'Cluster red', situation: 'All shards unassigned', seriousness: 'Sale' };

const madeThreads = (h: Harness<Desk>) =>
  h.fake.rest
    .find('POST', /^\/channels\/\d+\/threads$/)
    .map((r) => (r.response as { id: string }).id);
const deleted = (h: Harness<Desk>) =>
  h.fake.rest.find('DELETE', /^\/channels\/\d+$/).map((r) => r.path.split('/')[2]);

test('the next process removes the empty thread a stopped one left, and keeps the threads of cases', async () => {
  // Two processes one after the other on one Discord; the first would wait an hour, and stops.
  shared = await startFakeDiscord();
  const first = await processWith({ abandonedThreadMs: 60 * 60 * 1000, fake: shared });
  // A case whose customer could not be added (the process died there, or Discord refused): its
  // thread is as empty as a given-up form's, but a case names it.
  shared.rest.failNext({ method: 'PUT', path: /\/thread-members\//, status: 403, times: 1 });
  await submitFormAsAlice(first, { ...valid, title: 'Cluster yellow' });
  await submitFormAsAlice(first, valid);
  // Last: a new form would remove the failed one's thread itself.
  await submitFormAsAlice(first, invalid);
  const [unjoinedCaseThread, caseThread, emptyThread] = madeThreads(first);
  expect(emptyThread).toBeDefined();
  expect(deleted(first)).toEqual([]);
  await first.stop();
  running.splice(running.indexOf(first), 1);

  const next = await processWith({
    abandonedThreadMs: WINDOW_MS,
    fake: shared,
    casesOf: first.desk,
  });
  await waitFor(() => (deleted(next).includes(emptyThread) ? true : undefined));
  expect(next.fake.rest.channels.has(emptyThread!)).toBe(false);
  // Later sweeps (every window) still keep the cases' threads.
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS * 2));
  expect(deleted(next)).toEqual([emptyThread]);
  expect(next.fake.rest.channels.has(caseThread!)).toBe(true);
  expect(next.fake.rest.channels.has(unjoinedCaseThread!)).toBe(true);
});

test('a form its person is still retrying keeps its thread, however old, through the sweeps', async () => {
  const h = await processWith({ abandonedThreadMs: WINDOW_MS });
  const failed = await submitFormAsAlice(h, invalid);
  const [thread] = madeThreads(h);
  const retryId = buttonIds(failed.data)[0]!;
  const sweeps = () => h.fake.rest.find('GET', /^\/guilds\/\d+\/threads\/active$/).length;
  // *Retry* every half window restarts the form's own removal; the thread grows older than the
  // window, and the sweeps that run meanwhile must leave it to the form.
  const sweepsBefore = sweeps();
  const started = Date.now();
  while (Date.now() - started < WINDOW_MS * 4) {
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS / 2));
    await h.interact(
      buttonPress({
        ...as(h.fake, 'alice'),
        customId: retryId,
        message: botMessage(h.fake, h.fake.world.channels.support.id, failed.data),
      }),
    );
  }
  expect(sweeps() - sweepsBefore).toBeGreaterThanOrEqual(3);
  expect(deleted(h)).toEqual([]);
  expect(h.fake.rest.channels.has(thread!)).toBe(true);
});
