// The flag dialog's choices come from the core: the severities of the author's tier (none when no
// case will be opened), the policy's default preselected, and whether the platform can remove posts.
import { describe, expect, it } from 'vitest';
import { addDevelopmentCustomer, deskFixtureForEachTest } from './desk-fixture.js';

const f = deskFixtureForEachTest();

const message = {
  platform: 'shell' as const,
  channelId: 'community',
  threadId: null,
  messageId: 'c1',
};

describe('the flag dialog', () => {
  it('refuses a non-moderator before anything is shown', async () => {
    const form = await f.desk.flagForm({
      actor: f.actor(f.world.alice),
      message,
      author: { userId: 'bob@globex', displayName: 'Bob' },
    });
    expect(form).toMatchObject({ kind: 'notice', text: expect.stringContaining('moderators') });
    expect(f.shell.log).toHaveLength(0);
  });

  it('offers the author’s tier’s severities with the default chosen; removal where the port can', async () => {
    const form = await f.desk.flagForm({
      actor: f.actor(f.world.mo),
      message,
      author: { userId: 'bob@globex', displayName: 'Bob' },
    });
    expect(form).toMatchObject({ kind: 'flag-form', authorName: 'Bob', defaultSeverity: 3 });
    if (form.kind !== 'flag-form') return;
    expect(form.severityOptions.map((s) => s.value)).toEqual([1, 2, 3]);
    expect(form.canRemove).toBe(typeof f.shell.removeMessage === 'function');
    f.shell.removeMessage = async () => ({ removed: true });
    const again = await f.desk.flagForm({
      actor: f.actor(f.world.mo),
      message,
      author: { userId: 'bob@globex', displayName: 'Bob' },
    });
    expect(again).toMatchObject({ canRemove: true });
  });

  it('a Development author is offered developer support (4) only', async () => {
    await addDevelopmentCustomer(f);
    const form = await f.desk.flagForm({
      actor: f.actor(f.world.mo),
      message,
      author: { userId: 'dana@devco', displayName: 'Dana' },
    });
    expect(form).toMatchObject({ kind: 'flag-form', orgName: 'DevCo', defaultSeverity: 4 });
    expect(form.kind === 'flag-form' && form.severityOptions.map((s) => s.value)).toEqual([4]);
  });

  it('an author linked to no org: no severity to choose (no case will be opened)', async () => {
    const form = await f.desk.flagForm({
      actor: f.actor(f.world.mo),
      message,
      author: { userId: 'stranger', displayName: 'Stray' },
    });
    expect(form).toMatchObject({
      kind: 'flag-form',
      orgName: null,
      severityOptions: [],
      defaultSeverity: null,
    });
  });
});
