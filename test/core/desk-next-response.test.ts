// The next-response milestone (Premier preset): a customer's message after an engineer's reply
// starts it, a second message keeps the running clock, the next engineer reply meets it, and the
// SLA loop warns on it like any other milestone.
import { beforeEach, describe, expect, it } from 'vitest';
import { SlaAlertLoop } from '../../src/core/alerts/sla-alert-loop.js';
import type { Person, Place, SlaMilestone } from '../../src/core/model.js';
import {
  alertThreadOf,
  deskFixtureForEachTest,
  openThroughDesk,
  addPremierCustomer,
} from './desk-fixture.js';

const f = deskFixtureForEachTest({ policy: 'premier' });
let pat: Person;
let reference: string;
let alertThread: Place;
const customerThread: Place = { platform: 'shell', channelId: 'support', threadId: 'q-pat' };
const MIN = 60_000;

beforeEach(async () => {
  pat = await addPremierCustomer(f);
  // Severity 1 on Premier: first and next response within 1 hour, 24/7.
  reference = await openThroughDesk(f, pat, { severity: '1' }, 'q-pat');
  alertThread = await alertThreadOf(f, reference);
});

const engineerSays = (text: string) =>
  f.desk.message({ actor: f.actor(f.world.sam), place: alertThread, text });
const customerSays = (text: string) =>
  f.desk.message({ actor: f.actor(pat), place: customerThread, text });

async function nextResponse(): Promise<SlaMilestone | undefined> {
  const stored = await f.db.store.cases.byReference(reference);
  const milestones = await f.db.store.milestones.forCase(stored?.id ?? '');
  return milestones.find((m) => m.kind === 'next-response');
}

describe('next response', () => {
  it('does not start before any engineer has replied', async () => {
    f.clock.advance(5 * MIN);
    await customerSays('anyone there?');
    expect(await nextResponse()).toBeUndefined();
  });

  it('starts on the customer’s reply, keeps its clock, is met by the next engineer reply and restarts', async () => {
    f.clock.advance(10 * MIN);
    expect(await engineerSays('Which version?')).toMatchObject({
      text: expect.stringContaining('First response recorded'),
    });
    f.clock.advance(10 * MIN); // 09:20
    await customerSays('v8.11.2');
    expect(await nextResponse()).toMatchObject({
      startedAt: new Date('2026-03-02T09:20:00Z'),
      dueAt: new Date('2026-03-02T10:20:00Z'),
      businessHours: false,
      metAt: null,
      // The first warning threshold (50 %) of the Premier preset.
      nextCheckAt: new Date('2026-03-02T09:50:00Z'),
    });
    f.clock.advance(10 * MIN);
    await customerSays('also on staging');
    expect((await nextResponse())?.startedAt).toEqual(new Date('2026-03-02T09:20:00Z'));

    f.clock.advance(10 * MIN); // 09:40
    expect(await engineerSays('Please try v8.11.3')).toMatchObject({
      text: expect.stringContaining('Next response recorded'),
    });
    expect(await nextResponse()).toMatchObject({
      metAt: new Date('2026-03-02T09:40:00Z'),
      nextCheckAt: null,
    });

    f.clock.advance(20 * MIN); // 10:00
    await customerSays('still failing');
    expect(await nextResponse()).toMatchObject({
      startedAt: new Date('2026-03-02T10:00:00Z'),
      dueAt: new Date('2026-03-02T11:00:00Z'),
      metAt: null,
    });
  });

  it('is watched by the SLA loop', async () => {
    f.clock.advance(10 * MIN);
    await engineerSays('Which version?');
    await customerSays('v8.11.2'); // 09:10, due 10:10
    f.clock.advance(31 * MIN);
    const report = await new SlaAlertLoop(f.ctx).tick();
    expect(report.warnings).toBe(1);
    expect((await nextResponse())?.warnedAt).toBe(0.5);
  });
});
