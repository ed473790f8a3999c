// A message the platform did not take yet is named by its journal key, not by a platform-shaped
// stand-in: the real core opens a case while the platform is down, the alert waits in the
// journal, calls naming it (the claim's update, a reply in its thread) wait behind it, and once
// another process sends it the case's alert place names the real message.
import { describe, expect, it } from 'vitest';
import { createDesk } from '../../src/core/conversation/create-desk.js';
import { withWork } from '../../src/core/delivery/work-scope.js';
import type { ChatPort } from '../../src/core/ports/platform.js';
import type { Place } from '../../src/core/model.js';
import type { CaseAlertView, NoticeView } from '../../src/core/views.js';
import { deskFixtureForEachTest, openThroughDesk, recordingPort } from '../core/desk-fixture.js';
import { durable, hangingPort, later, MINUTE, notice, worker } from './durable-helpers.js';
import { messageRef } from '../../src/core/delivery/message-ref.js';

const outage = () => Object.assign(new Error('HTTP 503'), { status: 503 });

/** A shell port whose posts and updates fail for now while `down.now` holds. */
function flakyShell() {
  const port = recordingPort('shell');
  const down = { now: true };
  const flaky: ChatPort = {
    ...port,
    post: (p, v) => (down.now ? Promise.reject(outage()) : port.post(p, v)),
    update: (m, v) => (down.now ? Promise.reject(outage()) : port.update(m, v)),
  };
  return { port, flaky, down };
}

/** A port that, when it starts sending a post, first runs `update` (once) and waits for it. */
function updatingWhilePosting(inner: ChatPort, update: () => Promise<void>): ChatPort {
  let updating: Promise<void> | null = null;
  return {
    ...inner,
    post: async (p, v) => {
      updating ??= update();
      await updating;
      return inner.post(p, v);
    },
  };
}

