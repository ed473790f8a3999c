// The Desk's talk flow: relays between the alert thread and the customer's thread, internal notes, SLA milestones.
// Real SQLite store and KB, recording ChatPorts and a fake clock (see desk-fixture.ts).
import { describe, expect, it } from 'vitest';
import { withWork } from '../../src/core/delivery/work-scope.js';
import type { RelayView } from '../../src/core/views.js';
import { alertThreadOf, deskFixtureForEachTest, openThroughDesk } from './desk-fixture.js';

const f = deskFixtureForEachTest();

describe('talking on a case', () => {
  it('relays engineer replies to the customer (meeting the first response) and customer replies back; notes stay internal', async () => {
    const reference = await openThroughDesk(f, f.world.alice, {}, 'q7');
    const stored = await f.db.store.cases.byReference(reference);
    const alertThread = await alertThreadOf(f, reference);
    await f.desk.act(f.actor(f.world.sam), reference, 'claim');
    f.clock.advance(10 * 60_000);
    const sent = await f.desk.message({
      actor: f.actor(f.world.sam),
      place: alertThread,
      text: 'Hello Alice, which version?',
    });
    expect(sent).toMatchObject({
      tone: 'success',
      text: expect.stringContaining('First response recorded'),
    });
    const relay = f.shell.log.filter((r) => r.view?.kind === 'relay');
    expect(relay.at(-1)).toMatchObject({
      place: { channelId: 'support', threadId: 'q7' },
      view: { fromName: 'Sam Rivera', fromRole: 'engineer', text: 'Hello Alice, which version?' },
    });
    const milestones = await f.db.store.milestones.forCase(stored?.id ?? '');
    expect(milestones.find((m) => m.kind === 'first-response')?.metAt?.toISOString()).toBe(
      '2026-03-02T09:10:00.000Z',
    );

    const before = f.shell.log.length;
    expect(
      await f.desk.message({
        actor: f.actor(f.world.sam),
        place: alertThread,
        text: '// customer is on the buggy build',
      }),
    ).toMatchObject({ text: expect.stringContaining('Internal note') });
    expect(
      await f.desk.message({
        actor: f.actor(f.world.sam),
        place: alertThread,
        text: '!note second note',
      }),
    ).toMatchObject({ text: expect.stringContaining('Internal note') });
    expect(f.shell.log.slice(before).filter((r) => r.op === 'post')).toHaveLength(0);

    await f.desk.message({
      actor: f.actor(f.world.alice),
      place: { platform: 'shell', channelId: 'support', threadId: 'q7' },
      text: 'v8.11.2',
    });
    expect(f.shell.log.at(-1)).toMatchObject({
      place: alertThread,
      view: {
        kind: 'relay',
        fromName: 'Alice Martin',
        fromRole: 'customer',
        text: 'v8.11.2',
      } as RelayView,
    });
  });

  it('says so when a relay cannot be delivered, on either side, and records it undelivered', async () => {
    const reference = await openThroughDesk(f, f.world.alice, {}, 'q8');
    const stored = await f.db.store.cases.byReference(reference);
    const alertThread = await alertThreadOf(f, reference);
    await f.desk.act(f.actor(f.world.sam), reference, 'claim');
    f.shell.failPosts = true;
    expect(
      await f.desk.message({
        actor: f.actor(f.world.alice),
        place: { platform: 'shell', channelId: 'support', threadId: 'q8' },
        text: 'any news?',
      }),
    ).toMatchObject({
      tone: 'warning',
      text: expect.stringContaining(
        `could not be reached just now; your message is kept on ${reference}`,
      ),
    });
    expect(
      await f.desk.message({
        actor: f.actor(f.world.sam),
        place: alertThread,
        text: 'Looking now.',
      }),
    ).toMatchObject({
      tone: 'warning',
      text: expect.stringContaining('The customer could not be reached'),
    });
    const replies = (await f.db.store.events.forCase(stored?.id ?? '')).filter(
      (e) => e.kind === 'replied',
    );
    expect(replies.map((e) => e.data)).toEqual([
      expect.objectContaining({ side: 'customer', delivered: false }),
      expect.objectContaining({ side: 'engineer', delivered: false }),
    ]);
  });

  it('records a relay redone after a crash once: the redo finds its first run’s reply', async () => {
    const reference = await openThroughDesk(f, f.world.alice, {}, 'q9');
    const stored = await f.db.store.cases.byReference(reference);
    const alertThread = await alertThreadOf(f, reference);
    await f.desk.act(f.actor(f.world.sam), reference, 'claim');
    const reply = (text: string) => () =>
      f.desk.message({ actor: f.actor(f.world.sam), place: alertThread, text });
    const customerPlace = { platform: 'shell', channelId: 'support', threadId: 'q9' } as const;
    await withWork('shell:event:1', reply('Which version?'));
    // The process died before marking the event done; the next one redoes it under its key.
    await withWork('shell:event:1', reply('Which version?'), { redo: true });
    await withWork('shell:event:2', () =>
      f.desk.message({ actor: f.actor(f.world.alice), place: customerPlace, text: 'v8.11.2' }),
    );
    await withWork(
      'shell:event:2',
      () =>
        f.desk.message({ actor: f.actor(f.world.alice), place: customerPlace, text: 'v8.11.2' }),
      { redo: true },
    );
    // Another piece of work saying the same is another reply.
    await withWork('shell:event:3', reply('Which version?'));
    const replies = (await f.db.store.events.forCase(stored?.id ?? '')).filter(
      (e) => e.kind === 'replied',
    );
    expect(replies.map((e) => [e.data.side, e.data.work])).toEqual([
      ['engineer', 'shell:event:1'],
      ['customer', 'shell:event:2'],
      ['engineer', 'shell:event:3'],
    ]);
  });

  it('returns null for a place that belongs to no case', async () => {
    expect(
      await f.desk.message({
        actor: f.actor(f.world.alice),
        place: { platform: 'shell', channelId: 'support', threadId: 'nope' },
        text: 'hi',
      }),
    ).toBeNull();
  });
});
