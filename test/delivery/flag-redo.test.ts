// A flag (a moderator moves a public post to private support) whose process died mid-way and that
// is redone by another process: the redo finds the case the first run opened, and every message
// (note, alert, the author's notice and confirmation) reaches its place once.
import { describe, expect, it } from 'vitest';
import { createDesk } from '../../src/core/conversation/create-desk.js';
import type { FlagRequest } from '../../src/core/conversation/desk.js';
import { withWork } from '../../src/core/delivery/work-scope.js';
import type { NoticeView, PostedMessage } from '../../src/core/views.js';
import { deskFixtureForEachTest, recordingPort, type Recorded } from '../core/desk-fixture.js';
import type { RecordingPort } from '../core/desk-fixture.js';
import { durable, later, MINUTE } from './durable-helpers.js';

const WORK = 'slack:view:V-flag-1';

/** A port whose `n`th post never returns: its process is as good as dead there. */
function diesAtPost(n: number): RecordingPort & { posts: number } {
  const inner = recordingPort('shell');
  const port = { ...inner, posts: 0 } as RecordingPort & { posts: number };
  port.post = (place, view) => {
    port.posts += 1;
    if (port.posts === n) return new Promise<PostedMessage>(() => undefined);
    return inner.post(place, view);
  };
  return port;
}

const alerts = (log: Recorded[]) =>
  log.filter((r) => r.op === 'post' && r.view?.kind === 'case-alert');
const confirmations = (log: Recorded[]) =>
  log.filter((r) => r.op === 'post' && r.view?.kind === 'case-confirmation');

describe('a flag whose process died after opening the case', () => {
  const f = deskFixtureForEachTest();
  const request = (): FlagRequest => ({
    actor: f.actor(f.world.mo),
    message: { platform: 'shell', channelId: 'community', threadId: null, messageId: 'c1' },
    author: { userId: 'bob@globex', displayName: 'Bob' },
    text: 'prod down since the upgrade',
  });

  for (const [dieAt, what] of [
    [2, 'while posting the alert'],
    [3, 'after the alert, while telling the author'],
  ] as const) {
    it(`is redone on the same case, its messages sent once (died ${what})`, async () => {
      // Posts: the public note, the alert, the author's notice, their confirmation.
      const dead = diesAtPost(dieAt);
      const deskA = createDesk({ ...f.ctx, ports: { shell: durable(f.db, dead, 'A') } });
      void withWork(WORK, () => deskA.flag(request()));
      await expect.poll(() => dead.posts, { timeout: 10_000 }).toBe(dieAt);
      expect(await f.db.store.cases.byReference('CASE-1001')).not.toBeNull();

      const alive = recordingPort('shell');
      const deskB = createDesk({
        ...f.ctx,
        ports: { shell: durable(f.db, alive, 'B', later(10 * MINUTE)) },
      });
      const answer = await withWork(WORK, () => deskB.flag(request()), { redo: true });
      expect(answer).toMatchObject({ tone: 'success', text: expect.stringContaining('CASE-1001') });
      expect(await f.db.store.cases.byReference('CASE-1002')).toBeNull();
      const both = [...dead.log, ...alive.log];
      expect(alerts(both)).toHaveLength(1);
      expect(confirmations(both)).toHaveLength(1);
      const notes = both.filter((r) => r.op === 'post' && r.place?.channelId === 'community');
      expect(notes).toHaveLength(1);
      const opened = await f.db.store.cases.byReference('CASE-1001');
      expect(opened?.alertPlace?.messageId).toBe(alerts(both)[0]?.messageId);
      const flagged = (await f.db.store.events.forCase(opened!.id)).filter(
        (event) => event.kind === 'flagged',
      );
      expect(flagged).toHaveLength(1);
    });
  }

  it('redone by a process that never held the post’s text: the text the first run recorded is used', async () => {
    const dead = diesAtPost(2);
    const deskA = createDesk({ ...f.ctx, ports: { shell: durable(f.db, dead, 'A') } });
    void withWork(WORK, () => deskA.flag(request()));
    await expect.poll(() => dead.posts, { timeout: 10_000 }).toBe(2);
    const alive = recordingPort('shell');
    const deskB = createDesk({
      ...f.ctx,
      ports: { shell: durable(f.db, alive, 'B', later(10 * MINUTE)) },
    });
    const answer = await withWork(WORK, () => deskB.flag({ ...request(), text: null }), {
      redo: true,
    });
    expect(answer).toMatchObject({ tone: 'success', text: expect.stringContaining('CASE-1001') });
    expect(await f.db.store.cases.byReference('CASE-1002')).toBeNull();
    expect(alerts(alive.log)).toHaveLength(1);
    expect(confirmations(alive.log)).toHaveLength(1);
  });

  it('cut off before its case was opened, and without the post’s text: the moderator is asked to flag again', async () => {
    const dead = diesAtPost(1);
    const deskA = createDesk({ ...f.ctx, ports: { shell: durable(f.db, dead, 'A') } });
    void withWork(WORK, () => deskA.flag(request()));
    await expect.poll(() => dead.posts, { timeout: 10_000 }).toBe(1);
    const deskB = createDesk({
      ...f.ctx,
      ports: { shell: durable(f.db, recordingPort('shell'), 'B', later(10 * MINUTE)) },
    });
    const answer = await withWork(WORK, () => deskB.flag({ ...request(), text: null }), {
      redo: true,
    });
    expect(answer).toMatchObject({
      tone: 'warning',
      text: expect.stringContaining('flag the post again'),
    });
    expect(await f.db.store.cases.byReference('CASE-1001')).toBeNull();
  });

  it('done twice under the same work opens one case and posts one alert', async () => {
    const port = recordingPort('shell');
    const desk = createDesk({ ...f.ctx, ports: { shell: durable(f.db, port, 'A') } });
    const first = await withWork(WORK, () => desk.flag(request()));
    const again = await withWork(WORK, () => desk.flag(request()), { redo: true });
    expect((again as NoticeView).text).toBe((first as NoticeView).text);
    expect(await f.db.store.cases.byReference('CASE-1002')).toBeNull();
    expect(alerts(port.log)).toHaveLength(1);
    expect(confirmations(port.log)).toHaveLength(1);
  });
});