describe('a case alert posted while the platform is down', () => {
  const f = deskFixtureForEachTest();

  async function openDuringOutage() {
    const { port, flaky, down } = flakyShell();
    const a = durable(f.db, flaky, 'A');
    const desk = createDesk({ ...f.ctx, ports: { shell: a } });
    const reference = await openThroughDesk({ ...f, desk }, f.world.bob, { severity: '2' });
    const opened = (await f.db.store.cases.byReference(reference))!;
    return { port, flaky, down, a, desk, reference, opened };
  }

  it('is named by its key meanwhile, then sent by another process, and its case follows it', async () => {
    const { port, flaky, down, opened } = await openDuringOutage();
    expect(opened.alertPlace?.messageId).toMatch(/^key:/);
    expect(opened.alertPlace?.threadId).toBe(opened.alertPlace?.messageId);
    expect(port.log.filter((r) => r.op === 'post' && r.view?.kind === 'case-alert')).toEqual([]);
    down.now = false;
    const b = durable(f.db, flaky, 'B', later(MINUTE));
    await worker(f.db, { shell: b }, later(MINUTE)).pass();
    const alert = port.log.find((r) => r.view?.kind === 'case-alert')!;
    expect(alert.messageId).toBeTruthy();
    // A restart reads the case from the store: it names the sent message, and an answer written
    // in the alert's thread finds it.
    const after = (await f.db.store.cases.byReference(opened.reference))!;
    expect(after.alertPlace).toMatchObject({
      channelId: alert.place!.channelId,
      threadId: alert.messageId,
      messageId: alert.messageId,
    });
    const inThread: Place = { ...after.alertPlace!, messageId: null };
    expect((await f.db.store.cases.byPlace(inThread))?.id).toBe(opened.id);
  });

  it('sends the alert showing the claim made while it waited, then a reply in its thread', async () => {
    const { port, flaky, down, desk, reference, opened } = await openDuringOutage();
    await desk.act(f.actor(f.world.kim), reference, 'claim');
    const a = durable(f.db, flaky, 'A');
    const thread = { ...opened.alertPlace!, messageId: null };
    await withWork('test:reply', () => a.post(thread, notice('in the thread')));
    down.now = false;
    const b = durable(f.db, flaky, 'B', later(10 * MINUTE));
    await worker(f.db, { shell: b }, later(10 * MINUTE)).pass();
    const alerts = port.log.filter((r) => r.view?.kind === 'case-alert');
    // The claim's update became the waiting alert's content: one post, showing the owner.
    expect(alerts.map((r) => r.op)).toEqual(['post']);
    expect((alerts[0]!.view as CaseAlertView).assignee?.displayName).toBe(f.world.kim.displayName);
    const alert = port.log.indexOf(alerts[0]!);
    const reply = port.log.findIndex((r) => r.place?.threadId === alerts[0]!.messageId);
    expect(reply).toBeGreaterThan(alert);
    expect(port.log.some((r) => JSON.stringify(r.place ?? {}).includes('key:'))).toBe(false);
    expect((await f.db.store.journal.figures(new Date(Date.now() + 20 * MINUTE))).pending).toBe(0);
  });

  it('sends an update that came while its alert was being sent after the alert, to its real id', async () => {
    const { port, flaky, down, opened } = await openDuringOutage();
    down.now = false;
    const a = durable(f.db, flaky, 'A');
    const alertMessage = { place: opened.alertPlace!, messageId: opened.alertPlace!.messageId! };
    const b = durable(f.db, flaky, 'B', later(10 * MINUTE));
    // The alert is being sent: an update of it now cannot change what is sent.
    const sending = updatingWhilePosting(flaky, () =>
      withWork('test:update', () => a.update(alertMessage, notice('updated'))),
    );
    const sender = durable(f.db, sending, 'B', later(10 * MINUTE));
    await worker(f.db, { shell: sender }, later(10 * MINUTE)).pass();
    await worker(f.db, { shell: b }, later(20 * MINUTE)).pass();
    const alert = port.log.findIndex((r) => r.view?.kind === 'case-alert');
    const update = port.log.findIndex((r) => r.op === 'update');
    expect(alert).toBeGreaterThanOrEqual(0);
    expect(update).toBeGreaterThan(alert);
    expect(port.log[update]!.messageId).toBe(port.log[alert]!.messageId);
  });

  it('never puts an update named by the key back over a newer one sent to the real id', async () => {
    const { port, flaky, down, opened } = await openDuringOutage();
    down.now = false;
    const a = durable(f.db, flaky, 'A');
    const byKey = { place: opened.alertPlace!, messageId: opened.alertPlace!.messageId! };
    // The alert is being sent: the update naming it by key waits behind it.
    const sending = updatingWhilePosting(flaky, () =>
      withWork('test:older', () => a.update(byKey, notice('older'))),
    );
    await worker(
      f.db,
      { shell: durable(f.db, sending, 'B', later(10 * MINUTE)) },
      later(10 * MINUTE),
    ).pass();
    // The case names the sent message now: a newer update goes to its real id at once.
    const sent = (await f.db.store.cases.byReference(opened.reference))!.alertPlace!;
    await withWork('test:newer', () =>
      a.update({ place: sent, messageId: sent.messageId! }, notice('newer')),
    );
    const b = durable(f.db, flaky, 'B', later(20 * MINUTE));
    await worker(f.db, { shell: b }, later(20 * MINUTE)).pass();
    const updates = port.log
      .filter((r) => r.op === 'update')
      .map((r) => (r.view as NoticeView).text);
    expect(updates).toEqual(['newer']);
  });

  it('keeps what follows an alert waiting while the alert still fails, without spending its tries', async () => {
    const { flaky, reference, desk } = await openDuringOutage();
    await desk.act(f.actor(f.world.kim), reference, 'claim');
    const b = durable(f.db, flaky, 'B', later(10 * MINUTE));
    const pass = worker(f.db, { shell: b }, later(10 * MINUTE));
    for (let i = 0; i < 3; i += 1) await pass.pass();
    const figures = await f.db.store.journal.figures(new Date());
    expect(figures.refused).toBe(0);
    expect(figures.pending).toBeGreaterThanOrEqual(2);
  });

  it('looks again within seconds at a reply whose parent is being sent, not after its lease', async () => {
    const a = durable(f.db, hangingPort(recordingPort('shell')), 'A');
    const team = { platform: 'shell' as const, channelId: 'team', threadId: null };
    void withWork('test:parent', () => a.post(team, notice('parent')));
    const journal = f.db.store.journal;
    while ((await journal.figures(new Date())).pending === 0)
      await new Promise((r) => setTimeout(r, 5));
    const parent = messageRef('test:parent#post:team#1');
    await withWork('test:reply', () => a.post({ ...team, threadId: parent }, notice('reply')));
    const due = await journal.takeStale('B', new Date(Date.now() + 6_000), 60_000, 10);
    expect(due.map((row) => row.key)).toEqual([expect.stringMatching(/^test:reply#/)]);
  });

  it('refuses a reply whose parent will never be sent', async () => {
    const { port } = flakyShell();
    const a = durable(f.db, port, 'A');
    const orphan = { platform: 'shell' as const, channelId: 'team', threadId: 'key:gone#1' };
    await expect(a.post(orphan, notice('lost parent'))).rejects.toThrow('will never be sent');
    expect(port.log).toEqual([]);
  });
});
