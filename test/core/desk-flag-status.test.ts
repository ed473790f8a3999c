// The Desk's flag, status and queue flows, and how unexpected failures reach people.
// Real SQLite store and KB, recording ChatPorts and a fake clock (see desk-fixture.ts).
import { describe, expect, it } from 'vitest';
import { deskFixtureForEachTest, openThroughDesk } from './desk-fixture.js';

const f = deskFixtureForEachTest();

describe('flagging', () => {
  it('moves a public post to a private case for its author; the public thread gets a neutral note only', async () => {
    const message = {
      platform: 'shell' as const,
      channelId: 'community',
      threadId: null,
      messageId: 'c1',
    };
    const refused = await f.desk.flag({
      actor: f.actor(f.world.alice),
      message,
      author: { userId: 'bob@globex', displayName: 'Bob' },
      text: 'prod down, key SECRET',
    });
    expect(refused).toMatchObject({
      tone: 'warning',
      text: expect.stringContaining('Only community moderators'),
    });
    expect(f.shell.log).toHaveLength(0);
    const done = await f.desk.flag({
      actor: f.actor(f.world.mo),
      message,
      author: { userId: 'bob@globex', displayName: 'Bob' },
      text: 'prod down, key SECRET',
    });
    expect(done).toMatchObject({ tone: 'success', text: expect.stringContaining('CASE-1001') });
    const publicPosts = f.shell.log.filter(
      (r) => r.op === 'post' && r.place?.channelId === 'community',
    );
    expect(publicPosts).toHaveLength(1);
    expect(JSON.stringify(publicPosts[0]?.view)).not.toContain('SECRET');
    const created = await f.db.store.cases.byReference('CASE-1001');
    expect(created).toMatchObject({
      requesterId: f.world.bob.id,
      orgId: f.world.globex.id,
      customerPlace: expect.objectContaining({ channelId: 'private-bob@globex' }),
    });
    expect(
      f.shell.log.some(
        (r) =>
          r.op === 'post' &&
          r.view?.kind === 'case-alert' &&
          r.place?.channelId === 'team-platform',
      ),
    ).toBe(true);
  });
});

describe('status and queue', () => {
  it('shows each customer only their own org’s open cases, and engineers the team queue by time left', async () => {
    await openThroughDesk(f, f.world.alice, { severity: '3' });
    await openThroughDesk(f, f.world.bob, { severity: '1' });
    const alice = await f.desk.status(f.actor(f.world.alice));
    expect(alice.kind === 'case-list' && alice.cases.map((c) => c.caseReference)).toEqual([
      'CASE-1001',
    ]);
    const bob = await f.desk.status(f.actor(f.world.bob));
    expect(bob.kind === 'case-list' && bob.cases.map((c) => c.caseReference)).toEqual([
      'CASE-1002',
    ]);
    const queue = await f.desk.queue(f.actor(f.world.kim));
    expect(queue.kind === 'case-list' && queue.cases.map((c) => c.caseReference)).toEqual([
      'CASE-1002',
      'CASE-1001',
    ]);
    expect(await f.desk.queue(f.actor(f.world.alice))).toMatchObject({ kind: 'notice' });
  });
});

describe('errors', () => {
  it('turns an unexpected failure into a notice with a reference id that is also logged', async () => {
    f.ctx.store = {
      ...f.db.store,
      cases: { ...f.db.store.cases, list: async () => Promise.reject(new Error('disk on fire')) },
    };
    const notice = await f.desk.status(f.actor(f.world.alice));
    expect(notice).toMatchObject({
      kind: 'notice',
      tone: 'error',
      errorReference: expect.stringMatching(/^ERR-[0-9A-Z]{8}$/),
    });
    const reference = notice.kind === 'notice' ? notice.errorReference : undefined;
    expect(notice.kind === 'notice' && notice.text).toContain(reference);
    expect(f.logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        fields: expect.objectContaining({ errorReference: reference, error: 'disk on fire' }),
      }),
    );
  });
});

describe('flagging with the moderator’s choices', () => {
  const message = {
    platform: 'shell' as const,
    channelId: 'community',
    threadId: null,
    messageId: 'c9',
  };
  const author = { userId: 'bob@globex', displayName: 'Bob' };
  const text = 'prod down since 10:00, here is our licence key SECRET-123';

  it('opens the case at the severity the moderator chose, within the author’s tier', async () => {
    const done = await f.desk.flag({
      actor: f.actor(f.world.mo),
      message,
      author,
      text,
      severity: 1,
    });
    expect(done.tone).toBe('success');
    expect((await f.db.store.cases.byReference('CASE-1001'))?.severity).toBe(1);
  });

  it('refuses a severity the author’s tier cannot open, before anything moves', async () => {
    const refused = await f.desk.flag({
      actor: f.actor(f.world.mo),
      message,
      author,
      text,
      severity: 9,
    });
    expect(refused.tone).toBe('warning');
    expect(refused.text).toMatch(/1 \(Urgent\)/);
    expect(f.shell.log).toHaveLength(0);
    expect(await f.db.store.cases.list({})).toHaveLength(0);
  });

  it('removes the original post when asked, and keeps its text on the case', async () => {
    const removed: unknown[] = [];
    f.shell.removeMessage = async (target) => {
      removed.push(target);
      return { removed: true };
    };
    const done = await f.desk.flag({
      actor: f.actor(f.world.mo),
      message,
      author,
      text,
      removeOriginal: true,
    });
    expect(removed).toEqual([message]);
    expect(done.text).toMatch(/original post was removed/);
    const created = await f.db.store.cases.byReference('CASE-1001');
    expect(created?.situation).toBe(text);
    const flagged = (await f.db.store.events.forCase(created!.id)).find(
      (e) => e.kind === 'flagged',
    );
    expect(JSON.stringify(flagged?.data)).toContain('SECRET-123');
  });

  it('says clearly when the platform refuses to remove the original', async () => {
    f.shell.removeMessage = async () => ({
      removed: false,
      reason: 'casebot lacks the Manage Messages permission there.',
    });
    const done = await f.desk.flag({
      actor: f.actor(f.world.mo),
      message,
      author,
      text,
      removeOriginal: true,
    });
    expect(done.text).toMatch(/could not be removed: casebot lacks the Manage Messages permission/);
    expect(await f.db.store.cases.list({})).toHaveLength(1);
  });
});
