// *Why this time?* through the Desk (issue 12 item 6), Premier preset on a real SQLite store: a
// paused target says so with the time it keeps; once resumed, the windows counted (before and
// after the wait) add up to the target and the wait is listed as not counted; another org's
// customer gets "no such case".
import { beforeEach, describe, expect, it } from 'vitest';
import type { Person, Place } from '../../src/core/model.js';
import {
  alertThreadOf,
  deskFixtureForEachTest,
  openThroughDesk,
  addPremierCustomer,
} from './desk-fixture.js';

const f = deskFixtureForEachTest({ policy: 'premier' });
const MIN = 60_000;
let pat: Person;
let reference: string;
const customerThread: Place = { platform: 'shell', channelId: 'support', threadId: 'q-pat' };

beforeEach(async () => {
  pat = await addPremierCustomer(f);
  // Severity 1 on Premier: first and next response within 1 hour, 24/7. Monday 09:00 UTC.
  reference = await openThroughDesk(f, pat, { severity: '1' }, 'q-pat');
  const alertThread = await alertThreadOf(f, reference);
  await f.desk.act(f.actor(f.world.sam), reference, 'claim');
  await f.desk.message({ actor: f.actor(f.world.sam), place: alertThread, text: 'Which version?' });
  f.clock.advance(5 * MIN);
  // The customer's answer starts the next-response clock at 09:05 UTC (10:05 in Paris).
  await f.desk.message({ actor: f.actor(pat), place: customerThread, text: 'v8.11, logs below' });
  f.clock.advance(20 * MIN);
  await f.desk.act(f.actor(f.world.sam), reference, 'pending');
});

describe('Why this time? through the Desk', () => {
  it('a paused target lists the open pause and the time it keeps', async () => {
    const why = await f.desk.explain(f.actor(pat), reference);
    expect(why.tone).toBe('info');
    expect(why.text).toContain(`Why this time? ${reference}: Next response due`);
    expect(why.text).toContain('Counted 20min: Mon 2 Mar 10:05–10:25 20min');
    expect(why.text).toContain(
      'Paused: waiting on the customer Mon 2 Mar 10:25 → the customer replies',
    );
    expect(why.text).toContain('The clock is paused with 40 min left');
  });

  it('a resumed target counts both sides of the wait and lists the wait as not counted', async () => {
    f.clock.advance(3 * 60 * MIN);
    await f.desk.message({ actor: f.actor(pat), place: customerThread, text: 'here you go' });
    const why = await f.desk.explain(f.actor(f.world.sam), reference);
    expect(why.text).toContain(
      'Next response due Monday 2 March 2026 14:05 (Europe/Paris) = 2026-03-02T13:05:00.000Z',
    );
    expect(why.text).toContain(
      'Counted 1h: Mon 2 Mar 10:05–10:25 20min, Mon 2 Mar 13:25–14:05 40min',
    );
    expect(why.text).toContain(
      'Paused: waiting on the customer Mon 2 Mar 10:25 → Mon 2 Mar 13:25: 3h not counted',
    );
    expect(why.text).toMatch(/Rule: .+ × .+\(1\), cloud: next response within 1 hour, 24\/7/);
  });

  it('another org’s customer is answered as if the case did not exist', async () => {
    const why = await f.desk.explain(f.actor(f.world.bob), reference);
    expect(why.tone).toBe('warning');
    expect(why.text).toContain(`There is no case ${reference}`);
  });
});
