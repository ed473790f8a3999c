// The Desk's claim race and case lifecycle (unclaim, reassign, resolve, reopen, close).
// Real SQLite store and KB, recording ChatPorts and a fake clock (see desk-fixture.ts).
import { describe, expect, it } from 'vitest';
import type { CaseAlertView, NoticeView } from '../../src/core/views.js';
import { deskFixtureForEachTest, openThroughDesk } from './desk-fixture.js';

const f = deskFixtureForEachTest();

describe('claiming', () => {
  it('lets exactly one of many simultaneous claims win; the others are told who has it', async () => {
    const reference = await openThroughDesk(f, f.world.alice);
    const team = f.world.team;
    const engineers = [f.world.sam, f.world.kim];
    for (let i = 0; i < 8; i++) {
      engineers.push(
        await f.db.store.directory.upsertPerson({
          handle: `eng${i}`,
          displayName: `Engineer ${i}`,
          orgId: null,
          roles: ['engineer'],
          identities: [{ platform: 'shell', userId: `eng${i}` }],
          teamId: team.id,
          timeZone: 'UTC',
          shift: null,
        }),
      );
    }
    const results = await Promise.all(
      engineers.map((e) => f.desk.act(f.actor(e), reference, 'claim')),
    );
    const winners = results.filter((r) => r.tone === 'success');
    expect(winners).toHaveLength(1);
    const owner = (await f.db.store.cases.byReference(reference))?.assigneeId;
    const ownerName = engineers.find((e) => e.id === owner)?.displayName ?? '?';
    for (const loser of results.filter((r) => r.tone !== 'success'))
      expect(loser.text).toBe(`${reference} is already claimed by ${ownerName}.`);
    const update = f.shell.log
      .filter((r) => r.op === 'update' && r.view?.kind === 'case-alert')
      .at(-1)?.view as CaseAlertView;
    expect(update).toMatchObject({
      state: 'claimed',
      assignee: expect.objectContaining({ displayName: ownerName }),
    });
    const told = f.shell.log.find(
      (r) =>
        r.op === 'post' &&
        r.place?.threadId !== undefined &&
        r.view?.kind === 'notice' &&
        r.place?.channelId === 'support',
    );
    expect((told?.view as NoticeView).text).toBe(
      `${ownerName} from support is on ${reference} now.`,
    );
  });

  it('refuses a customer', async () => {
    const reference = await openThroughDesk(f, f.world.alice);
    expect(await f.desk.act(f.actor(f.world.alice), reference, 'claim')).toMatchObject({
      tone: 'warning',
    });
  });
});

describe('unclaim, reassign, resolve, reopen, close', () => {
  it('lets only the holder unclaim, and tells the customer about a reassignment', async () => {
    const reference = await openThroughDesk(f, f.world.alice);
    await f.desk.act(f.actor(f.world.sam), reference, 'claim');
    expect(await f.desk.act(f.actor(f.world.kim), reference, 'unclaim')).toMatchObject({
      tone: 'warning',
    });
    expect(await f.desk.act(f.actor(f.world.sam), reference, 'unclaim')).toMatchObject({
      tone: 'success',
    });
    expect((await f.db.store.cases.byReference(reference))?.assigneeId).toBeNull();
    const alert = f.shell.log.filter((r) => r.op === 'update').at(-1)?.view as CaseAlertView;
    expect(alert).toMatchObject({ state: 'new', assignee: null });
    await f.desk.act(f.actor(f.world.sam), reference, 'claim');
    expect(await f.desk.reassign(f.actor(f.world.sam), reference, 'kim')).toMatchObject({
      tone: 'success',
      text: `${reference} is now with Kim Tanaka.`,
    });
    // The customer's thread is told (the new owner gets a direct message too: issue 12 item 3).
    expect(f.shell.log.filter((r) => r.place?.channelId === 'support').at(-1)).toMatchObject({
      place: { channelId: 'support' },
      view: { kind: 'notice', text: `Kim Tanaka from support is on ${reference} now.` },
    });
  });

  it('lets the customer reopen a resolved case within the window only', async () => {
    const first = await openThroughDesk(f, f.world.alice);
    const second = await openThroughDesk(f, f.world.alice);
    for (const reference of [first, second])
      await f.desk.act(f.actor(f.world.sam), reference, 'resolve');
    expect(f.shell.log.at(-1)).toMatchObject({
      place: { channelId: 'support' },
      view: { text: expect.stringContaining('Reopen it within 7 days') },
    });
    f.clock.advance(2 * 86_400_000);
    expect(await f.desk.act(f.actor(f.world.bob), first, 'reopen')).toMatchObject({
      tone: 'warning',
    });
    // Wednesday 10:00 Paris: the reopen target (Gold High's first response, 1 business day).
    expect(await f.desk.act(f.actor(f.world.alice), first, 'reopen')).toMatchObject({
      tone: 'success',
      text: `${first} is open again. A response is due Thursday 10:00 (Europe/Paris).`,
    });
    expect(f.shell.log.at(-1)).toMatchObject({
      place: { channelId: 'team-platform' },
      view: {
        text: `Alice Martin reopened ${first}. A response is due Thursday 09:00 (UTC).`,
      },
    });
    expect((await f.db.store.cases.byReference(first))?.status).toBe('open');
    f.clock.advance(6 * 86_400_000);
    expect(await f.desk.act(f.actor(f.world.alice), second, 'reopen')).toMatchObject({
      tone: 'warning',
      text: expect.stringContaining('can no longer be reopened'),
    });
    expect(await f.desk.act(f.actor(f.world.alice), second, 'close')).toMatchObject({
      tone: 'success',
    });
    expect((await f.db.store.cases.byReference(second))?.status).toBe('closed');
  });
});
