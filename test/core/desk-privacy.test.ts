// Staff-only internal notes, and refusals that never confirm another org's case exists: a
// customer of another org hears exactly what they would hear for a case number nobody uses.
import { beforeEach, describe, expect, it } from 'vitest';
import type { CaseAction } from '../../src/core/conversation/desk.js';
import type { Place } from '../../src/core/model.js';
import { alertThreadOf, deskFixtureForEachTest, openThroughDesk } from './desk-fixture.js';

const f = deskFixtureForEachTest();
let reference: string;
let alertThread: Place;
beforeEach(async () => {
  reference = await openThroughDesk(f, f.world.alice, {}, 'q7');
  alertThread = await alertThreadOf(f, reference);
});

async function eventKinds(): Promise<string[]> {
  const stored = await f.db.store.cases.byReference(reference);
  return (await f.db.store.events.forCase(stored?.id ?? '')).map((e) => e.kind);
}

describe('internal notes', () => {
  it('refuses another org’s customer as if the case did not exist, and stores nothing', async () => {
    const before = f.shell.log.length;
    const answer = await f.desk.message({
      actor: f.actor(f.world.bob),
      place: alertThread,
      text: '// I can write on Acme’s case',
    });
    expect(answer).toMatchObject({
      kind: 'notice',
      tone: 'warning',
      text: `There is no case ${reference}.`,
    });
    expect(await eventKinds()).not.toContain('internal-note');
    expect(f.shell.log.slice(before).filter((r) => r.op === 'post')).toHaveLength(0);
  });

  it('refuses the case’s own customer too: notes are for staff', async () => {
    const answer = await f.desk.message({
      actor: f.actor(f.world.alice),
      place: alertThread,
      text: '!note let me in',
    });
    expect(answer).toMatchObject({
      tone: 'warning',
      text: expect.stringContaining('Only support engineers'),
    });
    expect(await eventKinds()).not.toContain('internal-note');
  });

  it('keeps an engineer’s note', async () => {
    await f.desk.message({ actor: f.actor(f.world.sam), place: alertThread, text: '// noted' });
    expect(await eventKinds()).toContain('internal-note');
  });
});

describe('another org’s case', () => {
  it('answers every action like a missing case', async () => {
    const actions: CaseAction[] = ['claim', 'unclaim', 'resolve', 'reopen', 'close'];
    for (const action of actions) {
      const missing = await f.desk.act(f.actor(f.world.bob), 'CASE-9999', action);
      const hidden = await f.desk.act(f.actor(f.world.bob), reference, action);
      expect(missing.text).toBe('There is no case CASE-9999.');
      expect(hidden).toMatchObject({ tone: missing.tone, text: `There is no case ${reference}.` });
    }
    expect(await f.desk.reassign(f.actor(f.world.bob), reference, 'kim')).toMatchObject({
      text: `There is no case ${reference}.`,
    });
    expect((await f.db.store.cases.byReference(reference))?.status).toBe('open');
  });

  it('does not relay a message from another org’s customer in the case thread', async () => {
    const before = f.shell.log.length;
    const answer = await f.desk.message({
      actor: f.actor(f.world.bob),
      place: { platform: 'shell', channelId: 'support', threadId: 'q7' },
      text: 'hello?',
    });
    expect(answer).toMatchObject({ tone: 'warning', text: `There is no case ${reference}.` });
    expect(f.shell.log.slice(before)).toHaveLength(0);
  });

  it('still lets the org’s own customer close their case', async () => {
    expect(await f.desk.act(f.actor(f.world.alice), reference, 'close')).toMatchObject({
      tone: 'success',
    });
  });
});
