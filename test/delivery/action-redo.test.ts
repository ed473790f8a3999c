// Case actions redone after their process died with the change committed (the delivery worker
// redoes the platform request): the press that made the change reads as done and the messages that
// follow it go out once; any other press, redone too, is still refused.
import { describe, expect, it } from 'vitest';
import { createDesk } from '../../src/core/conversation/create-desk.js';
import type { Actor, Desk } from '../../src/core/conversation/desk.js';
import { withWork } from '../../src/core/delivery/work-scope.js';
import type { NoticeView } from '../../src/core/views.js';
import { deskFixtureForEachTest, openThroughDesk, recordingPort } from '../core/desk-fixture.js';
import type { DeskFixture } from '../core/desk-fixture.js';
import { durable, hangingPort, later, MINUTE } from './durable-helpers.js';

type Press = (desk: Desk, actor: Actor, reference: string) => Promise<NoticeView>;

interface ActionCase {
  name: string;
  /** Brings the case where the action applies. */
  before: (f: DeskFixture, reference: string) => Promise<unknown>;
  press: Press;
}

const claimed = (f: DeskFixture, reference: string) =>
  f.desk.act(f.actor(f.world.kim), reference, 'claim');
const act =
  (action: 'resolve' | 'unclaim' | 'pending' | 'reopen' | 'close'): Press =>
  (desk, actor, reference) =>
    desk.act(actor, reference, action);

const ACTIONS: ActionCase[] = [
  { name: 'resolve', before: claimed, press: act('resolve') },
  { name: 'close', before: claimed, press: act('close') },
  { name: 'unclaim', before: claimed, press: act('unclaim') },
  { name: 'pending', before: claimed, press: act('pending') },
  {
    name: 'reopen',
    before: async (f, reference) => {
      await claimed(f, reference);
      await f.desk.act(f.actor(f.world.kim), reference, 'resolve');
    },
    press: act('reopen'),
  },
  {
    name: 'reassign',
    before: claimed,
    press: (desk, actor, reference) => desk.reassign(actor, reference, 'sam'),
  },
  {
    name: 'severity change',
    before: claimed,
    press: (desk, actor, reference) =>
      desk.changeSeverity({
        actor,
        caseIdOrReference: reference,
        severity: 3,
        reason: 'the workaround holds',
      }),
  },
];

/** What the team and the customer were sent (posts), as text. */
const posted = (log: ReturnType<typeof recordingPort>['log']) =>
  log.filter((r) => r.op === 'post').map((r) => (r.view as NoticeView | null)?.text ?? '');

describe('a case action whose process died after committing its change', () => {
  const f = deskFixtureForEachTest();

  /** Process A makes the change as work W1 and dies on its first message. */
  async function diedAfterChange(action: ActionCase, reference: string): Promise<void> {
    const dead = hangingPort(recordingPort('shell'));
    const deskA = createDesk({ ...f.ctx, ports: { shell: durable(f.db, dead, 'A') } });
    void withWork('slack:block_actions:W1', () =>
      action.press(deskA, f.actor(f.world.kim), reference),
    );
    await expect.poll(() => dead.calls).toBe(1);
  }

  /** Process B, after every lease ran out, redoes `work`. */
  function processB() {
    const alive = recordingPort('shell');
    const desk = createDesk({
      ...f.ctx,
      ports: { shell: durable(f.db, alive, 'B', later(10 * MINUTE)) },
    });
    const redo = (action: ActionCase, work: string, reference: string) =>
      withWork(work, () => action.press(desk, f.actor(f.world.kim), reference), { redo: true });
    return { alive, redo };
  }

  for (const action of ACTIONS) {
    it(`${action.name}: redone as done, its messages sent once; another press redone is refused`, async () => {
      const reference = await openThroughDesk(f, f.world.bob, { severity: '2' });
      await action.before(f, reference);
      // What one uninterrupted press sends, measured on a twin case.
      const twin = await openThroughDesk(f, f.world.bob, { severity: '2' });
      await action.before(f, twin);
      const reference_ = recordingPort('shell');
      const deskRef = createDesk({ ...f.ctx, ports: { shell: durable(f.db, reference_, 'R') } });
      await withWork('slack:block_actions:R1', () =>
        action.press(deskRef, f.actor(f.world.kim), twin),
      );
      const expected = posted(reference_.log).map((text) => text.replaceAll(twin, reference));
      expect(expected.length).toBeGreaterThan(0);

      await diedAfterChange(action, reference);
      const b = processB();
      const redone = await b.redo(action, 'slack:block_actions:W1', reference);
      expect(redone.tone).toBe('success');
      expect(posted(b.alive.log)).toEqual(expected);
      // Done again (a second redo of the same press): nothing more is sent.
      expect((await b.redo(action, 'slack:block_actions:W1', reference)).tone).toBe('success');
      // Another press of the same person, redone, did not make the change: it is refused.
      const other = await b.redo(action, 'slack:block_actions:W2', reference);
      expect(other.tone).not.toBe('success');
      expect(posted(b.alive.log)).toEqual(expected);
    });
  }

  it('a change overtaken by a later one of its kind is not redone as done: nothing contradicts the case', async () => {
    const reference = await openThroughDesk(f, f.world.bob, { severity: '2' });
    const severity = ACTIONS.find((action) => action.name === 'severity change')!;
    await severity.before(f, reference);
    await diedAfterChange(severity, reference);
    // Meanwhile Kim raises it again: the case is no longer what the first press made it.
    await withWork('slack:block_actions:W3', () =>
      f.desk.changeSeverity({
        actor: f.actor(f.world.kim),
        caseIdOrReference: reference,
        severity: 1,
        reason: 'it spread to production',
      }),
    );
    const b = processB();
    const redone = await b.redo(severity, 'slack:block_actions:W1', reference);
    expect(redone.tone).not.toBe('success');
    expect(posted(b.alive.log)).toEqual([]);
  });
});
